import type { LazyDecision } from './node-lazy.js';

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
  /** Python: lazy modules that another module ran during INIT anyway (a `from x import y` elsewhere): deferred in name only. */
  ranAtInit?: string[];
}
