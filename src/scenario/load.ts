import { existsSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Scenario } from './types.js';
import { ConfigError } from '../core/config-error.js';
import type { WorkerEntry } from './load-worker.js';

export const SCENARIO_FILE_NAMES = ['scenario.ts', 'scenario.mts', 'scenario.mjs', 'scenario.js'];

function scenarioFileIn(dir: string): string | undefined {
  return SCENARIO_FILE_NAMES.map((n) => path.join(dir, n)).find((f) => existsSync(f));
}

/**
 * The scenario files under a folder: the folder's own, or one per subfolder
 * that has one. Subfolders that are symbolic links are followed (a folder
 * reached twice counts once); a link that leads nowhere is an error naming it.
 */
export function findScenarioFiles(root: string): string[] {
  const dir = path.resolve(root);
  let stats: Stats;
  try {
    stats = statSync(dir);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new ConfigError([
      `--scenarios ${root}: ${e.code === 'ENOENT' ? 'no such folder' : unreachable(e)}; give a folder whose subfolders each hold a scenario.ts`,
    ]);
  }
  if (!stats.isDirectory()) {
    const hint = SCENARIO_FILE_NAMES.includes(path.basename(dir))
      ? `give the folder that holds it: --scenarios ${path.dirname(root) || '.'}`
      : 'give a folder whose subfolders each hold a scenario.ts';
    throw new ConfigError([`--scenarios ${root}: is a file, not a folder; ${hint}`]);
  }
  const own = scenarioFileIn(dir);
  if (own) return [own];
  const problems: string[] = [];
  const byRealPath = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const sub = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      try {
        if (!statSync(sub).isDirectory()) continue;
      } catch (error) {
        problems.push(
          `--scenarios ${root}: ${sub} is a symbolic link that ${unreachable(error as NodeJS.ErrnoException)}; fix or remove the link`,
        );
        continue;
      }
    } else if (!entry.isDirectory()) continue;
    const file = scenarioFileIn(sub);
    if (!file) continue;
    const real = realpathSync(file);
    if (!byRealPath.has(real)) byRealPath.set(real, file);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const files = [...byRealPath.values()].sort();
  if (files.length === 0) {
    throw new ConfigError([
      `${dir}: no scenario found; each scenario is a subfolder with a scenario.ts (see docs/scenarios.md, "Writing a scenario")`,
    ]);
  }
  return files;
}

/** Why a path cannot be reached, in words. */
function unreachable(error: NodeJS.ErrnoException): string {
  if (error.code === 'ELOOP') return 'is a loop of symbolic links';
  if (error.code === 'ENOENT') return 'leads to no such folder';
  if (error.code === 'ENOTDIR') return 'has a file where a folder should be on its path';
  if (error.code === 'EACCES') return 'cannot be read (permission denied)';
  return `cannot be read (${error.code ?? error.message})`;
}

/** The loader process's stderr line that names the file it is importing. */
export const LOADING_PREFIX = 'coldbench-load: ';

/** How long the loader process may take to import and check every scenario file. */
export const LOAD_TIMEOUT_MS = 60_000;

const here = fileURLToPath(import.meta.url);
const WORKER = path.join(path.dirname(here), `load-worker${path.extname(here)}`);

/**
 * Loads and validates scenario files in a separate, short-lived process.
 * Throws a ConfigError listing every problem in every file; a file whose
 * top-level code does not finish within `timeoutMs` (default LOAD_TIMEOUT_MS) is named.
 */
export async function loadScenarios(files: string[], options: { timeoutMs?: number } = {}): Promise<Scenario[]> {
  const timeoutMs = options.timeoutMs ?? LOAD_TIMEOUT_MS;
  const tsx = import.meta.resolve('tsx');
  const result = await execa(process.execPath, ['--import', tsx, WORKER, ...files], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    reject: false,
    timeout: timeoutMs,
  });
  const raw = result.stdio[3];
  if (result.exitCode !== 0 || typeof raw !== 'string' || raw === '') {
    const lines = String(result.stderr ?? '')
      .trim()
      .split('\n');
    const loading = lines
      .filter((l) => l.startsWith(LOADING_PREFIX))
      .pop()
      ?.slice(LOADING_PREFIX.length);
    if (result.timedOut && loading) {
      throw new ConfigError([
        `${loading}: cannot be loaded: its top-level code did not finish within ${timeoutMs / 1000} s (an await on something that never comes, or an endless loop); fix the file so that it imports promptly`,
      ]);
    }
    const stderr = lines
      .filter((l) => !l.startsWith(LOADING_PREFIX))
      .slice(-5)
      .join('\n');
    throw new ConfigError([
      `could not load scenario files (${loading ? `stopped at ${loading}` : files.join(', ')}): ${stderr || result.shortMessage}`,
    ]);
  }
  const entries = JSON.parse(raw) as WorkerEntry[];
  const problems = entries.flatMap((e) => (e.ok ? [] : e.errors));
  const scenarios = entries.flatMap((e) => (e.ok ? [e.scenario] : []));
  problems.push(...duplicateNameErrors(scenarios));
  if (problems.length > 0) throw new ConfigError(problems);
  return scenarios;
}

/** Keeps the scenarios named by `--only`, in the order given; unknown names are an error that lists the known ones. */
export function selectScenarios(scenarios: Scenario[], only: string[] | undefined): Scenario[] {
  if (!only || only.length === 0) return scenarios;
  only = [...new Set(only)]; // --only a,a runs a once
  const byName = new Map(scenarios.map((s) => [s.name, s]));
  const unknown = only.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    throw new ConfigError([
      `--only: no scenario named ${unknown.map((n) => `"${n}"`).join(', ')}; known scenarios: ${[...byName.keys()].join(', ')}`,
    ]);
  }
  return only.map((n) => byName.get(n)!);
}

/** Errors for scenario names used twice, naming both files. (Here, not in validate.ts, so that the harness never loads zod.) */
export function duplicateNameErrors(scenarios: Pick<Scenario, 'name' | 'file'>[]): string[] {
  const seen = new Map<string, string>();
  const errors: string[] = [];
  for (const s of scenarios) {
    const first = seen.get(s.name);
    if (first) errors.push(`${s.file}: field "name": "${s.name}" is already used by ${first}; scenario names must be unique`);
    else seen.set(s.name, s.file);
  }
  return errors;
}
