import { breakDownVariants, displayModuleName, type InstrumentedRun } from '../../imports/breakdown.js';
import { strategyOf } from '../../core/strategies.js';
import type { ImportRecord, ScenarioImports } from '../../imports/model.js';
import type { ImportTiming } from '../../runtimes/runtime.js';
import type { Scenario, Variant } from '../../scenario/types.js';
import { LocalEnvironment } from './local-environment.js';
import type { LocalRunOptions } from './local-runner.js';
import { environmentSpec } from './local-runner.js';

const METHODS = {
  python: 'python -X importtime (self and cumulative time of each first import)',
  node: 'ES modules: a module.register() load hook that times each module body; CommonJS: a wrapped Module.prototype._compile; parent = the module that loaded it first',
} as const;

/** What one instrumented environment gave: INIT and the module timings of INIT and the first request (module names as the runtime reports them), or why it failed. */
export type Instrumented = InstrumentedRun;

/**
 * One extra cold environment with the runtime's import-time instrumentation; it
 * serves one request (a prewarmed variant gets its ping first) and is closed.
 * Never a sample. Module names are raw (Node: absolute paths or builtin names).
 */
export async function instrumented(
  scenario: Scenario,
  variant: Variant,
  options: Pick<LocalRunOptions, 'region' | 'runtimeFor' | 'signal'>,
): Promise<Instrumented> {
  const { runtime } = options.runtimeFor(scenario);
  const spec = environmentSpec(scenario, variant, options);
  const env = new LocalEnvironment({ ...spec, args: [...runtime.importTimingArgs(), ...spec.args], keepStderr: true });
  const onAbort = () => env.kill();
  options.signal.addEventListener('abort', onAbort);
  try {
    if (strategyOf(variant.strategy).pingsFirst) await env.request(scenario.prewarmEvent);
    await env.request(scenario.event); // a request also bounds INIT by the scenario's time limit
    const { initMs } = await env.init;
    await env.close();
    return { ok: true, initMs, timing: runtime.parseImportTiming(env.wholeStderr()) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    await env.close();
  }
}

/**
 * Where a scenario's INIT time goes, per module: the baseline variant in one
 * instrumented environment, and the lazy variant (if any) through its first
 * request, to tell which modules the measured request needs.
 */
export async function breakDownImports(
  scenario: Scenario,
  options: Pick<LocalRunOptions, 'region' | 'runtimeFor' | 'signal' | 'baseline'>,
): Promise<ScenarioImports> {
  const rename = (r: ImportRecord): ImportRecord => ({
    ...r,
    module: displayModuleName(r.module, scenario.dir),
    ...(r.parent ? { parent: displayModuleName(r.parent, scenario.dir) } : {}),
  });
  return breakDownVariants(
    { scenario: scenario.name, runtime: scenario.runtime, method: METHODS[scenario.runtime] },
    scenario.variants,
    options.baseline,
    async (variant): Promise<InstrumentedRun> => {
      const run = await instrumented(scenario, variant, options);
      return run.ok
        ? { ok: true, initMs: run.initMs, timing: { init: run.timing.init.map(rename), firstRequest: run.timing.firstRequest.map(rename) } }
        : run;
    },
    { firstInvoke: true, aborted: () => options.signal.aborted },
  );
}
