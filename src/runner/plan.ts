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
  const k = variants.length;
  for (let round = 0; round < cold; round++) {
    const warmThisRound = Math.floor(warm / cold) + (round < warm % cold ? 1 : 0);
    for (let i = 0; i < k; i++) {
      steps.push({ round, variant: variants[(round + i) % k]!, warm: warmThisRound });
    }
  }
  return steps;
}

export const ORDER_DESCRIPTION =
  'interleaved: in each round every variant gets one fresh environment, the starting variant rotating; one environment at a time';
