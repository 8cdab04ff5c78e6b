import { describe, expect, it } from 'vitest';
import { usd } from '../../src/report/format.js';
import { coldShare, keepWarmCost, onDemandCost, provisionedCost } from '../../src/traffic/closed-form.js';
import { PRICE_TABLE, pricesWith } from '../../src/traffic/prices.js';
import { DEFAULT_TRAFFIC, rateLabel } from '../../src/traffic/settings.js';

const prices = pricesWith();

describe('closed form of the traffic model (the oracle), hand-computed', () => {
  it('a request is cold when the gap before it exceeds the idle time: exp(−rate · idle)', () => {
    expect(coldShare(0.001, 600)).toBeCloseTo(Math.exp(-0.6), 15); // 0.5488
    expect(coldShare(1 / 600, 600)).toBeCloseTo(1 / Math.E, 15);
    expect(coldShare(10, 600)).toBe(0);
  });

  it('on demand: request fee plus duration, cold requests billed with their INIT', () => {
    // half the requests cold at 101 ms, half warm at 1 ms: 51 ms mean, 1 GB → 1e6 · 0.051 GB-s · $0.0000166667
    const c = onDemandCost(0.5, { coldMs: 101, warmMs: 1 }, 1, prices);
    expect(c.requests).toBeCloseTo(0.2, 12);
    expect(c.duration).toBeCloseTo(0.8500017, 9);
    expect(c.total).toBeCloseTo(1.0500017, 9);
  });

  it('keep-warm: no cold request, plus 1e6 / (rate · interval) pings of their billed duration', () => {
    // 0.001 req/s, pings every 300 s: 3 333 333.3 pings per million requests at $0.0000002 + 0.001 GB-s · $0.0000166667 each
    const c = keepWarmCost(0.001, 300, { coldMs: 101, warmMs: 5 }, 1, 1, prices);
    expect(c.duration).toBeCloseTo(1e6 * 0.005 * 0.0000166667, 9); // requests at their warm 5 ms, pings at their own 1 ms
    expect(c.pings).toBeCloseTo((1e6 / 0.3) * (0.0000002 + 0.001 * 0.0000166667), 9); // 0.72222…
    expect(c.total).toBeCloseTo(0.2 + 5 * 0.0166667 + 0.7222223, 6);
  });

  it('provisioned concurrency: one environment paid for the 1e8 s a million requests take at 0.01 req/s', () => {
    const c = provisionedCost(0.01, { coldMs: 101, warmMs: 1 }, 1, prices);
    expect(c.provisioned).toBeCloseTo(1e8 * 0.0000041667, 6); // $416.67
    expect(c.duration).toBeCloseTo(1e6 * 0.001 * 0.0000097222, 9);
    expect(c.total).toBeCloseTo(416.67 + 0.2 + 0.0097222, 6);
  });

  it('prices are dated, sourced and can be overridden by key', () => {
    expect(PRICE_TABLE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_TABLE.source).toContain('aws.amazon.com/lambda/pricing');
    expect(pricesWith({ request: 0.0000004 }).request).toBe(0.0000004);
    expect(() => pricesWith({ gbSeconds: 1 })).toThrow(
      'unknown price "gbSeconds"; known: request, gbSecond, provisionedGbSecond, provisionedDurationGbSecond, snapStartCacheGbSecond, snapStartRestoreGb',
    );
  });

  it('labels rates per hour, minute or second', () => {
    expect(DEFAULT_TRAFFIC.ratesPerSecond.map(rateLabel)).toEqual(['3.6/h', '36/h', '6/min', '1/s', '10/s']);
  });

  it('formats dollars', () => {
    expect([4166.7, 2.204, 0.2167, 0.0000722, 0].map(usd)).toEqual(['$4167', '$2.20', '$0.217', '$0.0000722', '$0']);
  });
});
