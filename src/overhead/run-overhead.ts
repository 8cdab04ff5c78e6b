import { environmentFor } from '../targets/local/env-policy.js';
import { LocalEnvironment, type SandboxRequest } from '../targets/local/local-environment.js';
import { environmentSpec } from '../targets/local/local-runner.js';
import type { Runtime } from '../runtimes/runtime.js';
import type { Scenario } from '../scenario/types.js';
import type { HarnessCpu } from '../targets/local/sandbox/index.js';
import { timeSpawn } from './timings.js';
import type { EarlyShape } from './warm-paths.js';

/** How to start one runtime bare, running the empty handler directly, and through the harness. */
export interface RuntimeSetup {
  runtime: string;
  interpreter: string;
  /** The bare interpreter start, e.g. `node -e 0`. */
  bareArgs: string[];
  /** Runs the empty handler without the harness and answers on fd 3. */
  directArgs?: string[];
  /** Starts the harness bootstrap on the empty handler. */
  harnessArgs: string[];
  /** The runtime's own variables on top of the policy's (PYTHONPYCACHEPREFIX), as in a run. */
  env?: Record<string, string>;
}

export interface OverheadSample {
  round: number;
  runtime: string;
  measurement:
    | 'bare'
    | 'direct'
    | 'harness-cold'
    | 'harness-init'
    /** (b) The dedicated warm loop (tinybench, nothing recorded between requests). */
    | 'warm'
    /** (a) A bare echo over a socket pair between two processes: the floor of a warm round trip. */
    | 'echo'
    /** (a′) The same echo with both processes on the harness's CPU, where sandboxed warm loops run (HarnessCpu). */
    | 'echo-one-cpu'
    /** A canned-response peer through LocalEnvironment: the harness's side of the protocol over the echo. */
    | 'peer'
    /** (c) Warm rows as `npm run bench` writes them to samples.csv (the run pipeline, bare). */
    | 'bench-warm'
    /** (b) in a sandbox, back to back (thawed between requests, as the runner's warm loop). */
    | 'sandbox-warm'
    /** (c) with the run's sandbox. */
    | 'sandbox-bench-warm'
    /** CPU time per recorded round trip (ms, all threads, /proc schedstat) of the echo peer, the canned-response peer and the bare dedicated loop's environment: one value per round. */
    | 'echo-cpu'
    | 'peer-cpu'
    | 'warm-cpu'
    /** (a) early in fresh echo peers' lives, where a default run records its warm rows (EarlyShape). */
    | 'echo-early'
    | 'echo-early-one-cpu'
    /** (c) at a default run's shape: a few warm rows per fresh environment, after its few unrecorded ones. */
    | 'bench-warm-early'
    | 'sandbox-bench-warm-early'
    | 'planted-init'
    | 'planted-first-invoke'
    /** The harness's cold start in a sandbox (timed from the launcher's ready message). */
    | 'sandbox-cold'
    /** Sandbox preparation before that: launcher spawn → ready (cgroup join, namespaces, mounts); outside every measured interval. */
    | 'sandbox-prep'
    /** Warm round trips alternating between one bare and one sandboxed environment (thaw before, freeze after each). */
    | 'paired-warm-bare'
    | 'paired-warm-sandbox';
  plantedMs?: number;
  valueMs: number;
}

export interface OverheadOptions {
  rounds: number;
  warmIterations: number;
  warmupIterations: number;
  plantedMs: number[];
  cwd: string;
  record: (sample: OverheadSample) => void;
  progress: (line: string) => void;
  signal: AbortSignal;
  /** Also start the harness in a sandbox of this size, interleaved with the bare starts (absent: no sandbox measurements). */
  sandbox?: SandboxRequest;
  /** Also measure the echo with both processes on the harness's CPU, where sandboxed warm loops run (absent: not). */
  harnessCpu?: HarnessCpu;
  /** Also measure the echo and the bench's warm rows at this early shape (a default `npm run bench`'s); absent: not. */
  earlyShape?: EarlyShape;
}

export const ENV = environmentFor({
  functionName: 'coldbench-overhead',
  timeoutMs: 30_000,
  taskRoot: '/tmp',
  region: 'us-east-1',
  scenarioEnv: {},
});
/** The variables an overhead environment starts with: the policy's, plus the runtime's own. */
export const envOf = (s: RuntimeSetup) => (s.env ? { ...ENV, ...s.env } : ENV);

/**
 * The order of a round: rotated by the round number, and reversed every other
 * round, so that each measurement follows a different one from round to round
 * (in a plain rotation every job always follows the same neighbour).
 */
export function roundOrder<T>(items: T[], round: number): T[] {
  const k = Math.floor(round / 2) % items.length;
  const rotated = [...items.slice(k), ...items.slice(0, k)];
  return round % 2 ? rotated.reverse() : rotated;
}

/**
 * Cold starts, interleaved in rounds so that drift hits all alike: the bare
 * interpreter, the handler run directly, and the harness, for every runtime.
 */
export async function measureColdOverhead(setups: RuntimeSetup[], options: OverheadOptions): Promise<void> {
  type Job = () => Promise<void>;
  for (let round = 0; round < options.rounds && !options.signal.aborted; round++) {
    const jobs: Job[] = [];
    for (const s of setups) {
      jobs.push(async () =>
        options.record({
          round,
          runtime: s.runtime,
          measurement: 'bare',
          valueMs: await timeSpawn(s.interpreter, s.bareArgs, envOf(s), options.cwd, 'exit'),
        }),
      );
      if (s.directArgs) {
        const args = s.directArgs;
        jobs.push(async () =>
          options.record({
            round,
            runtime: s.runtime,
            measurement: 'direct',
            valueMs: await timeSpawn(s.interpreter, args, envOf(s), options.cwd, 'fd3'),
          }),
        );
      }
      jobs.push(async () => {
        const env = new LocalEnvironment({
          interpreter: s.interpreter,
          args: s.harnessArgs,
          env: envOf(s),
          cwd: options.cwd,
          timeoutMs: 30_000,
        });
        try {
          const response = await env.request({});
          options.record({ round, runtime: s.runtime, measurement: 'harness-cold', valueMs: response.e2eMs });
          options.record({ round, runtime: s.runtime, measurement: 'harness-init', valueMs: (await env.init).initMs });
        } finally {
          await env.close();
        }
      });
      const sandbox = options.sandbox;
      if (sandbox) {
        jobs.push(async () => {
          const env = new LocalEnvironment({
            interpreter: s.interpreter,
            args: s.harnessArgs,
            env: envOf(s),
            cwd: options.cwd,
            timeoutMs: 30_000,
            sandbox,
          });
          try {
            const response = await env.request({});
            options.record({ round, runtime: s.runtime, measurement: 'sandbox-cold', valueMs: response.e2eMs });
            if (env.preparationMs !== undefined)
              options.record({ round, runtime: s.runtime, measurement: 'sandbox-prep', valueMs: env.preparationMs });
          } finally {
            await env.close();
          }
        });
      }
    }
    for (const job of roundOrder(jobs, round)) await job();
    if ((round + 1) % 10 === 0) options.progress(`cold overhead: round ${round + 1}/${options.rounds}`);
  }
}

/**
 * Warm round trips of the empty handler alternating between a bare and a
 * sandboxed environment (request by request, so drift hits both alike). A
 * sandboxed environment is thawed before and frozen after each request, outside
 * the timed interval; what remains is the wake-up of a thawed process.
 */
export async function measureSandboxWarm(setup: RuntimeSetup, options: OverheadOptions): Promise<void> {
  if (!options.sandbox) return;
  const spec = { interpreter: setup.interpreter, args: setup.harnessArgs, env: envOf(setup), cwd: options.cwd, timeoutMs: 30_000 };
  const bare = new LocalEnvironment(spec);
  const sandboxed = new LocalEnvironment({ ...spec, sandbox: options.sandbox });
  try {
    await bare.request({});
    await sandboxed.request({});
    const total = options.warmupIterations + options.warmIterations;
    for (let i = 0; i < total && !options.signal.aborted; i++) {
      const pair: [LocalEnvironment, OverheadSample['measurement']][] = [
        [bare, 'paired-warm-bare'],
        [sandboxed, 'paired-warm-sandbox'],
      ];
      for (const [env, measurement] of i % 2 ? pair.reverse() : pair) {
        const r = await env.request({});
        if (i >= options.warmupIterations)
          options.record({ round: i - options.warmupIterations, runtime: setup.runtime, measurement, valueMs: r.e2eMs });
      }
    }
  } finally {
    await bare.close();
    await sandboxed.close();
  }
}

/**
 * Accuracy: a calibration scenario whose planted import costs `plantedMs`
 * (set through its PLANTED_MS variable), measured cold for preload (the cost
 * should land in INIT) and lazy (in the first invoke), sizes interleaved.
 */
export async function measurePlantedCosts(
  scenario: Scenario,
  runtime: Runtime,
  interpreter: string,
  options: OverheadOptions,
): Promise<void> {
  const preload = scenario.variants.find((v) => v.name === 'preload');
  const lazy = scenario.variants.find((v) => v.name === 'lazy');
  if (!preload || !lazy) throw new Error(`${scenario.file}: the calibration scenario needs variants named preload and lazy`);
  const context = { region: 'us-east-1', runtimeFor: () => ({ runtime, interpreter }) };
  for (let round = 0; round < options.rounds && !options.signal.aborted; round++) {
    const jobs = options.plantedMs.flatMap((plantedMs) =>
      [preload, lazy].map((variant) => async () => {
        const planted = { ...scenario, env: { ...scenario.env, PLANTED_MS: String(plantedMs) } };
        const env = new LocalEnvironment(environmentSpec(planted, variant, context));
        try {
          const response = await env.request(scenario.event);
          const valueMs = variant === preload ? (await env.init).initMs : response.invokeMs;
          options.record({
            round,
            runtime: runtime.name,
            measurement: variant === preload ? 'planted-init' : 'planted-first-invoke',
            plantedMs,
            valueMs,
          });
        } finally {
          await env.close();
        }
      }),
    );
    for (const job of roundOrder(jobs, round)) await job();
    if ((round + 1) % 10 === 0) options.progress(`${runtime.name} planted costs: round ${round + 1}/${options.rounds}`);
  }
}
