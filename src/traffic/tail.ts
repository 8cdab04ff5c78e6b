import { quantileOfSorted } from '../stats/describe.js';
import { quantileCiRanks } from '../stats/order-ci.js';

/** A percentile of simulated request latencies, and what it rests on. */
export interface SimulatedQuantile {
  valueMs: number;
  /** The kind of request the percentile falls on: its value comes from that kind's measured samples. */
  restsOn: 'cold' | 'warm';
  /** The quantile within that kind's latencies that the percentile corresponds to (0.99 for a p99 among warm requests only). */
  quantileWithin: number;
  /** How many measured samples of that kind it rests on. */
  samples: number;
  /**
   * Distribution-free 95 % interval of that quantile from the measured samples;
   * undefined when they are too few for one (the † of the reports): the value
   * is then near the largest latencies measured, not a measured tail.
   */
  ci?: [number, number];
}

/**
 * The q-quantiles of a simulation's latencies (type 7, as everywhere in the
 * reports), with the measured samples it rests on. Simulated latencies are
 * draws from the measured cold and warm samples, so a tail figure is only as
 * good as the measured tail of the kind of request it falls on: at a cold
 * share c, a p99 that falls among cold requests is their (1 − 0.01 / c)
 * quantile, which needs many more cold samples than a median.
 */
export function simulatedQuantiles(
  latenciesMs: Float64Array,
  cold: Uint8Array,
  qs: readonly number[],
  measured: { cold: readonly number[]; warm: readonly number[] },
): SimulatedQuantile[] {
  const n = latenciesMs.length;
  if (n === 0) throw new Error('simulatedQuantiles() needs at least one simulated request');
  let coldCount = 0;
  for (let i = 0; i < n; i++) coldCount += cold[i]!;
  const coldSorted = new Float64Array(coldCount);
  const warmSorted = new Float64Array(n - coldCount);
  for (let i = 0, c = 0, w = 0; i < n; i++) {
    if (cold[i]) coldSorted[c++] = latenciesMs[i]!;
    else warmSorted[w++] = latenciesMs[i]!;
  }
  coldSorted.sort();
  warmSorted.sort();
  const all = Float64Array.from(latenciesMs).sort();
  return qs.map((q) => quantileAt(all, coldSorted, warmSorted, q, measured));
}

/** Number of sorted values ≤ x (or < x when `strict`). */
function countAtOrBelow(sorted: Float64Array, x: number, strict = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (strict ? sorted[mid]! < x : sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const countBelow = (sorted: Float64Array, x: number) => countAtOrBelow(sorted, x, true);

function quantileAt(
  all: Float64Array,
  coldSorted: Float64Array,
  warmSorted: Float64Array,
  q: number,
  measured: { cold: readonly number[]; warm: readonly number[] },
): SimulatedQuantile {
  const n = all.length;
  const valueMs = quantileOfSorted(all, q);
  // The request the quantile reaches up to (the upper of the two it interpolates between): a cold one when that latency is
  // among the cold requests' (cold wins a tie: its samples are the fewer).
  const atRank = all[Math.min(n - 1, Math.ceil((n - 1) * q))]!;
  const inCold = countBelow(coldSorted, atRank) < countAtOrBelow(coldSorted, atRank);
  const restsOn = inCold || warmSorted.length === 0 ? 'cold' : 'warm';
  const ofKind = restsOn === 'cold' ? coldSorted : warmSorted;
  const quantileWithin = countAtOrBelow(ofKind, valueMs) / ofKind.length;
  const values = [...(restsOn === 'cold' ? measured.cold : measured.warm)].sort((a, b) => a - b);
  const ranks = quantileWithin > 0 && quantileWithin < 1 ? quantileCiRanks(values.length, quantileWithin) : undefined;
  return {
    valueMs,
    restsOn,
    quantileWithin,
    samples: values.length,
    ...(ranks ? { ci: [values[ranks[0] - 1]!, values[ranks[1] - 1]!] as [number, number] } : {}),
  };
}
