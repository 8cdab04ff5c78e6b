import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/model.js';
import { summarize } from '../../src/core/summary.js';
import { compareP99, trafficConclusions } from '../../src/report/traffic-section.js';
import { keepWarmCost } from '../../src/traffic/closed-form.js';
import { billedOf, ESTIMATED_PING_BILLED_MS, modelTraffic, pingOccupancyMs, prewarmedColdStartMs } from '../../src/traffic/plans.js';
import { pricesWith } from '../../src/traffic/prices.js';
import { DEFAULT_TRAFFIC } from '../../src/traffic/settings.js';
import { simulatedQuantiles } from '../../src/traffic/tail.js';
import { fixedRun, runWithPrewarmed } from '../report/fixed-run.js';

/** The fixed run with 1000 warm requests per variant: preload's 0.100–0.200 ms, lazy's 0.500–0.600 ms. */
function manyWarm(): RunResult {
  const run = fixedRun();
  run.samples = run.samples.filter((r) => r.kind === 'cold');
  for (const [variant, from] of [
    ['preload', 0.1],
    ['lazy', 0.5],
  ] as const) {
    for (let i = 1; i <= 1000; i++)
      run.samples.push({
        runId: 'R1',
        target: 'local',
        scenario: 'demo',
        runtime: 'node',
        variant,
        strategy: variant,
        kind: 'warm',
        sample: i,
        environment: `${variant}${i % 8}`,
        e2eMs: from + i / 10_000,
        invokeMs: 0.01,
      });
  }
  return run;
}

describe('percentiles of simulated latencies', () => {
  it('use the type-7 quantile and say which measured samples they rest on', () => {
    // 99 warm requests at 1..99 ms and one cold at 500 ms: p50 is warm (50 ms), p99 interpolates towards the cold one
    const latencies = Float64Array.from([...Array.from({ length: 99 }, (_, i) => i + 1), 500]);
    const cold = Uint8Array.from([...Array.from({ length: 99 }, () => 0), 1]);
    const [p50, p99] = simulatedQuantiles(latencies, cold, [0.5, 0.99], { cold: [500], warm: Array.from({ length: 99 }, (_, i) => i + 1) });
    expect(p50!.valueMs).toBe(50.5); // (100 − 1) · 0.5 = 49.5 → between 50 and 51
    expect(p50!.restsOn).toBe('warm');
    expect(p50!.quantileWithin).toBeCloseTo(50 / 99, 12);
    expect(p50!.ci).toEqual([40, 61]); // ranks 40 and 61 of 99 for the 50/99 quantile (binomial tails ≤ 2.5 %, checked by hand in Python)
    expect(p99!.valueMs).toBeCloseTo(99 + 0.01 * 401, 9);
    expect(p99!.restsOn).toBe('cold'); // it reaches up to the cold request
    expect(p99!.quantileWithin).toBe(0);
    expect(p99!.ci).toBeUndefined(); // one cold sample: no interval, a †
  });
});

describe('modelTraffic', () => {
  it('gives a p99 resting on 1000 warm samples an interval and tells the plans apart at the tail', () => {
    const results = modelTraffic(summarize(manyWarm()), { ...DEFAULT_TRAFFIC, ratesPerSecond: [0.001, 10] }, 1024);
    const at = (rate: number, variant: string) => results.find((r) => r.ratePerSecond === rate && r.variant === variant)!;
    expect(at(10, 'preload').coldShare).toBe(0);
    expect(at(10, 'preload').p99.restsOn).toBe('warm');
    expect(at(10, 'preload').p99.ci).toBeDefined();
    expect(at(10, 'preload').p99.valueMs).toBeGreaterThan(0.19);
    expect(at(10, 'preload').p99.valueMs).toBeLessThan(0.2);
    expect(compareP99(at(10, 'lazy'), at(10, 'preload'))).toBe('higher');
    // at 3.6/h 55 % are cold: the p99 is a high quantile of 8 cold samples, which have no interval for it
    expect(at(0.001, 'preload').p99.restsOn).toBe('cold');
    expect(at(0.001, 'preload').p99.ci).toBeUndefined();
    expect(compareP99(at(0.001, 'lazy'), at(0.001, 'preload'))).toBe('untested');
    const conclusions = trafficConclusions(results, summarize(manyWarm()));
    expect(conclusions).toContain(
      'p99 of **lazy** against **preload** on demand: higher at 10/s; not comparable at 3.6/h (†: too few samples for an interval of the tail).',
    );
    expect(conclusions.find((l) => l.startsWith('At 10/s:'))).toMatch(/^At 10\/s: lowest p99 preload, on demand \(0\.19\d ms\);/);
  });

  it('costs each memory size of an aws-style run at its own size, with the billed durations the run has', () => {
    const run = fixedRun();
    for (const row of run.samples) {
      row.memoryMb = row.variant === 'preload' ? 512 : 2048;
      row.billedMs = row.kind === 'cold' ? 300 : 2;
    }
    const [preload, lazy] = modelTraffic(summarize(run), { ...DEFAULT_TRAFFIC, ratesPerSecond: [10] }, 1024);
    expect(preload!.plan).toBe('preload @ 512 MB, on demand');
    expect(lazy!.plan).toBe('lazy @ 2048 MB, on demand');
    // at 10/s no request is cold after the warm-up: 2 ms billed at 0.5 and 2 GB
    expect(preload!.coldShare).toBe(0);
    expect(preload!.cost.duration).toBeCloseTo(1e6 * 0.002 * 0.5 * 0.0000166667, 12);
    expect(lazy!.cost.duration).toBeCloseTo(1e6 * 0.002 * 2 * 0.0000166667, 12);
  });

  it('models a prewarmed variant with keep-warm pings billed at the ping time and with provisioned concurrency', () => {
    const summaries = summarize(runWithPrewarmed());
    const prewarmed = summaries.find((v) => v.variant === 'prewarmed')!;
    const preload = summaries.find((v) => v.variant === 'preload')!;
    // a ping holds its environment for the warm round trip without the handler: 0.1045 − 0.01 ms
    expect(pingOccupancyMs(prewarmed)).toBeCloseTo(0.0945, 12);
    // a real cold start: first request to the pre-started environment + INIT 80 + preload's start overhead 104.5 − 80.45 − 1
    expect(prewarmedColdStartMs(prewarmed, preload)[0]).toBeCloseTo(0.21 + 80 + 23.05, 9);
    expect(billedOf(prewarmed)).toEqual({ coldMs: 81, warmMs: 1, initMs: 80 });

    const results = modelTraffic(summaries, { ...DEFAULT_TRAFFIC, ratesPerSecond: [0.001] }, 1024, preload).filter(
      (r) => r.variant === 'prewarmed',
    );
    expect(results.map((r) => [r.plan, r.coldShare, r.spillShare])).toEqual([
      ['prewarmed, keep-warm every 300 s', 0, 0],
      ['prewarmed, provisioned ×1', 0, 0],
    ]);
    const [keepWarm, provisioned] = results;
    // pings: 1e6 / (0.001 · 300) per million requests at $0.0000002 + 1 ms · 1 GB each (not the handler's warm time), to sampling error
    const closed = keepWarmCost(0.001, 300, { coldMs: 81, warmMs: 1 }, ESTIMATED_PING_BILLED_MS, 1, pricesWith());
    expect(keepWarm!.cost.pings / closed.pings).toBeCloseTo(1, 1);
    expect(provisioned!.cost.provisioned).toBeGreaterThan(4000); // 1e9 s of one 1 GB environment per million requests at 3.6/h
  });
});
