import { median, quantileSorted } from 'simple-statistics';

/** Values whose modified z-score exceeds this are flagged (Iglewicz and Hoaglin). */
export const OUTLIER_Z = 3.5;

/**
 * Modified z-scores, 0.6745 · (x − median) / MAD, with MAD the median absolute
 * deviation: robust to the outliers they look for. All zero when MAD is 0.
 */
export function modifiedZScores(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const m = median([...values]);
  const deviations = values.map((v) => Math.abs(v - m)).sort((a, b) => a - b);
  const mad = quantileSorted(deviations, 0.5);
  return values.map((v) => (mad === 0 ? 0 : (0.6745 * (v - m)) / mad));
}

/** Indexes of the values with |modified z| > 3.5. They are flagged in reports, never dropped. */
export function outlierIndexes(values: readonly number[], threshold = OUTLIER_Z): number[] {
  return modifiedZScores(values).flatMap((z, i) => (Math.abs(z) > threshold ? [i] : []));
}
