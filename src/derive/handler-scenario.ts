import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { candidateFiles, splitFunctionRef } from '../scenario/function-ref.js';
import { ConfigError } from '../core/config-error.js';
import { eventSizeProblem, findNonJson, notJsonReason } from '../scenario/json-check.js';
import { strategyOf } from '../core/strategies.js';
import {
  DEFAULT_PREWARM_EVENT,
  DEFAULT_TIMEOUT_MS,
  RUNTIMES,
  STRATEGIES,
  type Json,
  type RuntimeName,
  type Scenario,
} from '../scenario/types.js';

export interface HandlerFlags {
  /** `path/to/index.handler`, relative to `cwd` or absolute. */
  handler: string;
  /** A JSON file with the event. */
  event?: string;
  runtime?: RuntimeName;
  lazy?: string[];
  /** `--env KEY=VALUE` (repeatable): variables the function's environments get, over those of --env-file. */
  env?: Record<string, string>;
  /** `--env-file FILE`: KEY=VALUE lines (dotenv syntax: comments, quotes), read with node:util parseEnv. */
  envFile?: string;
  /** `--name NAME`: the scenario's name (default: the handler file and export, `index.handler`). */
  name?: string;
}

/** What a scenario name may be (as in scenario.ts): it names folders and CSV rows. */
export const SCENARIO_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** A scenario name from any text (a folder, `file.export`): lower-case letters, digits, ".", "_", "-". */
export function scenarioNameFor(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return name || 'function';
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `KEY=VALUE` of one --env flag, or the problem with it. Pure. */
export function parseEnvEntry(entry: string): { key: string; value: string } | { problem: string } {
  const eq = entry.indexOf('=');
  const key = eq < 0 ? entry : entry.slice(0, eq);
  if (eq < 0 || !ENV_NAME.test(key))
    return {
      problem: `--env ${entry}: not KEY=VALUE with a variable name of letters, digits and "_" (for example --env BUCKET=my-bucket)`,
    };
  return { key, value: entry.slice(eq + 1) };
}

/** The variables of --env-file (read with node:util parseEnv) and --env (which win), each name checked. */
function environmentFrom(flags: HandlerFlags, cwd: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (flags.envFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(path.resolve(cwd, flags.envFile), 'utf8');
    } catch (error) {
      throw new ConfigError([
        `--env-file ${flags.envFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a file of KEY=VALUE lines`,
      ]);
    }
    for (const [key, value] of Object.entries(parseEnv(text))) {
      if (!ENV_NAME.test(key))
        throw new ConfigError([`--env-file ${flags.envFile}: "${key}" is not a variable name (letters, digits, "_"); fix the line`]);
      if (value !== undefined) env[key] = value;
    }
  }
  for (const [key, value] of Object.entries(flags.env ?? {})) {
    if (!ENV_NAME.test(key)) throw new ConfigError([`--env ${key}=…: "${key}" is not a variable name (letters, digits, "_")`]);
    env[key] = value;
  }
  return env;
}

/**
 * The scenario `--handler FILE.export` stands for: the function as it is, all
 * four strategies derived from it (see derive.ts). The runtime comes from the
 * file's ending unless `--runtime` names it. Every mistake names the flag and the fix.
 */
export function scenarioFromHandler(flags: HandlerFlags, cwd: string): Scenario {
  const dot = flags.handler.lastIndexOf('.');
  const slash = flags.handler.lastIndexOf('/');
  if (dot <= slash + 0 || dot === flags.handler.length - 1) {
    throw new ConfigError([
      `--handler ${flags.handler}: not of the form path/to/file.export (for example --handler examples/orders-api/index.handler)`,
    ]);
  }
  const absolute = path.resolve(cwd, flags.handler.slice(0, dot));
  const dir = path.dirname(absolute);
  const split = splitFunctionRef(`${path.basename(absolute)}${flags.handler.slice(dot)}`);
  if ('problem' in split) throw new ConfigError([`--handler ${flags.handler}: ${split.problem}`]);
  const runtimes: RuntimeName[] = flags.runtime ? [flags.runtime] : [...RUNTIMES];
  const found = runtimes.flatMap((runtime) => {
    const file = candidateFiles(split.modulePath, runtime)
      .map((c) => path.join(dir, c))
      .find((f) => existsSync(f));
    return file ? [{ runtime, file }] : [];
  });
  if (found.length === 0) {
    const looked = runtimes.flatMap((r) => candidateFiles(split.modulePath, r)).join(', ');
    throw new ConfigError([
      `--handler ${flags.handler}: no handler file (looked for ${looked} in ${dir}); check the path, or name the runtime with --runtime node|python`,
    ]);
  }
  if (found.length > 1) {
    throw new ConfigError([
      `--handler ${flags.handler}: both ${found.map((f) => path.basename(f.file)).join(' and ')} exist; say which runtime with --runtime node or --runtime python`,
    ]);
  }
  const { runtime, file } = found[0]!;
  if (runtime === 'python' && !/^[A-Za-z_]\w*$/.test(path.basename(file, '.py'))) {
    throw new ConfigError([
      `--handler ${flags.handler}: "${path.basename(file)}" is not an importable Python module name (letters, digits, "_"); rename the file`,
    ]);
  }
  let event: Json = {};
  if (flags.event !== undefined) {
    const eventFile = path.resolve(cwd, flags.event);
    let text: string;
    try {
      text = readFileSync(eventFile, 'utf8');
    } catch (error) {
      throw new ConfigError([
        `--event ${flags.event}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a JSON file with the request event`,
      ]);
    }
    try {
      event = JSON.parse(text) as Json;
    } catch (error) {
      throw new ConfigError([`--event ${flags.event}: ${notJsonReason(text, error as Error)}; give a JSON file with the request event`]);
    }
    const bad = findNonJson(event);
    if (bad) throw new ConfigError([`--event ${flags.event}: ${bad.what} at ${bad.path.join('.')}`]);
    if (eventSizeProblem(event)) throw new ConfigError([`--event ${flags.event}: ${eventSizeProblem(event)}`]);
  }
  const exportName = split.exportName;
  if (flags.name !== undefined && !SCENARIO_NAME.test(flags.name)) {
    throw new ConfigError([
      `--name ${flags.name}: must be lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (it names folders and CSV rows); for example --name ${scenarioNameFor(flags.name)}`,
    ]);
  }
  const env = environmentFrom(flags, cwd);
  return {
    name: flags.name ?? scenarioNameFor(`${path.basename(file).replace(/\.(mjs|cjs|js|py)$/, '')}.${exportName}`),
    description: `${path.basename(file)} as it is (--handler ${flags.handler}), with the lazy, initializer and prewarmed variants derived by coldbench`,
    runtime,
    event,
    prewarmEvent: DEFAULT_PREWARM_EVENT,
    env,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    requires: [],
    dir,
    file,
    variants: [],
    derive: {
      handler: { ref: `${path.basename(file).replace(/\.(mjs|cjs|js|py)$/, '')}.${exportName}`, file, exportName },
      ...(flags.lazy ? { lazy: flags.lazy, lazyFrom: 'flag --lazy' } : {}),
      variants: STRATEGIES.filter((s) => strategyOf(s).derivable).map((s) => ({ name: s, strategy: s })),
    },
  };
}
