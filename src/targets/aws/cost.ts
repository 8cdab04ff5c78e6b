import { US_EAST_1_PRICES, type LambdaPrices } from '../../core/lambda-prices.js';
import { functionCounts, usesProvisioned, type AwsPlan } from './plan.js';

const US_EAST_1 = US_EAST_1_PRICES;

/** Regions whose Lambda prices coldbench knows (all charge the US East prices). */
const PRICES: Record<string, LambdaPrices> = {
  'us-east-1': US_EAST_1,
  'us-east-2': US_EAST_1,
  'us-west-2': US_EAST_1,
  'eu-west-1': US_EAST_1,
  'eu-central-1': US_EAST_1,
};

export function pricesFor(region: string): { prices: LambdaPrices; known: boolean } {
  const prices = PRICES[region];
  return prices ? { prices, known: true } : { prices: US_EAST_1, known: false };
}

/** What an estimate assumes about durations it cannot know before the run. */
export interface CostAssumptions {
  /** INIT of a cold start (billed for on-demand functions since 2025-08-01). */
  initMs: number;
  /** The handler on a cold request. */
  coldInvokeMs: number;
  /** The handler on a warm request. */
  warmInvokeMs: number;
  /** How long one provisioned environment is kept (billed in 5-minute steps). */
  provisionedMinutes: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = { initMs: 1000, coldInvokeMs: 300, warmInvokeMs: 50, provisionedMinutes: 5 };

export interface CostEstimate {
  region: string;
  pricesKnown: boolean;
  requests: number;
  gbSeconds: number;
  provisionedGbSeconds: number;
  /** SnapStart: GB-seconds of cached snapshots (each version billed for at least the minimum) and GB restored. */
  snapshotCacheGbSeconds: number;
  snapshotRestoredGb: number;
  usd: { requests: number; duration: number; provisioned: number; snapStart: number; total: number };
  assumptions: CostAssumptions;
}

/**
 * An upper-bound style estimate of what a run costs: request fees, GB-seconds
 * (INIT included: on-demand INIT is billed since 2025-08-01) and provisioned
 * concurrency time, at the region's prices for each function's architecture.
 * Free tier not deducted. Pure.
 */
export function estimateCost(plan: AwsPlan, assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS): CostEstimate {
  const { prices, known } = pricesFor(plan.region);
  let requests = 0;
  let gbSeconds = 0;
  let durationUsd = 0;
  let provisionedGbSeconds = 0;
  let provisionedUsd = 0;
  let snapshotCacheGbSeconds = 0;
  let snapshotRestoredGb = 0;
  for (const f of plan.functions) {
    const gb = f.memoryMb / 1024;
    const c = functionCounts(f.variant.strategy, plan);
    requests += c.invocations;
    const pc = usesProvisioned(f.variant.strategy, plan.provisioned);
    const coldSeconds = (c.coldInvocations * (assumptions.initMs + assumptions.coldInvokeMs)) / 1000;
    const warmSeconds = ((c.invocations - c.coldInvocations) * assumptions.warmInvokeMs) / 1000;
    if (pc) {
      const held = c.provisionedConfigs * Math.ceil(assumptions.provisionedMinutes / 5) * 5 * 60 * gb;
      provisionedGbSeconds += held;
      provisionedUsd += held * prices.provisionedPerGbSecond[f.arch];
      // Requests to provisioned environments: no INIT on the request, duration at the provisioned rate.
      const served = (c.coldInvocations * assumptions.coldInvokeMs + (c.invocations - c.coldInvocations) * assumptions.warmInvokeMs) / 1000;
      gbSeconds += served * gb;
      durationUsd += served * gb * prices.provisionedDurationPerGbSecond[f.arch];
    } else if (c.snapshotRestores > 0) {
      // SnapStart: INIT runs once per published version (billed as duration here, an upper bound), each cold start is a
      // restore (per GB, plus its billed restore duration, assumed as long as INIT: an upper bound), and each version's
      // snapshot is cached for at least the minimum (coldbench deletes it after its samples).
      const seconds =
        (c.publishedVersions * assumptions.initMs + c.snapshotRestores * (assumptions.initMs + assumptions.coldInvokeMs)) / 1000 +
        warmSeconds;
      gbSeconds += seconds * gb;
      durationUsd += seconds * gb * prices.perGbSecond[f.arch];
      snapshotCacheGbSeconds += c.publishedVersions * prices.snapStartMinimumCacheSeconds * gb;
      snapshotRestoredGb += c.snapshotRestores * gb;
    } else {
      gbSeconds += (coldSeconds + warmSeconds) * gb;
      durationUsd += (coldSeconds + warmSeconds) * gb * prices.perGbSecond[f.arch];
    }
  }
  const snapStartUsd = snapshotCacheGbSeconds * prices.snapStartCachePerGbSecond + snapshotRestoredGb * prices.snapStartRestorePerGb;
  const requestsUsd = (requests / 1e6) * prices.perMillionRequests;
  return {
    region: plan.region,
    pricesKnown: known,
    requests,
    gbSeconds,
    provisionedGbSeconds,
    snapshotCacheGbSeconds,
    snapshotRestoredGb,
    usd: {
      requests: requestsUsd,
      duration: durationUsd,
      provisioned: provisionedUsd,
      snapStart: snapStartUsd,
      total: requestsUsd + durationUsd + provisionedUsd + snapStartUsd,
    },
    assumptions,
  };
}
