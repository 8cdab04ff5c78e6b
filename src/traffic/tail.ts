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
export function simulatedQuantiles(latenciesMs: Float64Array, cold: Uint8Array, qs: readonly number[], measured: { cold: readonly number[]; warm: readonly number[] }): SimulatedQuantile[] {
  const n = latenciesMs.length;
  if (n === 0) throw new Error('simulatedQuantiles() needs at least one simulated request');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => latenciesMs[a]! - latenciesMs[b]! || cold[a]! - cold[b]!);
  const sorted = Float64Array.from(order, (i) => latenciesMs[i]!);
  return qs.map((q) => quantileAt(sorted, order, latenciesMs, cold, q, measured));
}

function quantileAt(sorted: Float64Array, order: number[], latenciesMs: Float64Array, cold: Uint8Array, q: number, measured: { cold: readonly number[]; warm: readonly number[] }): SimulatedQuantile {
  const n = sorted.length;
  const valueMs = quantileOfSorted(sorted, q);
  const at = order[Math.min(n - 1, Math.round((n - 1) * q))]!;
  const restsOn = cold[at] ? 'cold' : 'warm';
  const kind = restsOn === 'cold' ? 1 : 0;
  let ofKind = 0;
  let atOrBelow = 0;
  for (let i = 0; i < n; i++) {
    if (cold[i] !== kind) continue;
    ofKind++;
    if (latenciesMs[i]! <= valueMs) atOrBelow++;
  }
  const quantileWithin = atOrBelow / ofKind;
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
