/** Helpers for the sandbox tests: start fixture handlers in a sandbox, find leftover processes. */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { LocalEnvironment, type EnvironmentSpec, type SandboxRequest } from '../../../../src/targets/local/local-environment.js';
import { environmentSpec } from '../../../../src/targets/local/local-runner.js';
import { sandboxHost } from '../../../../src/targets/local/sandbox/detect.js';
import { describeSandbox } from '../../../../src/targets/local/sandbox/sandbox-request.js';
import { fixtureScenario, pythonContext, pythonFixtureScenario, runnerContext } from '../../../helpers.js';

const host = sandboxHost();
/** Why the sandbox tests are skipped here, or undefined when they run. */
export const NO_SANDBOX = 'support' in host ? undefined : describeSandbox(host);
if (NO_SANDBOX) console.warn(`sandbox tests skipped: ${NO_SANDBOX}`);

const open: LocalEnvironment[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

export interface StartOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
  initializer?: string;
  extra?: Partial<EnvironmentSpec>;
}

/** A Node fixture handler (test/fixtures/handlers) in a sandbox; closed after the test. */
export function sandboxedNode(handler: string, sandbox: SandboxRequest | undefined, options: StartOptions = {}): LocalEnvironment {
  const scenario = fixtureScenario({
    timeoutMs: options.timeoutMs ?? 10_000,
    env: options.env ?? {},
    variants: {
      v: {
        strategy: options.initializer ? 'initializer' : 'preload',
        handler,
        ...(options.initializer ? { initializer: options.initializer } : {}),
      },
    },
  });
  const env = new LocalEnvironment({
    ...environmentSpec(scenario, scenario.variants[0]!, runnerContext),
    ...(sandbox ? { sandbox } : {}),
    ...options.extra,
  });
  open.push(env);
  return env;
}

/** A Python fixture handler (test/fixtures/python) in a sandbox; closed after the test. */
export async function sandboxedPython(
  handler: string,
  sandbox: SandboxRequest | undefined,
  options: StartOptions = {},
): Promise<LocalEnvironment> {
  const scenario = pythonFixtureScenario({
    timeoutMs: options.timeoutMs ?? 10_000,
    env: options.env ?? {},
    variants: {
      v: {
        strategy: options.initializer ? 'initializer' : 'preload',
        handler,
        ...(options.initializer ? { initializer: options.initializer } : {}),
      },
    },
  });
  const env = new LocalEnvironment({
    ...environmentSpec(scenario, scenario.variants[0]!, await pythonContext()),
    ...(sandbox ? { sandbox } : {}),
    ...options.extra,
  });
  open.push(env);
  return env;
}

/** Pids of live processes whose command line or environment contains `marker` (zombies excluded). */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8');
      if (cmdline.includes(marker) || environ.includes(marker)) found.push(Number(name));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found;
}
