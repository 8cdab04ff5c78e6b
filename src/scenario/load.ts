import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** The scenario files under a folder: the folder's own, or one per subfolder that has one. */
export function findScenarioFiles(root: string): string[] {
  const dir = path.resolve(root);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ConfigError([`--scenarios ${root}: no such folder; give a folder whose subfolders each hold a scenario.ts`]);
  }
  const own = scenarioFileIn(dir);
  if (own) return [own];
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => scenarioFileIn(path.join(dir, e.name)))
    .filter((f): f is string => f !== undefined)
    .sort();
  if (files.length === 0) {
    throw new ConfigError([`${dir}: no scenario found; each scenario is a subfolder with a scenario.ts (see docs/scenarios.md, "Writing a scenario")`]);
  }
  return files;
}

const here = fileURLToPath(import.meta.url);
const WORKER = path.join(path.dirname(here), `load-worker${path.extname(here)}`);

/**
 * Loads and validates scenario files in a separate, short-lived process.
 * Throws a ConfigError listing every problem in every file.
 */
export async function loadScenarios(files: string[]): Promise<Scenario[]> {
  const tsx = import.meta.resolve('tsx');
  const result = await execa(process.execPath, ['--import', tsx, WORKER, ...files], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    reject: false,
    timeout: 60_000,
  });
  const raw = result.stdio[3];
  if (result.exitCode !== 0 || typeof raw !== 'string' || raw === '') {
    const stderr = String(result.stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new ConfigError([`could not load scenario files (${files.join(', ')}): ${stderr || result.shortMessage}`]);
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
  const byName = new Map(scenarios.map((s) => [s.name, s]));
  const unknown = only.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    throw new ConfigError([`--only: no scenario named ${unknown.map((n) => `"${n}"`).join(', ')}; known scenarios: ${[...byName.keys()].join(', ')}`]);
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
