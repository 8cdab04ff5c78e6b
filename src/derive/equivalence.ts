import { isDeepStrictEqual } from 'node:util';
import { LocalEnvironment } from '../targets/local/local-environment.js';
import { environmentSpec, type LocalRunOptions } from '../targets/local/local-runner.js';
import type { Json, Scenario, Variant } from '../scenario/types.js';
import type { DerivationRecord } from '../core/derivation.js';

type Context = Pick<LocalRunOptions, 'region' | 'runtimeFor'>;

/** The first place where two JSON values differ, as a path (`$.items[2].price`), or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return at;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (d) return d;
    }
  }
  return at;
}

const show = (value: unknown) => {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

const valueAt = (value: unknown, at: string): unknown => {
  let v = value;
  for (const part of at.slice(1).match(/\.[^.[]+|\[\d+\]/g) ?? []) {
    if (v === null || typeof v !== 'object') return undefined;
    v = part.startsWith('[') ? (v as unknown[])[Number(part.slice(1, -1))] : (v as Record<string, unknown>)[part.slice(1)];
  }
  return v;
};

/** The line of an error that says what went wrong: a Python traceback's last line, else the first. */
export function errorSummary(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines[0]?.startsWith('Traceback') ? lines[lines.length - 1] : lines[0]) ?? text;
}

type Outcome = { ok: true; body: Json | undefined } | { ok: false; error: string };

/** One unmeasured environment of a variant, serving the scenario's event once. */
async function respond(scenario: Scenario, variant: Variant, ctx: Context): Promise<Outcome> {
  const env = new LocalEnvironment(environmentSpec(scenario, variant, ctx));
  try {
    const r = await env.request(scenario.event);
    return r.ok ? { ok: true, body: r.body } : { ok: false, error: r.error ?? 'the handler failed' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await env.close();
  }
}

/**
 * Before sampling: every derived variant must answer the scenario's event as the
 * original does (deep equal JSON). Returns the problems (a variant that differs,
 * with the first difference) for a ConfigError; notes for the record. When the
 * original answers two fresh environments differently (a timestamp, a random id),
 * responses cannot be compared: that is said, and the check is skipped.
 * Python: the lazy variant is asked through its probe export which lazy modules
 * the request ran (`record.loadedByRequest`).
 */
export async function checkEquivalence(scenario: Scenario, record: DerivationRecord, ctx: Context): Promise<{ problems: string[]; notes: string[] }> {
  const derivedNames = new Set(record.variants.filter((v) => v.strategy !== 'preload').map((v) => v.name));
  const derived = scenario.variants.filter((v) => derivedNames.has(v.name));
  if (derived.length === 0) return { problems: [], notes: [] };
  const original: Variant = { name: 'original', strategy: 'preload', handler: { ref: record.handler, file: record.file, exportName: derived[0]!.handler.exportName } };
  const first = await respond(scenario, original, ctx);
  if (!first.ok) {
    return { problems: [`${record.handler}: the original handler fails on the scenario's event, so the derived variants cannot be checked against it: ${errorSummary(first.error)}; fix the handler or the event (--event)`], notes: [] };
  }
  const again = await respond(scenario, original, ctx);
  if (!again.ok || !isDeepStrictEqual(first.body, again.body)) {
    const at = again.ok ? firstDifference(first.body, again.body)! : '$';
    return { problems: [], notes: [`responses not compared: the original answers the same event differently in two fresh environments (at ${at}); the derived variants were not checked against it`] };
  }
  const problems: string[] = [];
  for (const v of derived) {
    const probe = scenario.runtime === 'python' && v.strategy === 'lazy';
    const outcome = await respond(scenario, probe ? { ...v, handler: { ...v.handler, exportName: '_coldbench_probe' } } : v, ctx);
    if (!outcome.ok) {
      problems.push(`derived variant "${v.name}" (${record.handler}): fails where the original answers: ${errorSummary(outcome.error)}; its code is in ${record.folder}/${v.name}. Name the modules to load lazily with --lazy (or the field "lazy") to leave this one out`);
      continue;
    }
    let body = outcome.body;
    if (probe) {
      const wrapped = body as { body?: Json; loaded?: string[]; ranAtInit?: string[] } | null;
      record.loadedByRequest = wrapped?.loaded ?? [];
      record.ranAtInit = wrapped?.ranAtInit ?? [];
      body = wrapped?.body;
    }
    const at = firstDifference(first.body, body);
    if (at !== undefined) {
      problems.push(`derived variant "${v.name}" (${record.handler}): its response differs from the original's at ${at}: original ${show(valueAt(first.body, at))}, derived ${show(valueAt(body, at))}; refused before sampling. Its code is in ${record.folder}/${v.name}`);
    }
  }
  return { problems, notes: [] };
}
