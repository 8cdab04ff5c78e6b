/**
 * Run by fallback.test.ts as an unprivileged user: detects the sandbox, then
 * starts one environment that asks for a sandbox, and prints what happened.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeRuntime } from '../../../../src/runtimes/node/node-runtime.js';
import { LocalEnvironment } from '../../../../src/targets/local/local-environment.js';
import { environmentSpec } from '../../../../src/targets/local/local-runner.js';
import { detectSandboxSupport } from '../../../../src/targets/local/sandbox/detect.js';
import { describeSandbox } from '../../../../src/targets/local/sandbox/sandbox-request.js';
import { validateScenario } from '../../../../src/scenario/validate.js';

const handlers = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'handlers');
const result = validateScenario(
  { name: 'fallback', runtime: 'node', event: {}, variants: { v: { strategy: 'preload', handler: 'counter.handler' } } },
  path.join(handlers, 'scenario.ts'),
  existsSync,
);
if (!result.ok) throw new Error(result.errors.join('\n'));
const scenario = result.scenario;
const support = await detectSandboxSupport();
const env = new LocalEnvironment({
  ...environmentSpec(scenario, scenario.variants[0]!, {
    region: 'eu-west-1',
    runtimeFor: () => ({ runtime: nodeRuntime, interpreter: process.execPath }),
  }),
  sandbox: { memoryMb: 128 },
});
const response = await env.request({});
await env.close();
process.stdout.write(
  JSON.stringify({ described: describeSandbox(support), isolation: env.isolation, ok: response.ok, stats: env.sandboxStats() ?? null }) +
    '\n',
);
