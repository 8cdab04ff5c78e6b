/** One environment to start: a cold sample of `variant` followed by `warm` recorded warm samples. */
export interface Step<V> {
  /** 0-based round; every variant gets one step per round. */
  round: number;
  variant: V;
  warm: number;
}

/**
 * Interleaves variants in rounds so that machine drift (±20 % within minutes
 * here) hits every variant alike: round r runs all variants, starting at
 * variant r mod k, so none is always first or always after the same neighbour.
 * The warm samples are spread over the rounds as evenly as possible.
 */
export function interleavedSteps<V>(variants: readonly V[], cold: number, warm: number): Step<V>[] {
  const steps: Step<V>[] = [];
  for (let round = 0; round < cold; round++) steps.push(...roundSteps(variants, round, warmInRound(round, cold, warm)));
  return steps;
}

/** One round: every variant once, starting at variant `round mod k`. */
export function roundSteps<V>(variants: readonly V[], round: number, warm: number): Step<V>[] {
  const k = variants.length;
  return variants.map((_, i) => ({ round, variant: variants[(round + i) % k]!, warm }));
}

/** Warm samples per environment in a round when `warm` are spread over `rounds` rounds (0 after them). */
export function warmInRound(round: number, rounds: number, warm: number): number {
  if (round >= rounds) return 0;
  return Math.floor(warm / rounds) + (round < warm % rounds ? 1 : 0);
}

/** The part of run.json's order every target shares. */
export const INTERLEAVED_ORDER = 'interleaved: in each round every variant gets one fresh environment, the starting variant rotating';

/** How the rounds ran, for run.json and the report: `atOnce` is the target's concurrency (units measured at the same time). */
export function orderDescription(atOnce: number): string {
  const together =
    atOnce === 1 ? 'one environment at a time' : `up to ${atOnce} environments at a time, each unit one cold sample at a time`;
  return `${INTERLEAVED_ORDER}; ${together}`;
}
