import { describe } from './describe.js';

/** Below this half-width (ms) a median counts as known whatever its relative width: sub-millisecond round trips jitter by more than 5 %. */
export const ABSOLUTE_FLOOR_MS = 0.5;

/** The half-width of a median's distribution-free 95 % interval as a share of the median (the wider side); undefined below 6 values. */
export function relativeHalfWidth(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const d = describe(values);
  if (!d.medianCi) return undefined;
  const half = Math.max(d.median - d.medianCi[0], d.medianCi[1] - d.median);
  if (half <= ABSOLUTE_FLOOR_MS) return 0;
  return d.median > 0 ? half / d.median : Number.POSITIVE_INFINITY;
}

export interface PrecisionCheck {
  /** Every variant with values has its median within the target. */
  reached: boolean;
  /** The widest relative half-width among the variants, in %; null when no variant has an interval yet. */
  widestPct: number | null;
  /** No variant had a single value (all failed). */
  noData: boolean;
}

/**
 * Decides after a round whether another is needed: the target is reached when
 * every variant that produced values has its median's 95 % interval within
 * ±targetPct % (or ±0.5 ms). Variants without any value (all requests failed)
 * are ignored: more samples would not help them.
 */
export function precisionReached(valuesPerVariant: readonly (readonly number[])[], targetPct: number): PrecisionCheck {
  const measured = valuesPerVariant.filter((v) => v.length > 0);
  if (measured.length === 0) return { reached: false, widestPct: null, noData: true };
  const widths = measured.map(relativeHalfWidth);
  const known = widths.filter((w): w is number => w !== undefined);
  const widestPct = known.length > 0 ? Math.max(...known) * 100 : null;
  const reached = known.length === measured.length && widestPct !== null && widestPct <= targetPct;
  return { reached, widestPct, noData: false };
}
