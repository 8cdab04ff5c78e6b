import { LAMBDA_PRICES_AS_OF, LAMBDA_PRICES_SOURCE, US_EAST_1_PRICES as P } from '../core/lambda-prices.js';

/**
 * The prices the traffic model uses: the x86 column of the shared Lambda price
 * table (src/lambda-prices.ts). Override any of them with `--price KEY=USD`.
 */
export const PRICE_TABLE = {
  asOf: LAMBDA_PRICES_AS_OF,
  source: `${LAMBDA_PRICES_SOURCE} (US East (N. Virginia), x86, first tier, no free tier)`,
  usd: {
    /** Per request. */
    request: P.perMillionRequests / 1e6,
    gbSecond: P.perGbSecond.x86_64,
    provisionedGbSecond: P.provisionedPerGbSecond.x86_64,
    provisionedDurationGbSecond: P.provisionedDurationPerGbSecond.x86_64,
    /** SnapStart: caching a version's snapshot per GB-second, and each restore per GB (for a snapstart variant's cold starts). */
    snapStartCacheGbSecond: P.snapStartCachePerGbSecond,
    snapStartRestoreGb: P.snapStartRestorePerGb,
  },
} as const;

export type PriceKey = keyof typeof PRICE_TABLE.usd;
export type Prices = Record<PriceKey, number>;

export const PRICE_KEYS = Object.keys(PRICE_TABLE.usd) as PriceKey[];

/** The table's prices with overrides applied; unknown keys are an error naming the known ones. */
export function pricesWith(overrides: Partial<Record<string, number>> = {}): Prices {
  const prices: Prices = { ...PRICE_TABLE.usd };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(PRICE_KEYS as string[]).includes(key)) throw new Error(`unknown price "${key}"; known: ${PRICE_KEYS.join(', ')}`);
    if (value !== undefined) prices[key as PriceKey] = value;
  }
  return prices;
}

/**
 * Where INIT billing is stated: since 2025-08-01 Lambda bills the INIT phase
 * of on-demand invocations of ZIP-packaged functions on managed runtimes too
 * (before, only custom runtimes, container images and provisioned concurrency
 * billed it). AWS Compute Blog, "AWS Lambda standardizes billing for INIT Phase"
 * (2025-04). Provisioned environments initialise when configured and pay the
 * provisioned-concurrency price for their configured time instead.
 */
export const INIT_BILLING_SOURCE =
  'AWS Compute Blog, "AWS Lambda standardizes billing for INIT Phase", aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/';
