/**
 * Where INIT time goes, per module. Recorded in one extra, instrumented cold
 * environment per scenario that is never one of the measured samples.
 */

/** One module's first load, with times in milliseconds. */
export interface ImportRecord {
  /** Python module name, or for Node a path (relative to the scenario folder, or from the last node_modules/ on). */
  module: string;
  /** The module whose loading loaded this one first; undefined for an entry (handler or initializer module). */
  parent?: string;
  /** 0 for an entry module, 1 for what it imports, and so on. */
  depth: number;
  /** Loading this module alone, without the modules it loaded. */
  selfMs: number;
  /** This module and everything its loading loaded first. */
  cumulativeMs: number;
}

/** The verdict on one top-level import of the baseline variant. */
export type CandidateReason =
  /** Heavy, and the lazy variant served the measured request without loading it. */
  | 'not-on-request-path'
  /** Heavy, and the lazy variant loaded it for the measured request: lazy loading only moves its cost. */
  | 'on-request-path'
  /** Heavy; the scenario has no lazy variant to tell whether the request needs it. */
  | 'unchecked';

export interface LazyCandidate {
  module: string;
  cumulativeMs: number;
  /** cumulativeMs over the instrumented environment's INIT. */
  share: number;
  reason: CandidateReason;
}

/** The breakdown of one scenario. */
export interface ScenarioImports {
  scenario: string;
  runtime: string;
  /** The variant whose INIT was broken down (the baseline). */
  variant: string;
  /** How the times were taken, for the report (`python -X importtime`, …). */
  method: string;
  /** INIT of the instrumented environment (instrumentation included), the denominator of shares. */
  initMs: number;
  /** Modules first loaded during INIT, in load order. */
  modules: ImportRecord[];
  /** The lazy variant whose first request told which modules the request needs, if the scenario has one. */
  requestPathVariant?: string;
  candidates: LazyCandidate[];
  /**
   * Modules the baseline variant's first request loaded (imports made inside the
   * handler, a framework loading its routes on first use), in load order, from the
   * same instrumented environment. Their cost is in the first invoke, not INIT.
   */
  firstInvoke?: ImportRecord[];
  /** Why there is no breakdown (the instrumented environment failed), if so. */
  error?: string;
}

/** Timings of the modules an instrumented environment loaded, in load order. */
export interface ImportTiming {
  /** Modules first loaded during INIT. */
  init: ImportRecord[];
  /** Modules first loaded later, during the first request. */
  firstRequest: ImportRecord[];
}
