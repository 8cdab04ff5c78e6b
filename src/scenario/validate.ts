import path from 'node:path';
import { z } from 'zod';
import { candidateFiles, splitFunctionRef } from './function-ref.js';
import { eventSizeProblem, findNonJson } from './json-check.js';

export { findNonJson };
import { strategyOf } from '../core/strategies.js';
import {
  DEFAULT_PREWARM_EVENT,
  DEFAULT_TIMEOUT_MS,
  RUNTIMES,
  STRATEGIES,
  type FunctionRef,
  type Json,
  type Scenario,
  type Strategy,
  type Variant,
} from './types.js';

const jsonValue = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is required' });
    return;
  }
  const bad = findNonJson(value);
  if (bad) {
    const fix = bad.tooDeep
      ? 'make the event flatter'
      : 'an event must be plain JSON (objects, arrays, strings, finite numbers, booleans, null)';
    ctx.addIssue({ code: 'custom', path: bad.path, message: `is ${bad.what}; ${fix}` });
    return;
  }
  const tooBig = eventSizeProblem(value);
  if (tooBig) ctx.addIssue({ code: 'custom', message: tooBig });
});

const variantSchema = z.strictObject({
  strategy: z.enum(STRATEGIES, { error: `must be one of ${STRATEGIES.join(', ')}` }).optional(),
  // Required unless the variant says derive: true (checked below, with a message that says so).
  handler: z.string({ error: 'must be a string of the form file.export, for example "lazy.handler"' }).optional(),
  initializer: z.string({ error: 'must be a string of the form file.export' }).optional(),
  derive: z
    .literal(true, { error: 'must be true (coldbench derives the variant from the scenario\'s "handler"), or be left out' })
    .optional(),
});

const scenarioSchema = z.strictObject({
  name: z
    .string({ error: 'must be a string' })
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-" (it names folders and CSV rows)'),
  description: z.string({ error: 'must be a string' }).optional(),
  runtime: z.enum(RUNTIMES, { error: `must be one of ${RUNTIMES.join(', ')}` }),
  event: jsonValue,
  prewarmEvent: jsonValue.optional(),
  env: z.record(z.string(), z.string({ error: 'values must be strings' }), { error: 'must map names to strings' }).optional(),
  timeoutMs: z.number({ error: 'must be a number of milliseconds' }).int().positive().optional(),
  memoryMb: z
    .number({ error: 'must be a number of MB' })
    .int()
    .min(128, 'must be at least 128 (MB), as on Lambda')
    .max(10240, 'must be at most 10240 (MB), as on Lambda')
    .optional(),
  requires: z
    .array(z.string().regex(/^[@A-Za-z_][\w.@/-]*$/, 'must hold module names, for example "numpy"'), {
      error: 'must be a list of module names, for example ["numpy", "pandas"]',
    })
    .optional(),
  python: z.string({ error: 'must be the path of a Python interpreter, for example "/usr/bin/python3"' }).min(1).optional(),
  aws: z
    .strictObject({
      layers: z
        .array(
          z
            .string()
            .regex(
              /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/,
              'must be a layer version ARN, for example "arn:aws:lambda:us-east-1:123456789012:layer:deps:3"',
            ),
        )
        .max(5, 'Lambda allows at most 5 layers per function')
        .optional(),
      runtime: z
        .string({ error: 'must be a Lambda runtime identifier, for example "nodejs24.x" or "python3.13"' })
        .regex(/^(nodejs\d+\.x|python3\.\d+)$/, 'must be a Lambda runtime identifier, for example "nodejs24.x" or "python3.13"')
        .optional(),
    })
    .optional(),
  handler: z.string({ error: 'must be a string of the form file.export, for example "index.handler"' }).optional(),
  lazy: z.array(z.string().min(1), { error: 'must be a list of modules as the handler imports them, for example ["pdf-lib"]' }).optional(),
  variants: z
    .record(z.string(), variantSchema, { error: 'must map variant names to { strategy, handler, initializer? }' })
    .refine((v) => Object.keys(v).length > 0, 'must name at least one variant'),
});

/** The value at a path inside a raw definition (zod does not always report the input of an issue). */
function valueAt(raw: unknown, at: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of at) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/**
 * Checks one scenario definition and resolves its handler files.
 * Pure apart from `fileExists`, so that it is tested without a disk.
 * Every error names the scenario file, the field and what to do.
 */
export function validateScenario(raw: unknown, file: string, fileExists: (absolutePath: string) => boolean): ValidationResult {
  const where = (field: string) => `${file}: field "${field}"`;
  if (raw === undefined) {
    return { ok: false, errors: [`${file}: has no default export; export the scenario with "export default defineScenario({ ... })"`] };
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.') || '(root)';
      if (issue.code === 'unrecognized_keys') {
        const prefix = field === '(root)' ? '' : `${field}.`;
        return `${file}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${prefix}${k}"`).join(', ')}; remove or rename ${issue.keys.length > 1 ? 'them' : 'it'}`;
      }
      if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) return `${where(field)} is required`;
      return `${where(field)} ${issue.message}`;
    });
    return { ok: false, errors };
  }
  const input = parsed.data;
  const dir = path.dirname(file);
  const errors: string[] = [];
  if (input.python !== undefined && input.runtime !== 'python') {
    errors.push(`${where('python')} applies to the python runtime only; remove it or set "runtime" to "python"`);
  }

  const resolveRef = (ref: string, field: string): FunctionRef | undefined => {
    const split = splitFunctionRef(ref);
    if ('problem' in split) {
      errors.push(`${where(field)}: ${split.problem}`);
      return undefined;
    }
    if (
      input.runtime === 'python' &&
      !split.modulePath
        .replace(/\.py$/, '')
        .split('/')
        .every((part) => /^[A-Za-z_]\w*$/.test(part))
    ) {
      errors.push(
        `${where(field)}: "${ref}" does not name an importable Python module (each part of the path must be a Python identifier: letters, digits, "_"); rename the file`,
      );
      return undefined;
    }
    const candidates = candidateFiles(split.modulePath, input.runtime);
    const found = candidates.map((c) => path.join(dir, c)).find((p) => fileExists(p));
    if (!found) {
      errors.push(`${where(field)}: no file for "${ref}" (looked for ${candidates.join(', ')} in ${dir}); create it or fix the name`);
      return undefined;
    }
    return { ref, file: found, exportName: split.exportName };
  };

  const variants: Variant[] = [];
  const derived: { name: string; strategy: Strategy }[] = [];
  for (const [name, v] of Object.entries(input.variants)) {
    const field = `variants.${name}`;
    if (!/^[A-Za-z0-9][\w.-]*$/.test(name)) {
      errors.push(`${where(field)}: variant name "${name}" must be letters, digits, ".", "_" or "-"`);
    }
    const strategy = v.strategy ?? ((STRATEGIES as readonly string[]).includes(name) ? (name as Strategy) : undefined);
    if (!strategy) {
      errors.push(
        `${where(`${field}.strategy`)} is required because "${name}" is not itself a strategy name; set it to one of ${STRATEGIES.join(', ')}`,
      );
      continue;
    }
    if (v.derive) {
      if (v.handler !== undefined || v.initializer !== undefined) {
        errors.push(
          `${where(field)}: a variant with derive: true names no files ("handler", "initializer"); coldbench derives it from the scenario's "handler"; remove them or remove derive`,
        );
      }
      if (!strategyOf(strategy).derivable) {
        errors.push(
          `${where(field)}: strategy ${strategy} cannot be derived (it needs no code change: write the variant with the handler, for example { strategy: '${strategy}', handler: 'app.handler' })`,
        );
        continue;
      }
      derived.push({ name, strategy });
      continue;
    }
    if (v.handler === undefined) {
      errors.push(
        `${where(`${field}.handler`)} is required (file.export, for example "lazy.handler"), unless the variant says derive: true`,
      );
      continue;
    }
    if (strategy === 'initializer' && !v.initializer) {
      errors.push(
        `${where(`${field}.initializer`)} is required for the initializer strategy; name the hook as file.export, for example "initializer.initializer"`,
      );
    }
    const handler = resolveRef(v.handler, `${field}.handler`);
    const initializer = v.initializer ? resolveRef(v.initializer, `${field}.initializer`) : undefined;
    if (handler) variants.push({ name, strategy, handler, ...(initializer ? { initializer } : {}) });
  }
  let derive: Scenario['derive'];
  if (derived.length > 0) {
    if (input.handler === undefined)
      errors.push(
        `${where('handler')} is required when variants say derive: true: name the one function they are derived from, for example "index.handler"`,
      );
    const handler = input.handler !== undefined ? resolveRef(input.handler, 'handler') : undefined;
    if (handler) derive = { handler, ...(input.lazy ? { lazy: input.lazy, lazyFrom: `field "lazy" in ${file}` } : {}), variants: derived };
  } else {
    if (input.handler !== undefined)
      errors.push(`${where('handler')} applies only when variants say derive: true; remove it or derive variants from it`);
    if (input.lazy !== undefined) errors.push(`${where('lazy')} applies only when variants say derive: true; remove it`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    scenario: {
      name: input.name,
      description: input.description ?? '',
      runtime: input.runtime,
      event: input.event as Json,
      prewarmEvent: (input.prewarmEvent ?? DEFAULT_PREWARM_EVENT) as Json,
      env: input.env ?? {},
      timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(input.memoryMb !== undefined ? { memoryMb: input.memoryMb } : {}),
      requires: input.requires ?? [],
      // A relative path is the scenario's own (a virtualenv next to it); a bare name is a command on PATH.
      ...(input.python !== undefined ? { python: input.python.includes('/') ? path.resolve(dir, input.python) : input.python } : {}),
      ...(input.aws ? { aws: input.aws } : {}),
      dir,
      file,
      variants,
      ...(derive ? { derive } : {}),
    },
  };
}
