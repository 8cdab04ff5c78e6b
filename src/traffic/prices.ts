/**
 * AWS Lambda prices used by the traffic model: US East (N. Virginia), x86,
 * first duration tier, without the free tier. Dated: prices change; override
 * any of them with `--price KEY=USD`.
 */
export const PRICE_TABLE = {
  asOf: '2026-11-22',
  source: 'https://aws.amazon.com/lambda/pricing/ (US East (N. Virginia), x86, first tier, no free tier)',
  usd: {
    /** Per request ($0.20 per million). */
    request: 0.0000002,
    /** Per GB-second of on-demand duration; since 2025-08-01 INIT is billed as duration for every on-demand function. */
    gbSecond: 0.0000166667,
    /** Per GB-second of configured provisioned concurrency, whether used or not. */
    provisionedGbSecond: 0.0000041667,
    /** Per GB-second of duration of requests served by provisioned concurrency. */
    provisionedDurationGbSecond: 0.0000097222,
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
