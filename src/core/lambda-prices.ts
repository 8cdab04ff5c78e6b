/**
 * AWS Lambda prices in USD, first duration tier, without the free tier: the one
 * table that the AWS cost estimate and the traffic model both use. Dated,
 * because prices change; the traffic model takes overrides (`--price`).
 */
/** Lambda's instruction set architectures (the same names as src/aws/naming.ts). */
type Architecture = 'x86_64' | 'arm64';

export interface LambdaPrices {
  perMillionRequests: number;
  /** Per GB-second of on-demand duration; since 2025-08-01 INIT is billed as duration for every on-demand function. */
  perGbSecond: Record<Architecture, number>;
  /** Provisioned concurrency: per GB-second configured, whether used or not. */
  provisionedPerGbSecond: Record<Architecture, number>;
  /** Per GB-second of duration of requests served by provisioned concurrency. */
  provisionedDurationPerGbSecond: Record<Architecture, number>;
  /**
   * SnapStart (Python and .NET runtimes): caching a version's snapshot, per GB
   * of memory per second, for as long as the version exists and at least
   * `snapStartMinimumCacheSeconds`; and restoring it, per GB restored (every
   * cold start of a SnapStart version). Billed Restore Duration is billed as duration.
   */
  snapStartCachePerGbSecond: number;
  snapStartRestorePerGb: number;
  snapStartMinimumCacheSeconds: number;
}

export const LAMBDA_PRICES_AS_OF = '2026-11-22';
export const LAMBDA_PRICES_SOURCE = 'https://aws.amazon.com/lambda/pricing/';

/** US East (N. Virginia) prices; many regions charge the same. */
export const US_EAST_1_PRICES: LambdaPrices = {
  perMillionRequests: 0.2,
  perGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 },
  provisionedPerGbSecond: { x86_64: 0.0000041667, arm64: 0.0000033334 },
  provisionedDurationPerGbSecond: { x86_64: 0.0000097222, arm64: 0.0000077778 },
  snapStartCachePerGbSecond: 0.0000015046,
  snapStartRestorePerGb: 0.0001397998,
  snapStartMinimumCacheSeconds: 3 * 3600,
};
