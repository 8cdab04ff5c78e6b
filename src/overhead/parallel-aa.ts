/**
 * The A/A check of parallel environments (`npm run bench:parallel`): the same
 * variants measured one at a time and side by side (--parallel auto) in
 * alternating blocks of the same run, so that drift hits both alike; then,
 * per variant and figure, whether running side by side shifted the median
 * (summarizeParallelAa, pure). docs/sandbox.md, "Parallel environments".
 */
import type { SampleRow } from '../core/model.js';
import { measureSections } from '../run/rounds.js';
import type { Scenario } from '../scenario/types.js';
import { bootstrapMedianDiffCi } from '../stats/bootstrap.js';
import { describe } from '../stats/describe.js';
import { DEFAULT_RESOLUTION_MS } from '../stats/resolution.js';
import type { LocalContext } from '../targets/local/local-runner.js';
import { LocalTarget } from '../targets/local/local-target.js';
import type { ParallelRequest } from '../targets/local/parallel-plan.js';

export type AaMode = 'one at a time' | 'side by side';

export interface AaRow extends SampleRow {
  mode: AaMode;
}

export interface ParallelAaOptions {
  runId: string;
  scenarios: Scenario[];
  context: LocalContext;
  memorySizes: number[];
  /** Blocks per mode; the modes alternate, the first one alternating too (ABBA…). */
  blocks: number;
  /** Rounds (cold samples per variant) in one block. */
  roundsPerBlock: number;
  /** Recorded warm samples per variant in one block. */
  warm: number;
  warmup: number;
  signal: AbortSignal;
  record: (row: AaRow) => void;
  progress: (line: string) => void;
}

/** Wall-clock time each mode took, in ms, and its cold samples (for the speed-up). */
export type AaTiming = Record<AaMode, { wallMs: number; coldSamples: number }>;

/** What `--parallel auto` decided per section (its description), and the block timings. */
export interface ParallelAaRun {
  plans: Record<string, string>;
  timing: AaTiming;
}

/** Runs the blocks; every row reaches `record` as it is measured. */
export async function runParallelAa(options: ParallelAaOptions): Promise<ParallelAaRun> {
  const target = (parallel: ParallelRequest) =>
    new LocalTarget({ ...options.context, warmup: options.warmup, memorySizes: options.memorySizes, parallel, skipPreflight: true });
  const targets: Record<AaMode, LocalTarget> = { 'one at a time': target(1), 'side by side': target('auto') };
  // The same sections for both modes: each target plans them by its own --parallel.
  const sections = await targets['side by side'].prepare(options.scenarios, options.signal);
  const plans: Record<string, string> = {};
  for (const section of sections) plans[section.name] = targets['side by side'].planOf(section).description;
  const timing: AaTiming = { 'one at a time': { wallMs: 0, coldSamples: 0 }, 'side by side': { wallMs: 0, coldSamples: 0 } };
  const samples = new Map<string, number>();
  try {
    for (let block = 0; block < options.blocks && !options.signal.aborted; block++) {
      const modes: AaMode[] = block % 2 === 0 ? ['one at a time', 'side by side'] : ['side by side', 'one at a time'];
      for (const mode of modes) {
        if (options.signal.aborted) break;
        options.progress(`block ${block + 1}/${options.blocks}: ${mode}`);
        const started = performance.now();
        await measureSections(targets[mode], sections, {
          runId: options.runId,
          cold: options.roundsPerBlock,
          warm: options.warm,
          signal: options.signal,
          progress: () => undefined,
          record: (row) => {
            // Sample numbers run on across blocks, per mode.
            const key = `${mode}\u0000${row.scenario}\u0000${row.variant}\u0000${row.kind}`;
            const sample = (samples.get(key) ?? 0) + 1;
            samples.set(key, sample);
            if (row.kind === 'cold') timing[mode].coldSamples++;
            options.record({ ...row, sample, mode });
          },
        });
        timing[mode].wallMs += performance.now() - started;
      }
    }
  } finally {
    await targets['one at a time'].cleanup();
    await targets['side by side'].cleanup();
  }
  return { plans, timing };
}

/** The figures compared. */
export const AA_FIGURES = ['cold e2e', 'INIT', 'first invoke', 'warm e2e'] as const;
export type AaFigure = (typeof AA_FIGURES)[number];

export type AaVerdict = 'no shift' | 'shifted' | 'inconclusive';

export interface AaComparison {
  section: string;
  variant: string;
  figure: AaFigure;
  serial: { n: number; median: number };
  parallel: { n: number; median: number };
  /** median(side by side) − median(one at a time), in ms, with its 95 % bootstrap interval. */
  diffMs: number;
  ci: [number, number];
  /** The largest shift still called "no shift", in ms. */
  toleranceMs: number;
  verdict: AaVerdict;
}

/**
 * The tolerance of a figure: 3 % of its one-at-a-time median (run-to-run drift
 * on a quiet machine is of that order), and never below the instrument's
 * resolution (DEFAULT_RESOLUTION_MS, ±186 µs): a smaller difference is one the
 * report already calls "equivalent within the instrument's resolution".
 */
export function aaTolerance(serialMedianMs: number): number {
  return Math.max(0.03 * serialMedianMs, DEFAULT_RESOLUTION_MS);
}

/** No shift: the interval of the difference lies within ±tolerance; shifted: it lies wholly beyond it; else inconclusive. */
export function aaVerdict(ci: readonly [number, number], toleranceMs: number): AaVerdict {
  if (ci[0] >= -toleranceMs && ci[1] <= toleranceMs) return 'no shift';
  if (ci[0] > toleranceMs || ci[1] < -toleranceMs) return 'shifted';
  return 'inconclusive';
}

function valuesOf(rows: readonly AaRow[], figure: AaFigure): number[] {
  const pick = (r: AaRow) =>
    figure === 'cold e2e' ? r.e2eMs : figure === 'INIT' ? r.initMs : figure === 'first invoke' ? r.invokeMs : r.e2eMs;
  const kind = figure === 'warm e2e' ? 'warm' : 'cold';
  return rows.filter((r) => r.kind === kind && !r.error).flatMap((r) => (pick(r) === undefined ? [] : [pick(r)!]));
}

/** Every section × variant × figure with samples in both modes, compared. */
export function summarizeParallelAa(rows: readonly AaRow[]): AaComparison[] {
  const groups = new Map<string, AaRow[]>();
  for (const row of rows) {
    const key = `${row.scenario}\u0000${row.variant}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const out: AaComparison[] = [];
  for (const [key, group] of groups) {
    const [section, variant] = key.split('\u0000') as [string, string];
    for (const figure of AA_FIGURES) {
      const serial = valuesOf(
        group.filter((r) => r.mode === 'one at a time'),
        figure,
      );
      const parallel = valuesOf(
        group.filter((r) => r.mode === 'side by side'),
        figure,
      );
      if (serial.length < 2 || parallel.length < 2) continue;
      const serialMedian = describe(serial).median;
      const parallelMedian = describe(parallel).median;
      const ci = bootstrapMedianDiffCi(parallel, serial);
      const toleranceMs = aaTolerance(serialMedian);
      out.push({
        section,
        variant,
        figure,
        serial: { n: serial.length, median: serialMedian },
        parallel: { n: parallel.length, median: parallelMedian },
        diffMs: parallelMedian - serialMedian,
        ci,
        toleranceMs,
        verdict: aaVerdict(ci, toleranceMs),
      });
    }
  }
  return out;
}
