/**
 * The warm round trip by three paths, measured interleaved round by round so
 * that drift hits them alike: (a) a bare socket-pair echo between two processes
 * (the floor), (b) the dedicated loop (tinybench over one environment) and
 * (c) the warm rows exactly as `npm run bench` writes them (the run pipeline
 * with the LocalTarget: tinybench, recording, the CSV append of RunWriter),
 * read back from its samples.csv. Sandboxed, (b) and (c) as well when asked.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { Bench } from 'tinybench';
import { runBenchmark } from '../run/run-benchmark.js';
import { DEFAULT_TRAFFIC } from '../traffic/settings.js';
import { track } from '../targets/local/child-registry.js';
import { CHANNEL_FD } from '../targets/local/protocol.js';
import { LocalEnvironment, type SandboxRequest } from '../targets/local/local-environment.js';
import { LocalTarget } from '../targets/local/local-target.js';
import type { LocalContext } from '../targets/local/local-runner.js';
import type { Scenario } from '../scenario/types.js';
import type { HarnessCpu } from '../targets/local/sandbox/index.js';
import { cpuCounter } from './process-cpu.js';
import { envOf, roundOrder, type OverheadOptions, type RuntimeSetup } from './run-overhead.js';

/** The measurements of a warm round, by path. */
export type WarmPath =
  | 'echo'
  | 'echo-one-cpu'
  | 'peer'
  | 'warm'
  | 'bench-warm'
  | 'sandbox-warm'
  | 'sandbox-bench-warm'
  | 'echo-early'
  | 'echo-early-one-cpu'
  | 'bench-warm-early'
  | 'sandbox-bench-warm-early';

/**
 * Where a default `npm run bench` takes its warm rows in an environment's life:
 * `warmup` unrecorded requests after the cold one, then `perEnvironment`
 * recorded ones (its --warmup, and its --warm spread over its --cold
 * environments). Measured over `environments` fresh environments per round.
 */
export interface EarlyShape {
  warmup: number;
  perEnvironment: number;
  environments: number;
}

/** What the bench path needs: the empty handler as a scenario, and how `npm run bench` would start it (with or without a sandbox). */
export interface BenchPathSetup {
  scenario: Scenario;
  context: LocalContext;
  /** The same context with the run's sandbox (absent: no sandboxed bench path). */
  sandboxedContext?: LocalContext;
}

/** One runtime's warm paths: its setup, the echo peer, and the bench path. */
export interface WarmPathSetup extends RuntimeSetup {
  /** Arguments that start a bare echo peer on fd 3 (bench/overhead/echo.mjs, echo.py). */
  echoArgs: string[];
  /** A canned-response peer (bench/overhead/canned-peer.mjs, run by this setup's interpreter) measured through LocalEnvironment: the harness's side of the protocol alone. */
  peerArgs?: string[];
  bench: BenchPathSetup;
}

/** The request line an environment gets for the empty event, so that the echo carries the same bytes. */
const requestLine = (id: number) => JSON.stringify({ id, event: {} }) + '\n';

/**
 * (a) `count` round trips, after `warmup` unrecorded ones, through a bare echo
 * peer on a socket pair at fd 3, timed as LocalEnvironment times a request:
 * from just before the write to the 'data' event of the answer.
 */
export async function measureEcho(
  interpreter: string,
  echoArgs: string[],
  count: number,
  warmup: number,
  signal: AbortSignal,
  /** Receives the peer's CPU time per recorded round trip, in ms (where /proc tells it). */
  cpuPerRequest?: (ms: number) => void,
  /** Both processes on the harness's CPU (the echo starts there with the harness): where sandboxed warm loops run. */
  placement?: HarnessCpu,
): Promise<number[]> {
  if (placement) return placement.during(() => measureEcho(interpreter, echoArgs, count, warmup, signal, cpuPerRequest));
  const child = spawn(interpreter, echoArgs, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  track(child);
  const channel = child.stdio[CHANNEL_FD] as Duplex;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let answered: ((at: number) => void) | undefined;
  let failed: ((e: Error) => void) | undefined;
  channel.on('data', () => answered?.(performance.now()));
  child.once('exit', (code) => failed?.(new Error(`${interpreter} ${echoArgs.join(' ')} exited with ${code}: ${stderr.trim()}`)));
  const values: number[] = [];
  let cpu: ReturnType<typeof cpuCounter> | undefined;
  try {
    for (let i = 0; i < warmup + count && !signal.aborted; i++) {
      if (i === warmup) cpu = cpuCounter(child.pid);
      const line = requestLine(i + 2);
      const ms = await new Promise<number>((resolve, reject) => {
        failed = reject;
        const sentAt = performance.now();
        answered = (at) => resolve(at - sentAt);
        channel.write(line);
      });
      if (i >= warmup) values.push(ms);
    }
    const used = cpu?.perRequest(values.length);
    if (used !== undefined) cpuPerRequest?.(used);
  } finally {
    answered = failed = undefined;
    channel.end();
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  }
  return values;
}

/** (a) at the early shape: `shape.environments` fresh echo peers, each `shape.perEnvironment` recorded round trips after `shape.warmup`. */
export async function measureEarlyEcho(
  interpreter: string,
  echoArgs: string[],
  shape: EarlyShape,
  signal: AbortSignal,
  placement?: HarnessCpu,
): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < shape.environments && !signal.aborted; i++)
    values.push(...(await measureEcho(interpreter, echoArgs, shape.perEnvironment, shape.warmup, signal, undefined, placement)));
  return values;
}

/**
 * (b) The dedicated loop: tinybench over one environment, `count` recorded
 * warm requests after `warmup` unrecorded ones, nothing recorded between
 * requests, back to back as the runner's warm loop (a sandboxed environment
 * stays thawed between them).
 */
export async function measureDedicatedLoop(
  setup: RuntimeSetup,
  env: Record<string, string>,
  cwd: string,
  count: number,
  warmup: number,
  signal: AbortSignal,
  sandbox?: SandboxRequest,
  /** Receives the environment's CPU time per recorded request, in ms (bare environments, where /proc tells it). */
  cpuPerRequest?: (ms: number) => void,
): Promise<number[]> {
  const environment = new LocalEnvironment({
    interpreter: setup.interpreter,
    args: setup.harnessArgs,
    env,
    cwd,
    timeoutMs: 30_000,
    ...(sandbox ? { sandbox } : {}),
  });
  const values: number[] = [];
  const onAbort = () => environment.kill(); // the request in flight fails, and with it the loop
  signal.addEventListener('abort', onAbort);
  try {
    await environment.request({});
    await environment.peakMemoryMb;
    environment.backToBack(true);
    let recording = false;
    let cpu: ReturnType<typeof cpuCounter> | undefined;
    const bench = new Bench({ iterations: count, time: 0, warmupIterations: warmup, warmupTime: 0, throws: true });
    bench.add(
      'warm',
      async () => {
        const r = await environment.request({});
        if (recording) values.push(r.e2eMs);
        return { overriddenDuration: r.e2eMs };
      },
      {
        beforeAll: (mode) => {
          recording = mode === 'run';
          if (recording && !sandbox) cpu = cpuCounter(environment.pid);
        },
      },
    );
    // Sandboxed, on the harness's CPU as the runner's warm loop runs (EnvironmentSandbox.besideHarness).
    await environment.besideHarness(() => bench.run());
    const used = cpu?.perRequest(values.length);
    if (used !== undefined) cpuPerRequest?.(used);
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await environment.close();
  }
  return values;
}

/**
 * (c) One run of `npm run bench`'s pipeline (runBenchmark with the LocalTarget:
 * preflight, `environments` cold samples and `count` warm samples spread over
 * them, each environment's after `warmup` unrecorded ones, recorded and
 * appended to samples.csv by RunWriter) in a temporary folder; returns the
 * warm rows' e2e_ms as samples.csv holds them. Throws when a warm row failed.
 */
export async function measureBenchPath(
  scenario: Scenario,
  context: LocalContext,
  count: number,
  warmup: number,
  environments = 1,
): Promise<number[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'coldbench-overhead-bench-'));
  try {
    const target = new LocalTarget({ ...context, warmup });
    const quiet = () => undefined;
    await runBenchmark(
      target,
      [scenario],
      {
        runId: 'overhead-bench-path',
        started: new Date(),
        dir: path.join(dir, 'run'),
        dirMustBeNew: true,
        cold: environments,
        warm: count,
        warmup,
        traffic: DEFAULT_TRAFFIC,
        imports: false,
        importsMethod: 'off',
        command: ['bench:overhead (bench path)'],
        skipped: [],
        derived: [],
      },
      { stdout: quiet, stderr: quiet },
    );
    const rows = parse(readFileSync(path.join(dir, 'run', 'samples.csv')), { columns: true }) as Record<string, string>[];
    const warm = rows.filter((r) => r.kind === 'warm');
    const failed = warm.find((r) => r.error);
    if (failed) throw new Error(`the bench path's warm row ${failed.sample} failed: ${failed.error}`);
    return warm.map((r) => Number(r.e2e_ms));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `options.rounds` rounds; in each, for every runtime, a block of every path
 * (echo, dedicated loop, bench path, and sandboxed where asked), the order
 * rotating. Each block takes `options.warmIterations / rounds` recorded round
 * trips after `options.warmupIterations / rounds` unrecorded ones, all from
 * one environment. With `options.earlyShape`, the echo and the bench path once
 * more at the positions where a default `npm run bench` records its warm rows.
 */
export async function measureWarmPaths(setups: WarmPathSetup[], options: OverheadOptions): Promise<void> {
  const per = Math.max(1, Math.round(options.warmIterations / options.rounds));
  const warmup = Math.max(1, Math.round(options.warmupIterations / options.rounds));
  for (let round = 0; round < options.rounds && !options.signal.aborted; round++) {
    const jobs: (() => Promise<void>)[] = [];
    for (const s of setups) {
      const keep = (measurement: WarmPath) => (values: number[]) => {
        if (options.signal.aborted) return;
        for (const valueMs of values) options.record({ round, runtime: s.runtime, measurement, valueMs });
      };
      const cpu = (measurement: 'echo-cpu' | 'peer-cpu' | 'warm-cpu') => (valueMs: number) => {
        if (!options.signal.aborted) options.record({ round, runtime: s.runtime, measurement, valueMs });
      };
      const env = envOf(s);
      jobs.push(async () => keep('echo')(await measureEcho(s.interpreter, s.echoArgs, per, warmup, options.signal, cpu('echo-cpu'))));
      const placement = options.harnessCpu;
      if (placement)
        jobs.push(async () =>
          keep('echo-one-cpu')(await measureEcho(s.interpreter, s.echoArgs, per, warmup, options.signal, undefined, placement)),
        );
      if (s.peerArgs) {
        const peer = { ...s, harnessArgs: s.peerArgs };
        jobs.push(async () =>
          keep('peer')(await measureDedicatedLoop(peer, env, options.cwd, per, warmup, options.signal, undefined, cpu('peer-cpu'))),
        );
      }
      jobs.push(async () =>
        keep('warm')(await measureDedicatedLoop(s, env, options.cwd, per, warmup, options.signal, undefined, cpu('warm-cpu'))),
      );
      jobs.push(async () => keep('bench-warm')(await measureBenchPath(s.bench.scenario, s.bench.context, per, warmup)));
      if (options.sandbox) {
        const sandbox = options.sandbox;
        jobs.push(async () => keep('sandbox-warm')(await measureDedicatedLoop(s, env, options.cwd, per, warmup, options.signal, sandbox)));
      }
      const sandboxed = s.bench.sandboxedContext;
      if (sandboxed) jobs.push(async () => keep('sandbox-bench-warm')(await measureBenchPath(s.bench.scenario, sandboxed, per, warmup)));
      const early = options.earlyShape;
      if (early) {
        const rows = early.perEnvironment * early.environments;
        jobs.push(async () => keep('echo-early')(await measureEarlyEcho(s.interpreter, s.echoArgs, early, options.signal)));
        if (placement)
          jobs.push(async () =>
            keep('echo-early-one-cpu')(await measureEarlyEcho(s.interpreter, s.echoArgs, early, options.signal, placement)),
          );
        jobs.push(async () =>
          keep('bench-warm-early')(await measureBenchPath(s.bench.scenario, s.bench.context, rows, early.warmup, early.environments)),
        );
        if (sandboxed)
          jobs.push(async () =>
            keep('sandbox-bench-warm-early')(await measureBenchPath(s.bench.scenario, sandboxed, rows, early.warmup, early.environments)),
          );
      }
    }
    for (const job of roundOrder(jobs, round)) {
      if (options.signal.aborted) break;
      await job();
    }
    options.progress(`warm paths: round ${round + 1}/${options.rounds}`);
  }
}
