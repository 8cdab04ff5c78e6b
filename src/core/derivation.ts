/** How a scenario's variants were derived from one handler: run.json's `derived`, and the report's "What lazy loading would change". */
export interface DerivationRecord {
  scenario: string;
  runtime: string;
  /** The original handler, `file.export`, and its absolute path. */
  handler: string;
  file: string;
  /** Where the list of lazy modules came from. */
  chosenFrom: string;
  /** The modules chosen for lazy loading, with their cumulative import time in the original's instrumented INIT when known. */
  modules: { module: string; shownAs?: string; cumulativeMs?: number }[];
  /** What became of each top-level import of a chosen module. */
  decisions: LazyDecision[];
  /** What the derived copy cannot reproduce exactly. */
  notes: string[];
  /** Folder of the derived files (relative to the run folder when inside it). */
  folder: string;
  /** Per derived variant: the files it runs. */
  variants: { name: string; strategy: string; files: string[] }[];
  /**
   * Python lazy variant: the lazy modules its measured request ran (the rest it never loads).
   * Node: every lazy module is loaded by the first request, before the handler runs.
   */
  loadedByRequest?: string[];
  /** Lazy modules that another module loaded during INIT anyway (Python: a `from x import y` elsewhere; Node: a static import in another file): deferred in name only. */
  ranAtInit?: string[];
  /**
   * The modules the original's first request imported itself (in its instrumented
   * environment): the initializer imports them during INIT, the prewarmed variant's
   * ping imports them. Python module names; Node file: URLs or builtin names.
   */
  firstInvokeImports?: string[];
  /** What the check of responses before sampling did (absent: not run yet). */
  responseCheck?: ResponseCheck;
}

/** How the derived variants' responses were compared with the original's before sampling. */
export type ResponseCheck =
  /** Compared (deep-equal JSON), except at `ignored`: paths where the original answered differently in two fresh environments. */
  | { compared: true; ignored: string[] }
  /** Not compared, with the reason (the flag that skipped it, or an original that never answers the same way twice). */
  | { compared: false; why: string };

/** What became of one import of a module chosen for lazy loading. */
export interface LazyDecision {
  /** The specifier as written (`pdf-lib`, `./invoice.mjs`). */
  module: string;
  /** Line of the import in the original file. */
  line: number;
  lazy: boolean;
  /**
   * How a lazy import is loaded: `at-use`: each use awaits (ESM) or calls (CommonJS) a
   * loader, so the module loads on the first request that reaches a use, never before;
   * `first-request`: a use sits where that cannot be written (a non-async function, a
   * shadowing local name), so the module is loaded before the handler runs, on the first request.
   */
  how?: 'at-use' | 'first-request';
  /** Local names the import binds. */
  bindings: string[];
  /** Why it was left as it is (when not lazy). */
  why?: string;
}
