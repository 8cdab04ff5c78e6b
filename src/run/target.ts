import type { RunMeta, SampleKind, SampleRow } from '../core/model.js';
import type { TargetName } from '../core/strategies.js';
import type { ScenarioImports } from '../imports/model.js';
import type { Scenario, Variant } from '../scenario/types.js';

/**
 * One thing the pipeline measures in rounds: a variant of a scenario as a
 * target runs it (on AWS: one function, a variant at one memory size and architecture).
 */
export interface Unit {
  scenario: Scenario;
  variant: Variant;
  /** The report section the unit's rows belong to (their `scenario` column). */
  section: string;
  /** The memory size the unit runs with, when it has one (the rows' `memory_mb`). */
  memoryMb?: number;
  /** Printed in progress lines after the variant name (`512 MB x86_64`), if any. */
  detail?: string;
}

/** Units compared with each other: one report section, measured interleaved round by round. */
export interface Section {
  name: string;
  scenario: Scenario;
  units: Unit[];
}

/**
 * Records one row of a unit; the pipeline adds the run, scenario, variant and
 * sample number. Returns the row, or undefined once the run was interrupted
 * (a request cut short is not a sample) unless `measuredBeforeInterrupt` says
 * its response arrived before the interrupt (a row held to be completed later).
 */
export type RecordRow = (
  kind: SampleKind,
  fields: Partial<SampleRow>,
  options?: { measuredBeforeInterrupt?: boolean },
) => SampleRow | undefined;

/** What a target adds to run.json: where and how its environments ran. */
export type TargetDescription = Pick<RunMeta, 'region' | 'order' | 'interpreters' | 'environment' | 'pageCache'> &
  Partial<Pick<RunMeta, 'aws' | 'skipped' | 'isolation'>>;

/**
 * Where environments run. The pipeline (src/run/) owns everything else: the
 * rounds and their order, adaptive stopping, recording, the run's files,
 * interrupts and exit codes. A target only starts environments and measures them.
 */
export interface Target {
  readonly name: TargetName;
  /**
   * Everything that must hold before measuring: credentials, packages, deployed
   * functions, handlers that load. Throws a ConfigError for the user's mistakes.
   * Returns the sections to measure, in order.
   */
  prepare(scenarios: Scenario[], signal: AbortSignal): Promise<Section[]>;
  /** Called before a section's first round (the local target starts an unmeasured environment there). */
  beforeSection?(section: Section, signal: AbortSignal): Promise<void>;
  /**
   * One fresh environment of `unit`: its cold sample, then `warm` recorded warm
   * samples from the same environment. Failures are recorded as rows, not thrown.
   */
  measure(unit: Unit, warm: number, record: RecordRow, signal: AbortSignal): Promise<void>;
  /** How many units may be measured at once (independent environments on independent hosts). */
  readonly concurrency: number;
  /**
   * How many of a section's units may be measured at once, when it depends on
   * the section (local: sandboxed environments at a small CPU share). Absent: `concurrency`.
   */
  concurrencyOf?(section: Section): number;
  /**
   * Whether a unit may have environments of several rounds at once, so that with
   * a fixed number of rounds later rounds start while earlier ones finish (local:
   * each environment is a new process). Absent: rounds stay whole (AWS: a unit is
   * one function, which takes one cold sample at a time).
   */
  readonly roundsOverlap?: boolean;
  /** Where a section's INIT time goes, per module, from extra instrumented environments that are never samples. Absent: the target cannot say. */
  breakDownImports?(section: Section, baseline: string | undefined, signal: AbortSignal): Promise<ScenarioImports | undefined>;
  /** Why the import breakdown is not available on this target (when breakDownImports is absent). */
  readonly noImportBreakdown?: string;
  /** Releases everything the run created (functions, environments); always called, also after an interrupt. Returns what could not be released. */
  cleanup(progress: (line: string) => void): Promise<string[]>;
  /** Kills whatever is running at once, before a forced exit (third Ctrl-C). */
  abandon?(): void;
  /** What is still held that cleanup would release (for the second Ctrl-C). */
  pending(): string[];
  /** One line for the run's closing message (AWS: how many cold samples were taken again), if any. */
  closingNote?(): string | undefined;
  /** The target's part of run.json. */
  describe(): TargetDescription;
}
