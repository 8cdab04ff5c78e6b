import { Bench } from 'tinybench';
import type { SampleKind, SampleRow, StopReason } from '../../core/model.js';
import { precisionReached } from '../../stats/adaptive.js';
import type { Runtime } from '../../runtimes/runtime.js';
import type { Scenario, Variant } from '../../scenario/types.js';
import { environmentFor } from './env-policy.js';
import { EnvironmentFailure, LocalEnvironment, type EnvironmentSpec, type TimedResponse } from './local-environment.js';
import { breakDownImports } from './import-breakdown.js';
import type { ScenarioImports } from '../../imports/model.js';
import { roundSteps, warmInRound } from '../../run/plan.js';

/** `--cold auto`: rounds continue until every variant's cold e2e median is known within ±targetPct % (95 % CI), between minRounds and maxRounds. */
export interface AdaptiveOptions {
  targetPct: number;
  minRounds: number;
  maxRounds: number;
}

/** How many rounds a scenario took and what stopped them (adaptive sampling). */
export interface ScenarioSampling {
  rounds: number;
  stoppedBy: StopReason;
  halfWidthPct: number | null;
}

export interface LocalRunOptions {
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
  region: string;
  /** Aborting stops the run at once: the current environment is killed, nothing more is recorded. */
  signal: AbortSignal;
  /** Receives every row the moment it is measured. */
  record: (row: SampleRow) => void;
  /** Progress lines for people (stderr). */
  progress: (line: string) => void;
  runtimeFor: (scenario: Scenario) => { runtime: Runtime; interpreter: string };
  /** Runs before every cold sample, outside the timing (the disk-cold mode evicts files here). */
  beforeColdSample?: (scenario: Scenario) => Promise<void>;
  /**
   * Receives each scenario's import-time breakdown, taken after its samples in
   * extra instrumented environments that are never samples. Absent: no breakdown.
   */
  recordImports?: (imports: ScenarioImports) => void;
}

/** How a scenario's environments are started. */
export function environmentSpec(scenario: Scenario, variant: Variant, options: Pick<LocalRunOptions, 'region' | 'runtimeFor'>): EnvironmentSpec {
  const { runtime, interpreter } = options.runtimeFor(scenario);
  return {
    interpreter,
    args: runtime.bootstrapArgs(scenario, variant, interpreter),
    cwd: scenario.dir,
    timeoutMs: scenario.timeoutMs,
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
export async function preflight(scenarios: Scenario[], options: Pick<LocalRunOptions, 'region' | 'runtimeFor'>): Promise<string[]> {
  const problems: string[] = [];
  for (const scenario of scenarios) {
    for (const variant of scenario.variants) {
      const env = new LocalEnvironment(environmentSpec(scenario, variant, options));
      try {
        await env.init;
        // Python caches bytecode (PYTHONPYCACHEPREFIX): serving the request once compiles what the
        // handler imports on first use too, so that no measured sample pays a first compilation.
        if (scenario.runtime === 'python') await env.request(scenario.event).catch(() => undefined);
      } catch (error) {
        if (error instanceof EnvironmentFailure && error.kind === 'export-missing') {
          problems.push(`${scenario.file}: field "variants.${variant.name}.${error.field ?? 'handler'}": ${error.message.replace(/^INIT failed: /, '')}; export it or fix the name`);
        }
        // Any other INIT failure is data: the measured samples will record it.
      } finally {
        await env.close();
      }
    }
  }
  return problems;
}

/**
 * Measures every scenario in turn, its variants interleaved round by round.
 * With fixed sampling every scenario takes `cold` rounds; adaptively, after
 * each full round from `minRounds` on, the cold e2e medians decide whether
 * another round is needed (the warm samples are spread over the first
 * `minRounds` rounds). Returns, per scenario, the rounds taken and why they stopped.
 */
export async function runLocal(scenarios: Scenario[], options: LocalRunOptions): Promise<Record<string, ScenarioSampling>> {
  const seenEnvironments = new Set<string>();
  const counters = new Map<string, number>();
  const nextSample = (scenario: string, variant: string, kind: SampleKind) => {
    const key = `${scenario}/${variant}/${kind}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };
  const adaptive = options.adaptive;
  const maxRounds = adaptive ? adaptive.maxRounds : options.cold;
  const warmRounds = adaptive ? adaptive.minRounds : options.cold;
  const totalSteps = scenarios.reduce((sum, s) => sum + s.variants.length * maxRounds, 0);
  let done = 0;
  const sampling: Record<string, ScenarioSampling> = {};

  for (const scenario of scenarios) {
    if (options.signal.aborted) break;
    // The first spawn after a pause costs a few ms more: start one unmeasured environment first.
    const warmupEnv = new LocalEnvironment(environmentSpec(scenario, scenario.variants[0]!, options));
    await warmupEnv.init.catch(() => undefined);
    await warmupEnv.close();

    const coldValues = new Map<string, number[]>(scenario.variants.map((v) => [v.name, []]));
    let stop: ScenarioSampling | undefined;
    for (let round = 0; round < maxRounds && !stop; round++) {
      for (const step of roundSteps(scenario.variants, round, warmInRound(round, warmRounds, options.warm))) {
        if (options.signal.aborted) break;
        await options.beforeColdSample?.(scenario);
        const rows = await measureEnvironment(scenario, step.variant, step.warm, options, seenEnvironments, nextSample);
        for (const r of rows) if (r.kind === 'cold' && !r.error && r.e2eMs !== undefined) coldValues.get(r.variant)!.push(r.e2eMs);
        done++;
        options.progress(progressLine(done, totalSteps, scenario, step.variant, step.round, maxRounds, rows, adaptive !== undefined));
      }
      if (options.signal.aborted) {
        stop = { rounds: round, stoppedBy: 'interrupted', halfWidthPct: null };
      } else if (adaptive && round + 1 >= adaptive.minRounds) {
        const check = precisionReached([...coldValues.values()], adaptive.targetPct);
        if (check.noData) stop = { rounds: round + 1, stoppedBy: 'no-data', halfWidthPct: null };
        else if (check.reached) stop = { rounds: round + 1, stoppedBy: 'target', halfWidthPct: check.widestPct };
        else if (round + 1 === maxRounds) stop = { rounds: round + 1, stoppedBy: 'cap', halfWidthPct: check.widestPct };
        if (stop) options.progress(`${scenario.name}: ${stop.rounds} rounds, ${stopText(stop, adaptive)}`);
      }
    }
    sampling[scenario.name] = stop ?? { rounds: maxRounds, stoppedBy: 'cap', halfWidthPct: null };
    if (options.recordImports && !options.signal.aborted) {
      const imports = await breakDownImports(scenario, options);
      if (options.signal.aborted) break;
      options.recordImports(imports);
      options.progress(`${scenario.name}: import-time breakdown of ${imports.variant}: ${imports.error ? `FAILED: ${imports.error.split('\n')[0]}` : `${imports.modules.length} modules, INIT ${imports.initMs.toFixed(1)} ms (instrumented)`}`);
    }
  }
  return sampling;
}

function stopText(stop: ScenarioSampling, adaptive: AdaptiveOptions): string {
  const width = stop.halfWidthPct === null ? '' : ` (widest half-width ${stop.halfWidthPct.toFixed(1)} %)`;
  switch (stop.stoppedBy) {
    case 'target':
      return `every cold e2e median within ±${adaptive.targetPct} %${width}`;
    case 'cap':
      return `cap of ${adaptive.maxRounds} rounds reached${width}`;
    case 'no-data':
      return 'no variant produced a successful cold sample';
    case 'interrupted':
      return 'interrupted';
  }
}

function progressLine(done: number, total: number, scenario: Scenario, variant: Variant, round: number, rounds: number, rows: SampleRow[], upTo = false): string {
  const cold = rows.find((r) => r.kind === 'cold');
  const warm = rows.filter((r) => r.kind === 'warm' && r.e2eMs !== undefined).map((r) => r.e2eMs!).sort((a, b) => a - b);
  const f = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(v < 1 ? 3 : 1));
  const coldText = cold?.error ? `FAILED: ${cold.error.split('\n')[0]}` : `cold ${f(cold?.e2eMs)} ms (INIT ${f(cold?.initMs)}, invoke ${f(cold?.invokeMs)})`;
  const warmText = warm.length ? `, warm median ${f(warm[Math.floor(warm.length / 2)])} ms` : '';
  const width = String(total).length;
  return `[${String(done).padStart(width)}/${upTo ? '≤' : ''}${total}] ${scenario.name} · ${variant.name} · round ${round + 1}/${upTo ? '≤' : ''}${rounds}: ${coldText}${warmText}`;
}

/** One fresh environment: the cold sample, then warm samples driven by tinybench. */
async function measureEnvironment(
  scenario: Scenario,
  variant: Variant,
  warmCount: number,
  options: LocalRunOptions,
  seenEnvironments: Set<string>,
  nextSample: (scenario: string, variant: string, kind: SampleKind) => number,
): Promise<SampleRow[]> {
  const rows: SampleRow[] = [];
  const base = {
    runId: options.runId,
    target: 'local' as const,
    scenario: scenario.name,
    variant: variant.name,
    strategy: variant.strategy,
    runtime: scenario.runtime,
    ...(scenario.memoryMb !== undefined ? { memoryMb: scenario.memoryMb } : {}),
  };
  const record = (kind: SampleKind, fields: Partial<SampleRow>) => {
    if (options.signal.aborted) return; // a request cut short by the interrupt is not a sample
    const row: SampleRow = { ...base, kind, sample: nextSample(scenario.name, variant.name, kind), environment: '', ...fields };
    rows.push(row);
    options.record(row);
  };
  const fromResponse = (r: TimedResponse): Partial<SampleRow> => ({
    environment: r.env,
    e2eMs: r.e2eMs,
    invokeMs: r.invokeMs,
    ...(r.ok ? {} : { error: r.error ?? 'the handler failed' }),
  });

  const env = new LocalEnvironment(environmentSpec(scenario, variant, options));
  const onAbort = () => env.kill();
  options.signal.addEventListener('abort', onAbort);
  try {
    let cold: TimedResponse;
    let initMs: number;
    try {
      if (variant.strategy === 'prewarmed') {
        const ping = await env.request(scenario.prewarmEvent);
        if (!ping.ok) {
          record('cold', { environment: ping.env, error: `the keep-warm ping failed: ${ping.error}` });
          return rows;
        }
      }
      cold = await env.request(scenario.event);
      initMs = (await env.init).initMs;
    } catch (error) {
      record('cold', { error: error instanceof Error ? error.message : String(error) });
      return rows;
    }
    // Coldness is checked, not assumed: a new environment id that has served only the ping, if any.
    const expectedServed = variant.strategy === 'prewarmed' ? 2 : 1;
    const notCold = seenEnvironments.has(cold.env)
      ? `not a cold start: environment ${cold.env} was seen before`
      : cold.served !== expectedServed
        ? `not a cold start: environment ${cold.env} had already served ${cold.served - 1} requests`
        : undefined;
    seenEnvironments.add(cold.env);
    const coldFields = fromResponse(cold);
    // Sent right after the first response (outside its timing); a crashed environment resolves it with nothing.
    const peakMb = await env.peakMemoryMb;
    record('cold', { ...coldFields, initMs, ...(peakMb !== undefined ? { maxMemoryMb: Math.round(peakMb * 10) / 10 } : {}), ...(notCold ? { error: notCold } : {}) });
    if (notCold || warmCount === 0) return rows;

    await measureWarm(env, scenario, warmCount, options.warmup, cold, (fields) => record('warm', fields), fromResponse);
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    await env.close();
  }
  return rows;
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
  record: (fields: Partial<SampleRow>) => void,
  fromResponse: (r: TimedResponse) => Partial<SampleRow>,
): Promise<void> {
  let recording = false;
  const bench = new Bench({ iterations: count, time: 0, warmup: warmup > 0, warmupIterations: warmup, warmupTime: 0, throws: true });
  bench.add(
    'warm',
    async () => {
      const r = await env.request(scenario.event);
      if (recording) {
        const warmCheck =
          r.env !== cold.env ? `not a warm request: answered by environment ${r.env}, not ${cold.env}` : r.served < 2 ? 'not a warm request: the environment had served nothing before' : undefined;
        const fields = fromResponse(r);
        record(warmCheck ? { ...fields, error: warmCheck } : fields);
      }
      return { overriddenDuration: r.e2eMs };
    },
    {
      beforeAll(mode) {
        recording = mode === 'run';
      },
    },
  );
  try {
    await bench.run();
  } catch (error) {
    // The environment died or hung: one row says so, and this environment's remaining warm samples are not taken.
    const cause = error instanceof EnvironmentFailure ? error : (error as { cause?: unknown }).cause;
    record({ environment: cold.env, error: cause instanceof Error ? cause.message : String(error) });
  }
}
