import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { candidateFiles, splitFunctionRef } from '../scenario/function-ref.js';
import { ConfigError } from '../core/config-error.js';
import { findNonJson } from '../scenario/json-check.js';
import { strategyOf } from '../core/strategies.js';
import { DEFAULT_PREWARM_EVENT, DEFAULT_TIMEOUT_MS, RUNTIMES, STRATEGIES, type Json, type RuntimeName, type Scenario } from '../scenario/types.js';

export interface HandlerFlags {
  /** `path/to/index.handler`, relative to `cwd` or absolute. */
  handler: string;
  /** A JSON file with the event. */
  event?: string;
  runtime?: RuntimeName;
  lazy?: string[];
}

/** A scenario name from a folder name: lower-case letters, digits, ".", "_", "-". */
export function scenarioNameFor(dir: string): string {
  const name = path.basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return name || 'function';
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
    throw new ConfigError([`--handler ${flags.handler}: not of the form path/to/file.export (for example --handler examples/orders-api/index.handler)`]);
  }
  const absolute = path.resolve(cwd, flags.handler.slice(0, dot));
  const dir = path.dirname(absolute);
  const split = splitFunctionRef(`${path.basename(absolute)}${flags.handler.slice(dot)}`);
  if ('problem' in split) throw new ConfigError([`--handler ${flags.handler}: ${split.problem}`]);
  const runtimes: RuntimeName[] = flags.runtime ? [flags.runtime] : [...RUNTIMES];
  const found = runtimes.flatMap((runtime) => {
    const file = candidateFiles(split.modulePath, runtime).map((c) => path.join(dir, c)).find((f) => existsSync(f));
    return file ? [{ runtime, file }] : [];
  });
  if (found.length === 0) {
    const looked = runtimes.flatMap((r) => candidateFiles(split.modulePath, r)).join(', ');
    throw new ConfigError([`--handler ${flags.handler}: no handler file (looked for ${looked} in ${dir}); check the path, or name the runtime with --runtime node|python`]);
  }
  if (found.length > 1) {
    throw new ConfigError([`--handler ${flags.handler}: both ${found.map((f) => path.basename(f.file)).join(' and ')} exist; say which runtime with --runtime node or --runtime python`]);
  }
  const { runtime, file } = found[0]!;
  if (runtime === 'python' && !/^[A-Za-z_]\w*$/.test(path.basename(file, '.py'))) {
    throw new ConfigError([`--handler ${flags.handler}: "${path.basename(file)}" is not an importable Python module name (letters, digits, "_"); rename the file`]);
  }
  let event: Json = {};
  if (flags.event !== undefined) {
    const eventFile = path.resolve(cwd, flags.event);
    let text: string;
    try {
      text = readFileSync(eventFile, 'utf8');
    } catch (error) {
      throw new ConfigError([`--event ${flags.event}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a JSON file with the request event`]);
    }
    try {
      event = JSON.parse(text) as Json;
    } catch (error) {
      throw new ConfigError([`--event ${flags.event}: not JSON (${(error as Error).message}); give a JSON file with the request event`]);
    }
    const bad = findNonJson(event);
    if (bad) throw new ConfigError([`--event ${flags.event}: ${bad.what} at ${bad.path.join('.')}`]);
  }
  const exportName = split.exportName;
  return {
    name: scenarioNameFor(dir),
    description: `${path.basename(file)} as it is (--handler ${flags.handler}), with the lazy, initializer and prewarmed variants derived by coldbench`,
    runtime,
    event,
    prewarmEvent: DEFAULT_PREWARM_EVENT,
    env: {},
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
