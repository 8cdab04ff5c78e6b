import { describe, type Description } from '../stats/describe.js';

/** A request that arrived with nothing in flight, after `idleS` seconds without any: cold or not. */
export interface IdleArrival {
  idleS: number;
  cold: boolean;
}

export interface IdleBin {
  fromS: number;
  toS: number;
  warm: number;
  cold: number;
}

/** Bin edges for idle gaps, in seconds: fine around the 5–15 minutes idle environments are usually kept, coarse beyond. */
export const IDLE_BIN_EDGES_S = [
  0,
  1,
  10,
  60,
  120,
  180,
  240,
  300,
  360,
  420,
  480,
  540,
  600,
  720,
  900,
  1200,
  1800,
  3600,
  7200,
  14400,
  Infinity,
] as const;

export interface ReclaimEstimate {
  /** The idle time that best separates warm from cold idle arrivals (warm below, cold above); undefined without both kinds. */
  thresholdS?: number;
  /** Share of idle arrivals on the side of the threshold their kind predicts. */
  agreement?: number;
  /** The longest idle time an environment survived: the longest gap in one environment before a warm request. */
  longestSurvivedS?: number;
  /** The shortest idle time before a cold start that followed idleness. */
  shortestColdS?: number;
  /** Idle times before cold starts that followed idleness (not concurrency). */
  coldGaps?: Description;
  bins: IdleBin[];
}

/**
 * Estimates how long the platform keeps an idle environment. Pure. Among
 * requests that found nothing in flight, a request is cold when every earlier
 * environment was reclaimed: short gaps give warm requests, long ones cold
 * starts. The threshold is the decision stump that puts the most warm requests
 * below it and cold ones above it (the midpoint of the two gaps it falls
 * between); `longestSurvivedS` (from warm requests, per environment) bounds it from below.
 */
export function estimateReclaim(idle: readonly IdleArrival[], warmEnvironmentGapsS: readonly number[]): ReclaimEstimate {
  const bins: IdleBin[] = [];
  for (let i = 0; i + 1 < IDLE_BIN_EDGES_S.length; i++) {
    const fromS = IDLE_BIN_EDGES_S[i]!;
    const toS = IDLE_BIN_EDGES_S[i + 1]!;
    const inBin = idle.filter((a) => a.idleS >= fromS && a.idleS < toS);
    if (inBin.length > 0) bins.push({ fromS, toS, warm: inBin.filter((a) => !a.cold).length, cold: inBin.filter((a) => a.cold).length });
  }
  const coldGapsS = idle.filter((a) => a.cold).map((a) => a.idleS);
  const out: ReclaimEstimate = { bins };
  if (coldGapsS.length > 0) {
    out.coldGaps = describe(coldGapsS);
    out.shortestColdS = coldGapsS.reduce((a, b) => Math.min(a, b), Infinity);
  }
  if (warmEnvironmentGapsS.length > 0) out.longestSurvivedS = warmEnvironmentGapsS.reduce((a, b) => Math.max(a, b), 0);
  const sorted = [...idle].sort((a, b) => a.idleS - b.idleS);
  const totalCold = coldGapsS.length;
  if (totalCold === 0 || totalCold === sorted.length) return out;
  // Threshold between sorted[i − 1] and sorted[i]: warm below it are right, cold from i on are right.
  let best = -1;
  let bestIndex = 0;
  let warmBelow = 0;
  let coldBelow = 0;
  for (let i = 0; i <= sorted.length; i++) {
    if (i > 0) {
      if (sorted[i - 1]!.cold) coldBelow++;
      else warmBelow++;
    }
    const boundary = i > 0 && i < sorted.length && sorted[i]!.idleS === sorted[i - 1]!.idleS;
    if (boundary) continue; // no threshold between two equal gaps
    const correct = warmBelow + (totalCold - coldBelow);
    if (correct > best) {
      best = correct;
      bestIndex = i;
    }
  }
  const below = sorted[bestIndex - 1]?.idleS ?? 0;
  const above = sorted[bestIndex]?.idleS ?? below;
  out.thresholdS = (below + above) / 2;
  out.agreement = best / sorted.length;
  return out;
}
