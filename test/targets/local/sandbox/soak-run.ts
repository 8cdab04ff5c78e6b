/**
 * The soak test's harness process (run by soak.test.ts in a process of its own,
 * so that the test can check that it exits by itself): N cold environments of
 * a handler that forks, detaches, leaks a timer and floods its output.
 * argv: count marker sandbox|bare handler(node|python)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalEnvironment } from '../../../../src/targets/local/local-environment.js';
import { environmentSpec } from '../../../../src/targets/local/local-runner.js';
import { nodeRuntime } from '../../../../src/runtimes/node/node-runtime.js';
import { DEFAULT_PYTHON, pythonRuntime } from '../../../../src/runtimes/python/python-runtime.js';
import { validateScenario } from '../../../../src/scenario/validate.js';
import { existsSync } from 'node:fs';

const [count = '200', marker = 'coldbench-soak', mode = 'sandbox', runtime = 'node'] = process.argv.slice(2);
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures');
const python = runtime === 'python' ? await pythonRuntime.resolveInterpreter(DEFAULT_PYTHON) : undefined;
const result = validateScenario(
  {
    name: 'soak',
    runtime: runtime as 'node' | 'python',
    event: { marker, flood: true },
    timeoutMs: 10_000,
    variants: { v: { strategy: 'preload', handler: runtime === 'python' ? 'sandbox_escapes.handler' : 'escapes.handler' } },
  },
  path.join(fixtures, runtime === 'python' ? 'python' : 'handlers', 'scenario.ts'),
  existsSync,
);
if (!result.ok) throw new Error(result.errors.join('\n'));
const scenario = result.scenario;
const context = {
  region: 'eu-west-1',
  runtimeFor: () =>
    python ? { runtime: pythonRuntime, interpreter: python.path } : { runtime: nodeRuntime, interpreter: process.execPath },
};
let ok = 0;
let isolation = '';
for (let i = 0; i < Number(count); i++) {
  const env = new LocalEnvironment({
    ...environmentSpec(scenario, scenario.variants[0]!, context),
    ...(mode === 'sandbox' ? { sandbox: { memoryMb: 256 } } : {}),
  });
  isolation = env.isolation;
  try {
    if ((await env.request(scenario.event)).ok) ok++;
  } finally {
    await env.close();
  }
}
process.stdout.write(JSON.stringify({ ok, isolation }) + '\n');
// No process.exit: the test checks that nothing left keeps this process alive.
