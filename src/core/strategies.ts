import type { Strategy } from './vocabulary.js';

/** The targets a run can use. */
export type TargetName = 'local' | 'aws';

/**
 * Everything that depends on a strategy, in one row: runners, the traffic model,
 * the report and the deriver read these fields instead of comparing names.
 * Adding a strategy is one row here (see docs/extending.md).
 */
export interface StrategyDescriptor {
  name: Strategy;
  /** One line for --list, the report and the docs. */
  summary: string;
  /** The environment is started and sent the scenario's keep-warm ping before the measured request. */
  pingsFirst: boolean;
  /** Requests an environment has served before its measured cold request (the ping, for prewarmed). */
  servedBeforeMeasured: number;
  /** INIT is paid on the measured request's path (false: it was paid before the request arrived). */
  initOnRequestPath: boolean;
  /** What a `cold` row of this strategy is, in the report's words. */
  coldRowMeaning: string;
  /** Whether a traffic model plan keeps its environments warm with pings (and so bills them). */
  keptWarmByPings: boolean;
  /** Targets that can measure it. */
  targets: Partial<Record<TargetName, true>>;
  /** Why a target that cannot measure it cannot, for the refusal message. */
  refusal?: Partial<Record<TargetName, string>>;
  /** A cold start restores a snapshot taken after INIT (Lambda SnapStart): its REPORT shows Restore Duration, and restores and cached snapshots are billed. */
  restoresSnapshot?: boolean;
  /** coldbench can write this variant from the original handler (`derive: true`, --handler). */
  derivable: boolean;
}

const ALL_TARGETS = { local: true, aws: true } as const;

/** The strategy table. */
export const STRATEGY_TABLE: Readonly<Record<Strategy, StrategyDescriptor>> = {
  preload: {
    name: 'preload',
    summary: 'heavy imports at module top level: paid during INIT',
    pingsFirst: false,
    servedBeforeMeasured: 0,
    initOnRequestPath: true,
    coldRowMeaning: 'cold start: a new environment, its INIT and first request',
    keptWarmByPings: false,
    targets: ALL_TARGETS,
    derivable: true,
  },
  lazy: {
    name: 'lazy',
    summary: 'imported inside the handler on first use, cached after',
    pingsFirst: false,
    servedBeforeMeasured: 0,
    initOnRequestPath: true,
    coldRowMeaning: 'cold start: a new environment, its INIT and first request',
    keptWarmByPings: false,
    targets: ALL_TARGETS,
    derivable: true,
  },
  initializer: {
    name: 'initializer',
    summary: 'loaded in an initializer() hook that runs once per environment, before the first request',
    pingsFirst: false,
    servedBeforeMeasured: 0,
    initOnRequestPath: true,
    coldRowMeaning: 'cold start: a new environment, its INIT (with the initializer) and first request',
    keptWarmByPings: false,
    targets: ALL_TARGETS,
    derivable: true,
  },
  prewarmed: {
    name: 'prewarmed',
    summary: 'the environment is started and pinged before the measured request arrives',
    pingsFirst: true,
    servedBeforeMeasured: 1,
    initOnRequestPath: false,
    coldRowMeaning: 'first request to a pre-started environment (its INIT was paid before, off the request path)',
    keptWarmByPings: true,
    targets: ALL_TARGETS,
    derivable: true,
  },
  snapstart: {
    name: 'snapstart',
    summary: 'Lambda SnapStart: INIT runs once when a version is published; each new environment is restored from its snapshot',
    pingsFirst: false,
    servedBeforeMeasured: 0,
    initOnRequestPath: false,
    coldRowMeaning: 'cold start restored from a snapshot: init_ms is Restore Duration (INIT ran when the version was published)',
    keptWarmByPings: false,
    targets: { aws: true },
    refusal: {
      local:
        'no snapshot/restore of a process here: a local environment cannot be restored from a snapshot taken after INIT, so it would measure a plain cold start and call it snapstart',
    },
    restoresSnapshot: true,
    derivable: false,
  },
};

/** The descriptor of a strategy. */
export function strategyOf(name: Strategy): StrategyDescriptor {
  return STRATEGY_TABLE[name];
}

/** Whether a strategy's measured request goes to an environment started (and pinged) before it: its `cold` row is no cold start. */
export function preStarted(name: Strategy): boolean {
  return strategyOf(name).pingsFirst;
}
