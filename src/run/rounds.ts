import type { SampleKind, SampleRow, StopReason } from '../core/model.js';
import { precisionReached } from '../stats/adaptive.js';
import type { ScenarioImports } from '../imports/model.js';
import { interleavedSteps, roundSteps, warmInRound, type Step } from './plan.js';
import type { Section, Target, Unit } from './target.js';

/** `--cold auto`: rounds continue until every unit's cold e2e median is known within ±targetPct % (95 % CI), between minRounds and maxRounds. */
export interface AdaptiveOptions {
  targetPct: number;
  minRounds: number;
  maxRounds: number;
}

/** How many rounds a section took and what stopped them. */
export interface SectionSampling {
  rounds: number;
  stoppedBy: StopReason;
  halfWidthPct: number | null;
}

export interface RoundsOptions {
  runId: string;
  /** Cold samples per unit (rounds); with `adaptive`, ignored. */
  cold: number;
  adaptive?: AdaptiveOptions;
  warm: number;
  /** The variant the report compares against (the import breakdown takes it). */
  baseline?: string;
  signal: AbortSignal;
  /** Receives every row the moment it is measured. */
  record: (row: SampleRow) => void;
  progress: (line: string) => void;
  /** Receives each section's import-time breakdown, when the target gives one; absent: no breakdown. */
  recordImports?: (imports: ScenarioImports) => void;
}

/** Runs `fn` over `items` with at most `limit` at a time; starts nothing new once aborted. */
export async function mapLimit<T>(items: readonly T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * Measures every section in turn, its units interleaved round by round (the
 * first unit rotating). With fixed sampling every section takes `cold` rounds;
 * adaptively, after each full round from `minRounds` on, the cold e2e medians
 * decide whether another is needed (warm samples are spread over the first
 * `minRounds` rounds). Within a round up to `target.concurrency` units run at
 * once. Returns, per section, the rounds taken and why they stopped.
 */
export async function measureSections(
  target: Target,
  sections: Section[],
  options: RoundsOptions,
): Promise<Record<string, SectionSampling>> {
  const counters = new Map<string, number>();
  const nextSample = (unit: Unit, kind: SampleKind) => {
    const key = `${unit.section}\u0000${unit.variant.name}\u0000${kind}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };
  const { adaptive, signal } = options;
  const maxRounds = adaptive ? adaptive.maxRounds : options.cold;
  const warmRounds = adaptive ? adaptive.minRounds : options.cold;
  const total = sections.reduce((sum, s) => sum + s.units.length * maxRounds, 0);
  let done = 0;
  const sampling: Record<string, SectionSampling> = {};

  for (const section of sections) {
    if (signal.aborted) break;
    await target.beforeSection?.(section, signal);
    const coldValues = new Map<Unit, number[]>(section.units.map((u) => [u, []]));
    const atOnce = target.concurrencyOf?.(section) ?? target.concurrency;
    const measureStep = async (step: Step<Unit>) => {
      const rows: SampleRow[] = [];
      const unit = step.variant;
      await target.measure(
        unit,
        step.warm,
        (kind, fields, recordOptions) => {
          // A request cut short by the interrupt is not a sample; one answered before it is.
          if (signal.aborted && !recordOptions?.measuredBeforeInterrupt) return undefined;
          const row: SampleRow = {
            runId: options.runId,
            target: target.name,
            scenario: unit.section,
            variant: unit.variant.name,
            strategy: unit.variant.strategy,
            runtime: unit.scenario.runtime,
            ...(unit.memoryMb !== undefined ? { memoryMb: unit.memoryMb } : {}),
            kind,
            sample: nextSample(unit, kind),
            environment: '',
            ...fields,
          };
          rows.push(row);
          options.record(row);
          return row;
        },
        signal,
      );
      for (const r of rows) if (r.kind === 'cold' && !r.error && r.e2eMs !== undefined) coldValues.get(unit)!.push(r.e2eMs);
      done++;
      if (!signal.aborted) options.progress(progressLine(done, total, unit, step.round, maxRounds, rows, adaptive !== undefined));
    };
    let stop: SectionSampling | undefined;
    if (!adaptive && atOnce > 1 && target.roundsOverlap) {
      // Side by side with a fixed number of rounds: later rounds start while earlier ones finish, in round order.
      const doneBefore = done;
      await mapLimit(interleavedSteps(section.units, maxRounds, options.warm), atOnce, signal, measureStep);
      stop = signal.aborted
        ? { rounds: Math.floor((done - doneBefore) / section.units.length), stoppedBy: 'interrupted', halfWidthPct: null }
        : { rounds: maxRounds, stoppedBy: 'cap', halfWidthPct: null };
    }
    for (let round = 0; round < maxRounds && !stop; round++) {
      const steps = roundSteps(section.units, round, warmInRound(round, warmRounds, options.warm));
      await mapLimit(steps, atOnce, signal, measureStep);
      if (signal.aborted) {
        stop = { rounds: round, stoppedBy: 'interrupted', halfWidthPct: null };
      } else if (adaptive && round + 1 >= adaptive.minRounds) {
        const check = precisionReached([...coldValues.values()], adaptive.targetPct);
        if (check.noData) stop = { rounds: round + 1, stoppedBy: 'no-data', halfWidthPct: null };
        else if (check.reached) stop = { rounds: round + 1, stoppedBy: 'target', halfWidthPct: check.widestPct };
        else if (round + 1 === maxRounds) stop = { rounds: round + 1, stoppedBy: 'cap', halfWidthPct: check.widestPct };
        if (stop) options.progress(`${section.name}: ${stop.rounds} rounds, ${stopText(stop, adaptive)}`);
      }
    }
    sampling[section.name] = stop ?? { rounds: maxRounds, stoppedBy: 'cap', halfWidthPct: null };
    if (options.recordImports && target.breakDownImports && !signal.aborted) {
      const imports = await target.breakDownImports(section, options.baseline, signal);
      if (signal.aborted) break;
      if (!imports) continue; // the target took this scenario's breakdown in an earlier section
      options.recordImports({ ...imports, scenario: section.name });
      options.progress(
        `${section.name}: import-time breakdown of ${imports.variant}: ${imports.error ? `FAILED: ${imports.error.split('\n')[0]}` : `${imports.modules.length} modules, INIT ${imports.initMs.toFixed(1)} ms (instrumented)`}`,
      );
    }
  }
  return sampling;
}

function stopText(stop: SectionSampling, adaptive: AdaptiveOptions): string {
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

/** `[ 3/40] scenario · variant · round 2/20: cold 48.1 ms (INIT 40.2, invoke 1.3), warm median 0.2 ms` */
export function progressLine(
  done: number,
  total: number,
  unit: Unit,
  round: number,
  rounds: number,
  rows: SampleRow[],
  upTo = false,
): string {
  const cold = rows.find((r) => r.kind === 'cold');
  const warm = rows
    .filter((r) => r.kind === 'warm' && r.e2eMs !== undefined)
    .map((r) => r.e2eMs!)
    .sort((a, b) => a - b);
  const f = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(v < 1 ? 3 : 1));
  const billed = cold?.billedMs !== undefined ? `, billed ${cold.billedMs} ms` : '';
  const coldText = !cold
    ? 'stopped'
    : cold.error
      ? `FAILED: ${cold.error.split('\n')[0]}`
      : `cold ${f(cold.e2eMs)} ms (INIT ${f(cold.initMs)}, invoke ${f(cold.invokeMs)}${billed})`;
  const warmText = warm.length ? `, warm median ${f(warm[Math.floor(warm.length / 2)])} ms` : '';
  const width = String(total).length;
  const detail = unit.detail ? ` · ${unit.detail}` : '';
  return `[${String(done).padStart(width)}/${upTo ? '≤' : ''}${total}] ${unit.section} · ${unit.variant.name}${detail} · round ${round + 1}/${upTo ? '≤' : ''}${rounds}: ${coldText}${warmText}`;
}
