import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/summary.js';
import { usd } from '../../src/report/format.js';
import { sameP99, trafficConclusions } from '../../src/report/traffic-section.js';
import { coldShare, keepWarmCost, mixtureQuantile, onDemandCost, provisionedCost } from '../../src/traffic/model.js';
import { modelTraffic } from '../../src/traffic/plans.js';
import { PRICE_TABLE, pricesWith } from '../../src/traffic/prices.js';
import { DEFAULT_TRAFFIC, rateLabel } from '../../src/traffic/settings.js';
import { fixedRun } from '../report/fixed-run.js';

const prices = pricesWith();

describe('traffic model, hand-computed', () => {
  it('a request is cold when the gap before it exceeds the idle time: exp(−rate · idle)', () => {
    expect(coldShare(0.001, 600)).toBeCloseTo(Math.exp(-0.6), 15); // 0.5488
    expect(coldShare(1 / 600, 600)).toBeCloseTo(1 / Math.E, 15);
    expect(coldShare(10, 600)).toBe(0);
  });

  it('takes quantiles of the cold/warm mixture from the empirical distributions', () => {
    const mix = [
      { weight: 0.5, values: [100, 200] },
      { weight: 0.5, values: [1, 2, 3, 4] },
    ];
    // CDF: 1 → 1/8, 2 → 2/8, 3 → 3/8, 4 → 4/8, 100 → 6/8, 200 → 1
    expect(mixtureQuantile(mix, 0.5)).toBe(4);
    expect(mixtureQuantile(mix, 0.51)).toBe(100);
    expect(mixtureQuantile(mix, 0.75)).toBe(100);
    expect(mixtureQuantile(mix, 0.99)).toBe(200);
    expect(mixtureQuantile([{ weight: 0, values: [100] }, { weight: 1, values: [1, 2] }], 0.99)).toBe(2);
  });

  it('on demand: request fee plus duration, cold requests billed with their INIT', () => {
    // half the requests cold at 101 ms, half warm at 1 ms: 51 ms mean, 1 GB → 1e6 · 0.051 GB-s · $0.0000166667
    const c = onDemandCost(0.5, { coldMs: 101, warmMs: 1 }, 1, prices);
    expect(c.requests).toBeCloseTo(0.2, 12);
    expect(c.duration).toBeCloseTo(0.850001700, 9);
    expect(c.total).toBeCloseTo(1.0500017, 9);
  });

  it('keep-warm: no cold request, plus 1e6 / (rate · interval) pings of warm duration', () => {
    // 0.001 req/s, pings every 300 s: 3 333 333.3 pings per million requests at $0.0000002 + 0.001 GB-s · $0.0000166667 each
    const c = keepWarmCost(0.001, 300, { coldMs: 101, warmMs: 1 }, 1, prices);
    expect(c.pings).toBeCloseTo((1e6 / 0.3) * (0.0000002 + 0.001 * 0.0000166667), 9); // 0.72222…
    expect(c.total).toBeCloseTo(0.2 + 0.0166667 + 0.7222223, 6);
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
    expect(() => pricesWith({ gbSeconds: 1 })).toThrow('unknown price "gbSeconds"; known: request, gbSecond, provisionedGbSecond, provisionedDurationGbSecond, snapStartCacheGbSecond, snapStartRestoreGb');
  });

  it('labels rates per hour, minute or second', () => {
    expect(DEFAULT_TRAFFIC.ratesPerSecond.map(rateLabel)).toEqual(['3.6/h', '36/h', '6/min', '1/s', '10/s']);
  });
});

function runWithPrewarmed() {
  const run = fixedRun();
  const base = { runId: 'R1', target: 'local', scenario: 'demo', runtime: 'node', variant: 'prewarmed', strategy: 'prewarmed' } as const;
  for (let i = 1; i <= 8; i++) {
    run.samples.push({ ...base, kind: 'cold', sample: i, environment: `w${i}`, e2eMs: 0.2, initMs: 80, invokeMs: 0.5 });
    run.samples.push({ ...base, kind: 'warm', sample: i, environment: `w${i}`, e2eMs: 0.1 + i / 1000, invokeMs: 0.01 });
  }
  run.meta.scenarios[0]!.variants.push({ name: 'prewarmed', strategy: 'prewarmed', handler: 'preload.handler' });
  return run;
}

describe('comparing plans at p99', () => {
  const variants = summarize(fixedRun());
  const plan = (variant: string, coldShare: number, p99Ms: number) => ({ variant, coldShare, p99Ms }) as Parameters<typeof sameP99>[0];

  it('treats warm-request p99s as alike unless the warm latencies differ significantly', () => {
    // preload and lazy have the same warm samples in the fixed run
    expect(sameP99(plan('preload', 0.001, 0.108), plan('lazy', 0.001, 0.5), variants)).toBe(true);
  });

  it('compares cold-request p99s within 5 %', () => {
    expect(sameP99(plan('preload', 0.5, 100), plan('lazy', 0.5, 104.9), variants)).toBe(true);
    expect(sameP99(plan('preload', 0.5, 100), plan('lazy', 0.5, 106), variants)).toBe(false);
  });

  it('formats dollars', () => {
    expect([4166.7, 2.204, 0.2167, 0.0000722, 0].map(usd)).toEqual(['$4167', '$2.20', '$0.217', '$0.0000722', '$0']);
  });
});

describe('modelTraffic on the fixed run', () => {
  it('models preload on demand at 3.6 requests per hour by hand', () => {
    const [preload] = modelTraffic(summarize(fixedRun()), { ...DEFAULT_TRAFFIC, ratesPerSecond: [0.001] }, 1024);
    const c = Math.exp(-0.6);
    expect(preload!.plan).toBe('preload, on demand');
    expect(preload!.coldShare).toBeCloseTo(c, 15);
    // warm values 0.101…0.108 hold weight 1 − c = 0.451 < 0.5, so the median is the smallest cold value
    expect(preload!.p50Ms).toBe(101);
    expect(preload!.p99Ms).toBe(108);
    // billed: cold ⌈80.45 + 1⌉ = 82 ms, warm ⌈0.01⌉ = 1 ms
    expect(preload!.cost.total).toBeCloseTo(0.2 + 1e6 * ((c * 82 + (1 - c) * 1) / 1000) * 0.0000166667, 12);
    expect(preload!.beyondModel).toBe(false);
  });

  it("uses Lambda's billed durations where the run has them", () => {
    const run = fixedRun();
    for (const row of run.samples) row.billedMs = row.kind === 'cold' ? 300 : 2;
    const [preload] = modelTraffic(summarize(run), { ...DEFAULT_TRAFFIC, ratesPerSecond: [0.001] }, 1024);
    const c = Math.exp(-0.6);
    expect(preload!.cost.duration).toBeCloseTo(1e6 * ((c * 300 + (1 - c) * 2) / 1000) * 0.0000166667, 9);
  });

  it('costs each memory size of an aws-style run at its own size', () => {
    const run = fixedRun();
    for (const row of run.samples) row.memoryMb = row.variant === 'preload' ? 512 : 2048;
    const [preload, lazy] = modelTraffic(summarize(run), { ...DEFAULT_TRAFFIC, ratesPerSecond: [10] }, 1024);
    expect(preload!.plan).toBe('preload @ 512 MB, on demand');
    expect(lazy!.plan).toBe('lazy @ 2048 MB, on demand');
    // at 10/s nothing is cold: 1 ms warm requests at 0.5 and 2 GB
    expect(preload!.cost.duration).toBeCloseTo(1e6 * 0.001 * 0.5 * 0.0000166667, 12);
    expect(lazy!.cost.duration).toBeCloseTo(1e6 * 0.001 * 2 * 0.0000166667, 12);
  });

  it('models a prewarmed variant as keep-warm and as provisioned, with no cold request', () => {
    const results = modelTraffic(summarize(runWithPrewarmed()), { ...DEFAULT_TRAFFIC, ratesPerSecond: [0.001, 1] }, 1024);
    const warm = results.filter((r) => r.variant === 'prewarmed');
    expect(warm.map((r) => [r.plan, r.ratePerSecond, r.coldShare])).toEqual([
      ['prewarmed, keep-warm every 300 s', 0.001, 0],
      ['prewarmed, provisioned ×1', 0.001, 0],
      ['prewarmed, keep-warm every 300 s', 1, 0],
      ['prewarmed, provisioned ×1', 1, 0],
    ]);
    expect(warm[0]!.p99Ms).toBeCloseTo(0.108, 12);
    const conclusions = trafficConclusions(results, summarize(runWithPrewarmed()));
    // at 3.6/h keep-warm ($0.2 + $0.0167 + $0.722) undercuts preload on demand (~$0.958); at 1/s pings are wasted ($0.2 + $0.0167 + $0.000722 vs $0.2167)
    expect(conclusions).toContain(
      'Pre-warming pays for itself in cost, not only in latency, where the INIT it saves outweighs the pings: prewarmed, keep-warm every 300 s costs no more than **preload** on demand at 3.6/h.',
    );
    expect(conclusions).toContain('p99 of **lazy** against **preload** on demand: lower at 3.6/h; alike at 1/s.');
    expect(conclusions[0]).toBe('At 3.6/h: lowest p99 prewarmed, keep-warm every 300 s / prewarmed, provisioned ×1 (0.108 ms); cheapest lazy, on demand ($0.491 per million).');
  });
});
