import type { DerivationRecord } from './derivation.js';
import type { ScenarioImports } from '../imports/model.js';
import type { RuntimeName, Strategy } from './vocabulary.js';

export type SampleKind = 'cold' | 'warm';
import type { TargetName } from './strategies.js';
import type { ObservedTraffic } from './observed.js';
/** Where a run's environments ran. */
export type Target = TargetName;

/** One measured request: a row of samples.csv. Times in milliseconds; `undefined` means "does not apply". */
export interface SampleRow {
  runId: string;
  target: Target;
  scenario: string;
  variant: string;
  strategy: Strategy;
  runtime: RuntimeName;
  memoryMb?: number;
  kind: SampleKind;
  /** 1-based index among this variant's samples of this kind. */
  sample: number;
  /** Id the environment reported; empty when it never came up. */
  environment: string;
  e2eMs?: number;
  initMs?: number;
  invokeMs?: number;
  billedMs?: number;
  maxMemoryMb?: number;
  /** Filled when the request failed; such rows are reported but kept out of the statistics. */
  error?: string;
  /**
   * Local target: what the handler left pending once this response was written, as the bootstrap saw it
   * (formatPending: `none`, or `Timeout=1;Thread=2`, by the runtime's own names); undefined where unknown.
   */
  pendingAfter?: string;
  /** Local target, sandboxed: whether the environment was frozen while it waited after this response (false: the next request followed back to back, or it ended unfrozen). */
  frozenAfter?: boolean;
  /** Local target, sandboxed: CPU time its processes used from the moment it was frozen after this response until it was thawed for the next request or ended, in ms. */
  cpuAfterMs?: number;
}

/** The samples.csv columns, in the order docs/reading-reports.md documents (a contract scripts rely on). */
export const SAMPLE_COLUMNS = [
  ['run_id', 'runId'],
  ['target', 'target'],
  ['scenario', 'scenario'],
  ['variant', 'variant'],
  ['strategy', 'strategy'],
  ['runtime', 'runtime'],
  ['memory_mb', 'memoryMb'],
  ['kind', 'kind'],
  ['sample', 'sample'],
  ['environment', 'environment'],
  ['e2e_ms', 'e2eMs'],
  ['init_ms', 'initMs'],
  ['invoke_ms', 'invokeMs'],
  ['billed_ms', 'billedMs'],
  ['max_memory_mb', 'maxMemoryMb'],
  ['error', 'error'],
  ['pending_after', 'pendingAfter'],
  ['frozen_after', 'frozenAfter'],
  ['cpu_after_ms', 'cpuAfterMs'],
] as const satisfies readonly (readonly [string, keyof SampleRow])[];

/** samples.csv columns added after the first runs were written: a file without them reads as if their cells were empty. */
export const ADDED_SAMPLE_COLUMNS: ReadonlySet<string> = new Set(['pending_after', 'frozen_after', 'cpu_after_ms']);

/** A variant as it appears in a run, in the order it was declared. */
export interface VariantInfo {
  name: string;
  strategy: Strategy;
  handler: string;
  initializer?: string;
}

export interface ScenarioInfo {
  name: string;
  description: string;
  runtime: RuntimeName;
  /** The scenario's own environment variables, on top of the policy's. */
  env: Record<string, string>;
  variants: VariantInfo[];
}

/** What was run and where: run.json. */
export interface RunMeta {
  runId: string;
  harness: { name: 'coldbench'; version: string; gitCommit: string | null; gitDirty: boolean | null };
  target: Target;
  region: string | null;
  samples: { cold: number; warm: number; warmup: number };
  /**
   * Local target: how environments were isolated, one line per memory size
   * ("sandbox: cgroup v1, pid+mount namespaces, cpu quota 0.289 CPU invoke / 2 CPU init, memory 512 MB, …"
   * or "bare process: <why> (fix: …)"). A report never claims a fidelity it did not have.
   */
  isolation?: string[];
  /** Page cache policy: `warm` (files stay cached) or `disk-cold` (evicted before every cold sample, and how that was checked). */
  pageCache: { mode: 'warm' } | { mode: 'disk-cold'; filesPerScenario: Record<string, number>; residentBytesAfterEviction: number | null };
  order: string;
  host: { os: string; release: string; arch: string; cpu: string; cores: number; memoryGb: number };
  /** By runtime name (`python@/path` when scenarios use different interpreters of one runtime); `bytecode` says how Python bytecode is cached. */
  interpreters: Record<string, { path: string; version: string; bytecode?: string }>;
  /** `runtimeVariables`: what each runtime adds to the policy's variables (PYTHONPYCACHEPREFIX for Python). */
  environment: { policy: string; variables: Record<string, string>; runtimeVariables?: Record<string, Record<string, string>> };
  scenarios: ScenarioInfo[];
  /** Scenarios that were not run because modules they require are missing. */
  skipped?: { scenario: string; reason: string }[];
  /** Scenarios whose variants coldbench derived from one handler (--handler, `derive: true`): what it made lazy and why not. */
  derived?: DerivationRecord[];
  /** How the per-module import-time breakdown was taken, or that it was off. */
  importBreakdown?: string;
  startedAt: string;
  endedAt: string | null;
  /** `complete`, `partial` (interrupted) or `running`. */
  status: 'running' | 'complete' | 'partial';
  command: string[];
  /** The variant each scenario is compared against (`--baseline`); absent: `preload`. */
  baseline?: string;
  /** How the number of cold samples was decided; absent: fixed (`--cold N`). */
  sampling?: Sampling;
  /** Parameters of the traffic model in report.md; absent: the defaults. */
  traffic?: TrafficSettings;
  /** AWS target only: what was deployed and how the run went there. */
  aws?: AwsRunInfo;
  /**
   * The instrument's resolution for a difference, in ms: a difference whose
   * 95 % interval lies within ±resolutionMs is reported as equivalent, not as
   * faster or slower. Absent: the default of src/stats/resolution.ts (from the
   * committed overhead report); a run that measures its own floor sets it.
   */
  resolutionMs?: number;
  /** Set by `npm run report` when it rendered the run's files again from samples.csv and run.json. */
  rerendered?: { at: string; by: string };
}

/** Why adaptive sampling stopped taking rounds in a scenario. */
export type StopReason = 'target' | 'cap' | 'no-data' | 'interrupted';

/** `--cold auto`: rounds are added until the median's interval is narrow enough or the cap is reached. */
export interface AdaptiveSampling {
  mode: 'auto';
  /** Target half-width of the cold e2e median's 95 % interval, in % of the median. */
  targetPct: number;
  minRounds: number;
  maxRounds: number;
  /** Per scenario: rounds taken, what stopped them, and the widest relative half-width then. */
  scenarios: Record<string, { rounds: number; stoppedBy: StopReason; halfWidthPct: number | null }>;
}

export type Sampling = { mode: 'fixed' } | AdaptiveSampling;

/** The traffic model's inputs (see src/traffic/). */
export interface TrafficSettings {
  /** Arrival rates to model, requests per second. */
  ratesPerSecond: number[];
  /** Seconds an idle environment lives before it is reclaimed (an assumption; Lambda does not publish it). */
  idleReclaimSeconds: number;
  /** Seconds between keep-warm pings for a `prewarmed` variant. */
  pingIntervalSeconds: number;
  /** Memory size assumed for cost when the run has none (local runs). */
  memoryMb: number;
  /** `--traffic-from`: the observe run whose recorded arrivals the report replays (its folder as given, and what it holds). */
  from?: { dir: string; functionName: string; invocations: number; periodS: number };
  /** Price overrides, by key of the price table. */
  prices?: Partial<Record<string, number>>;
  /** Requests simulated per plan and rate after the warm-up (absent: the default of src/traffic/settings.ts). */
  simulatedRequests?: number;
  /** Billed ms of one keep-warm ping, where a run measured it; absent: estimated (see src/traffic/plans.ts). */
  pingBilledMs?: number;
}

/** Everything the exporters render. */
export interface RunResult {
  meta: RunMeta;
  samples: SampleRow[];
  /** Per scenario, where INIT time goes (imports.csv); absent when the breakdown was off. */
  imports?: ScenarioImports[];
  /** A deployed function's recorded traffic (`--traffic-from`): the report replays it for every strategy. */
  observed?: ObservedTraffic;
}

/** run.json's `aws` section. Account ids are redacted. */
export interface AwsRunInfo {
  architectures: string[];
  memoryMb: number[];
  roleArn: string;
  packaging: 'bundled' | 'unbundled';
  provisioned: boolean;
  keep: boolean;
  functions: { name: string; scenario: string; variant: string; memoryMb: number; arch: string; runtime: string; packageBytes: number }[];
  /** Cold samples that showed no INIT or a known environment and were taken again. */
  coldRetries: number;
  /** Of those, environments Lambda initialized ahead of the request (idle before it arrived): never counted as cold. */
  initializedAhead?: number;
  /** Cold samples whose INIT timed out or failed and ran again inside the first request (INIT_REPORT Status not success): recorded as cold, init_ms from INIT_REPORT. */
  suppressedInits?: number;
  /** The account's concurrency as GetAccountSettings gave it, and the functions measured at once. */
  concurrency?: { accountLimit?: number; unreserved?: number; measuredAtOnce: number };
  estimatedCostUsd: number;
  /** Functions that could not be deleted (empty after a clean run, or with --keep the ones kept). */
  leftovers: string[];
}
