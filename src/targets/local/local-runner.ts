import { Bench } from 'tinybench';
import type { SampleRow } from '../../core/model.js';
import { strategyOf } from '../../core/strategies.js';
import type { Runtime } from '../../runtimes/runtime.js';
import type { Scenario, Variant } from '../../scenario/types.js';
import { measureSections, type AdaptiveOptions, type SectionSampling } from '../../run/rounds.js';
import type { RecordRow } from '../../run/target.js';
import type { ScenarioImports } from '../../imports/model.js';
import { AfterResponseRows } from './after-response-rows.js';
import { environmentFor } from './env-policy.js';
import {
  EnvironmentFailure,
  LocalEnvironment,
  type EnvironmentSpec,
  type SandboxRequest,
  type TimedResponse,
} from './local-environment.js';
import { LocalTarget } from './local-target.js';
import { DEFAULT_MEMORY_MB } from '../../core/lambda-defaults.js';
import type { PhaseGate } from './phase-gate.js';
import type { InitCpu, SandboxSupport, WarmCpu } from './sandbox/index.js';

export type { AdaptiveOptions };
/** How many rounds a scenario took and what stopped them (adaptive sampling). */
export type ScenarioSampling = SectionSampling;

/** How local environments are isolated: the machine's sandbox support (detected once) and the Lambda settings it emulates. */
export interface LocalSandbox {
  support: SandboxSupport;
  initCpu: InitCpu;
  /** Where warm loops run (absent: on the harness's CPU, SandboxRequest.warmCpu's default). */
  warmCpu?: WarmCpu;
  ephemeralStorageMb: number;
}

/** What starting a local environment needs: where the interpreter is, the region handlers see, and the sandbox (absent: bare processes, as asked with --no-sandbox). */
export interface LocalContext {
  region: string;
  runtimeFor: (scenario: Scenario) => { runtime: Runtime; interpreter: string };
  sandbox?: LocalSandbox;
  /** Sandboxed environments running side by side: the CPUs they are pinned to from INIT's end (off the harness's CPU). */
  pinInvokeTo?: string;
}

export interface LocalRunOptions extends LocalContext {
  runId: string;
  /** Cold samples per variant (rounds); with `adaptive`, ignored. */
  cold: number;
  /** Decide after each full round whether another is needed. */
  adaptive?: AdaptiveOptions;
  /** The variant the report compares against (`--baseline`); the import breakdown takes it. */
  baseline?: string;
  warm: number;
  /** Unrecorded warm requests per environment before the recorded ones. */
  warmup: number;
  /** Aborting stops the run at once: the current environment is killed, nothing more is recorded. */
  signal: AbortSignal;
  /** Receives every row the moment it is measured. */
  record: (row: SampleRow) => void;
  /** Progress lines for people (stderr). */
  progress: (line: string) => void;
  /** Runs before every cold sample, outside the timing (the disk-cold mode evicts files here). */
  beforeColdSample?: (scenario: Scenario) => Promise<void>;
  /** Receives each scenario's import-time breakdown (extra instrumented environments, never samples). Absent: no breakdown. */
  recordImports?: (imports: ScenarioImports) => void;
}

/**
 * The local target through the run pipeline, for callers that have scenarios
 * already checked (tests, the overhead benchmark): every scenario is one section.
 */
export async function runLocal(scenarios: Scenario[], options: LocalRunOptions): Promise<Record<string, ScenarioSampling>> {
  const target = new LocalTarget({ ...options, skipPreflight: true });
  const sections = await target.prepare(scenarios, options.signal);
  return measureSections(target, sections, options);
}

/** The sandbox an environment of this memory size asks for: the run's settings, pinned to `pinInvokeTo` when running side by side. */
export function sandboxRequest(sandbox: LocalSandbox, memoryMb: number, pinInvokeTo?: string): SandboxRequest {
  return {
    memoryMb,
    initCpu: sandbox.initCpu,
    ...(sandbox.warmCpu ? { warmCpu: sandbox.warmCpu } : {}),
    ephemeralStorageMb: sandbox.ephemeralStorageMb,
    ...(pinInvokeTo !== undefined ? { pinInvokeTo } : {}),
  };
}

/** How a scenario's environments are started. */
export function environmentSpec(scenario: Scenario, variant: Variant, options: LocalContext): EnvironmentSpec {
  const { runtime, interpreter } = options.runtimeFor(scenario);
  return {
    interpreter,
    args: runtime.bootstrapArgs(scenario, variant, interpreter),
    cwd: scenario.dir,
    timeoutMs: scenario.timeoutMs,
    ...(options.sandbox?.support.usable
      ? {
          sandbox: sandboxRequest(options.sandbox, scenario.memoryMb ?? DEFAULT_MEMORY_MB, options.pinInvokeTo),
        }
      : {}),
    env: environmentFor({
      functionName: `${scenario.name}-${variant.name}`,
      timeoutMs: scenario.timeoutMs,
      ...(scenario.memoryMb !== undefined ? { memoryMb: scenario.memoryMb } : {}),
      taskRoot: scenario.dir,
      region: options.region,
      runtimeEnv: runtime.environment(),
      scenarioEnv: scenario.env,
    }),
  };
}

/**
 * Starts one environment per variant without measuring anything: it finds
 * handlers that lack the named export (a configuration error, returned as
 * messages) and pays the harness's first-spawn cost before sampling.
 */
export async function preflight(scenarios: Scenario[], options: LocalContext, signal?: AbortSignal): Promise<string[]> {
  const problems: string[] = [];
  for (const scenario of scenarios) {
    for (const variant of scenario.variants) {
      if (signal?.aborted) return problems;
      const env = new LocalEnvironment(environmentSpec(scenario, variant, options));
      const onAbort = () => env.kill();
      signal?.addEventListener('abort', onAbort);
      try {
        await env.init;
        // Python caches bytecode (PYTHONPYCACHEPREFIX): serving the request once compiles what the
        // handler imports on first use too, so that no measured sample pays a first compilation.
        if (scenario.runtime === 'python') await env.request(scenario.event).catch(() => undefined);
      } catch (error) {
        if (error instanceof EnvironmentFailure && error.kind === 'export-missing') {
          problems.push(
            `${scenario.file}: field "variants.${variant.name}.${error.field ?? 'handler'}": ${error.message.replace(/^INIT failed: /, '')}; export it or fix the name`,
          );
        }
        // Any other INIT failure is data: the measured samples will record it.
      } finally {
        signal?.removeEventListener('abort', onAbort);
        await env.close();
      }
    }
  }
  return problems;
}

/**
 * One fresh environment: the cold sample, then warm samples driven by tinybench.
 * `seen` holds every environment id of the run: a cold sample must bring a new one.
 * With a `gate`, environments run side by side: this one starts and runs its
 * warm loop when the gate allows (phase-gate.ts).
 */
export async function measureEnvironment(
  scenario: Scenario,
  variant: Variant,
  warmCount: number,
  options: LocalContext & { warmup: number },
  record: RecordRow,
  seen: Set<string>,
  signal: AbortSignal,
  gate?: PhaseGate,
): Promise<void> {
  const fromResponse = (r: TimedResponse): Partial<SampleRow> => ({
    environment: r.env,
    e2eMs: r.e2eMs,
    invokeMs: r.invokeMs,
    ...(r.ok ? {} : { error: r.error ?? 'the handler failed' }),
  });
  const strategy = strategyOf(variant.strategy);
  // Beside other environments: this one starts on its turn, and its INIT's end lets the next one start.
  const turn = await gate?.start();
  if (signal.aborted) return turn?.end();
  const env = new LocalEnvironment(environmentSpec(scenario, variant, options));
  if (turn) env.init.then(turn.initEnded, turn.end);
  // Each row waits for what came after its response (left pending, frozen, CPU): the next response or the close tells.
  const rows = new AfterResponseRows(record, signal);
  const onAbort = () => env.kill();
  signal.addEventListener('abort', onAbort);
  try {
    let cold: TimedResponse;
    let initMs: number;
    try {
      if (strategy.pingsFirst) {
        const ping = await env.request(scenario.prewarmEvent);
        if (!ping.ok) {
          record('cold', { environment: ping.env, error: `the keep-warm ping failed: ${ping.error}` });
          return;
        }
      }
      cold = await env.request(scenario.event);
      initMs = (await env.init).initMs;
    } catch (error) {
      record('cold', { error: error instanceof Error ? error.message : String(error) });
      return;
    }
    // Coldness is checked, not assumed: a new environment id that has served only the ping, if any.
    const expectedServed = strategy.servedBeforeMeasured + 1;
    const notCold = seen.has(cold.env)
      ? `not a cold start: environment ${cold.env} was seen before`
      : cold.served !== expectedServed
        ? `not a cold start: environment ${cold.env} had already served ${cold.served - 1} requests`
        : undefined;
    seen.add(cold.env);
    const coldFields = fromResponse(cold);
    // Sent right after the first response (outside its timing); a crashed environment resolves it with nothing.
    const peakMb = await env.peakMemoryMb;
    rows.hold(
      'cold',
      {
        ...coldFields,
        initMs,
        ...(peakMb !== undefined ? { maxMemoryMb: Math.round(peakMb * 10) / 10 } : {}),
        ...(notCold ? { error: notCold } : {}),
      },
      cold.after,
    );
    turn?.end();
    if (notCold || warmCount === 0) return;

    const warm = () => env.besideHarness(() => measureWarm(env, scenario, warmCount, options.warmup, cold, rows, fromResponse));
    // Alone, the environment needs no pinning: its warm loop runs as one at a time would run it.
    await (gate
      ? gate.runAlone(() => {
          env.unpin();
          return warm();
        })
      : warm());
  } finally {
    turn?.end();
    signal.removeEventListener('abort', onAbort);
    await env.close();
    rows.flush();
  }
}

/**
 * Warm requests to the same environment. tinybench drives the loop (warm-up
 * iterations, then exactly `count` recorded ones); each iteration's duration is
 * the harness's own send → response time, and rows are recorded in time order.
 */
async function measureWarm(
  env: LocalEnvironment,
  scenario: Scenario,
  count: number,
  warmup: number,
  cold: TimedResponse,
  rows: AfterResponseRows,
  fromResponse: (r: TimedResponse) => Partial<SampleRow>,
): Promise<void> {
  let recording = false;
  const bench = new Bench({ iterations: count, time: 0, warmup: warmup > 0, warmupIterations: warmup, warmupTime: 0, throws: true });
  bench.add(
    'warm',
    async () => {
      const r = await env.request(scenario.event);
      rows.flush(); // the row before this response is complete now
      if (recording) {
        const warmCheck =
          r.env !== cold.env
            ? `not a warm request: answered by environment ${r.env}, not ${cold.env}`
            : r.served < 2
              ? 'not a warm request: the environment had served nothing before'
              : undefined;
        const fields = fromResponse(r);
        rows.hold('warm', warmCheck ? { ...fields, error: warmCheck } : fields, r.after);
      }
      return { overriddenDuration: r.e2eMs };
    },
    {
      beforeAll(mode) {
        recording = mode === 'run';
      },
    },
  );
  // Back to back, as Lambda under steady traffic: the sandbox stays thawed between these requests
  // (a thaw before each would put the frozen process's wake-up into every warm row; docs/accuracy.md).
  env.backToBack(true);
  try {
    await bench.run();
  } catch (error) {
    // The environment died or hung: one row says so, and this environment's remaining warm samples are not taken.
    const cause = error instanceof EnvironmentFailure ? error : (error as { cause?: unknown }).cause;
    rows.flush();
    rows.hold('warm', { environment: cold.env, error: cause instanceof Error ? cause.message : String(error) }, undefined);
  } finally {
    env.backToBack(false);
  }
}
