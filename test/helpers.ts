import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import { nodeRuntime } from '../src/runtimes/node/node-runtime.js';
import { DEFAULT_PYTHON, pythonRuntime } from '../src/runtimes/python/python-runtime.js';
import { environmentSpec } from '../src/targets/local/local-runner.js';
import { EnvironmentFailure, LocalEnvironment } from '../src/targets/local/local-environment.js';
import type { Scenario, ScenarioInput } from '../src/scenario/types.js';
import { validateScenario } from '../src/scenario/validate.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const HANDLERS = path.join(FIXTURES, 'handlers');
export const PY_HANDLERS = path.join(FIXTURES, 'python');

/** A validated scenario over the fixture handlers (as if test/fixtures/handlers/scenario.ts defined it). */
export function fixtureScenario(input: Partial<ScenarioInput> & Pick<ScenarioInput, 'variants'>): Scenario {
  const result = validateScenario(
    { name: 'fixture', runtime: 'node', event: { n: 1 }, timeoutMs: 5000, ...input },
    path.join(HANDLERS, 'scenario.ts'),
    existsSync,
  );
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.scenario;
}

export const runnerContext = {
  region: 'eu-west-1',
  runtimeFor: () => ({ runtime: nodeRuntime, interpreter: process.execPath }),
};

/** A validated python scenario over test/fixtures/python. */
export function pythonFixtureScenario(input: Partial<ScenarioInput> & Pick<ScenarioInput, 'variants'>): Scenario {
  const result = validateScenario(
    { name: 'pyfixture', runtime: 'python', event: { n: 1 }, timeoutMs: 5000, ...input },
    path.join(PY_HANDLERS, 'scenario.ts'),
    existsSync,
  );
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.scenario;
}

/** The Python interpreter the tests use (resolved once: that also compiles the bootstrap). */
let python: Promise<string> | undefined;
export function resolvePython(): Promise<string> {
  python ??= pythonRuntime.resolveInterpreter(DEFAULT_PYTHON).then((i) => i.path);
  return python;
}

/** A runner context for python scenarios (call resolvePython() first). */
export async function pythonContext() {
  const interpreter = await resolvePython();
  return { region: 'eu-west-1', signal: new AbortController().signal, runtimeFor: () => ({ runtime: pythonRuntime, interpreter }) };
}

/** Starts an environment for one Python fixture handler; closed after the test. */
export async function startPythonFixture(
  handler: string,
  options: { initializer?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<LocalEnvironment> {
  const scenario = pythonFixtureScenario({
    timeoutMs: options.timeoutMs ?? 5000,
    env: options.env ?? {},
    variants: {
      v: {
        strategy: options.initializer ? 'initializer' : 'preload',
        handler,
        ...(options.initializer ? { initializer: options.initializer } : {}),
      },
    },
  });
  const env = new LocalEnvironment(environmentSpec(scenario, scenario.variants[0]!, await pythonContext()));
  open.push(env);
  return env;
}

/** Starts an environment for one fixture handler; closed after the test. */
const open: LocalEnvironment[] = [];
export function startFixture(
  handler: string,
  options: { initializer?: string; timeoutMs?: number; memoryMb?: number; env?: Record<string, string> } = {},
): LocalEnvironment {
  const scenario = fixtureScenario({
    timeoutMs: options.timeoutMs ?? 5000,
    ...(options.memoryMb ? { memoryMb: options.memoryMb } : {}),
    env: options.env ?? {},
    variants: {
      v: {
        strategy: options.initializer ? 'initializer' : 'preload',
        handler,
        ...(options.initializer ? { initializer: options.initializer } : {}),
      },
    },
  });
  const env = new LocalEnvironment(environmentSpec(scenario, scenario.variants[0]!, runnerContext));
  open.push(env);
  return env;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

/** A temporary folder removed after the test. */
const temps: string[] = [];
export function tempDir(prefix = 'coldbench-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The failure a request ends with; fails the test if it succeeded. */
export async function failureOf(request: Promise<unknown>): Promise<EnvironmentFailure> {
  const outcome = await request.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(EnvironmentFailure);
  return outcome.error as EnvironmentFailure;
}

/** An io for main() and the other entry points that keeps what they print, line by line. */
export function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}
