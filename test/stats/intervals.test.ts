import { describe, expect, it } from 'vitest';
import { bootstrapMedianDiffCi } from '../../src/stats/bootstrap.js';
import { minSamplesForQuantileCi, quantileCiRanks } from '../../src/stats/order-ci.js';
import { modifiedZScores, outlierIndexes } from '../../src/stats/outliers.js';
import { seededRandom } from '../../src/stats/rng.js';
import { compareSamples } from '../../src/stats/two-sample.js';

describe('quantileCiRanks', () => {
  // Ranks of distribution-free 95 % intervals (Conover, Practical Nonparametric Statistics, quantile test).
  it.each([
    [36, 0.9, [29, 36]],
    [35, 0.9, undefined],
    [100, 0.9, [84, 96]],
    [368, 0.99, [360, 368]],
    [367, 0.99, undefined],
    [1000, 0.99, [983, 997]],
    [20, 0.5, [6, 15]],
  ] as const)('n = %i, q = %f → %j', (n, q, ranks) => {
    expect(quantileCiRanks(n, q)).toEqual(ranks);
  });

  it('names the sample counts p50, p90 and p99 need', () => {
    expect([0.5, 0.9, 0.99].map((q) => minSamplesForQuantileCi(q))).toEqual([6, 36, 368]);
    expect(() => quantileCiRanks(10, 1)).toThrow(/q must be in/);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(xs[0]);
  });
});

describe('bootstrapMedianDiffCi', () => {
  it('is exact for constant samples and reproducible for a seed', () => {
    expect(bootstrapMedianDiffCi([5, 5, 5], [1, 1, 1])).toEqual([4, 4]);
    const a = [10, 12, 11, 13, 15, 11, 12, 14];
    const b = [20, 22, 21, 25, 23, 22, 24, 21];
    expect(bootstrapMedianDiffCi(a, b, { seed: 7 })).toEqual(bootstrapMedianDiffCi(a, b, { seed: 7 }));
    const [lo, hi] = bootstrapMedianDiffCi(a, b);
    // median(a) − median(b) = 12 − 22 = −10; every resampled difference lies in [min(a) − max(b), max(a) − min(b)]
    expect(lo).toBeLessThanOrEqual(-10);
    expect(hi).toBeGreaterThanOrEqual(-10);
    expect(lo).toBeGreaterThanOrEqual(-15);
    expect(hi).toBeLessThanOrEqual(-5);
  });
});

describe('outliers', () => {
  it('scores by 0.6745 · (x − median) / MAD and flags |z| > 3.5', () => {
    // median 3, absolute deviations 2,1,0,1,97 → MAD 1
    expect(modifiedZScores([1, 2, 3, 4, 100])).toEqual([-1.349, -0.6745, 0, 0.6745, 65.4265].map((z) => expect.closeTo(z, 10)));
    expect(outlierIndexes([1, 2, 3, 4, 100])).toEqual([4]);
    expect(outlierIndexes([5, 5, 5, 9])).toEqual([]); // MAD 0: nothing can be scored
  });
});

describe('compareSamples', () => {
  it('reports the difference, its interval, the U test and the effect', () => {
    const fast = [50, 51, 52, 53, 54, 55, 56, 57];
    const slow = [100, 101, 102, 103, 104, 105, 106, 107];
    const c = compareSamples(fast, slow)!;
    expect(c.diffMedian).toBe(-50);
    expect(c.baseMedian).toBe(103.5);
    expect(c.pValue).toBeCloseTo(2 / 12870, 12); // exact: one arrangement of C(16, 8) each way
    expect(c.pMethod).toBe('exact');
    expect(c.effect).toBe(-1);
    expect(c.effectLabel).toBe('large');
    expect(c.diffCi[1]).toBeLessThan(0);
    expect(c.significant).toBe(true);
  });

  it('finds no significant difference between interleaved samples and needs 3 values each', () => {
    const c = compareSamples([1, 3, 5, 7, 9], [2, 4, 6, 8, 10])!;
    expect(c.significant).toBe(false);
    expect(c.pValue).toBeCloseTo(0.6904761904761905, 12); // SciPy exact
    expect(compareSamples([1, 2], [3, 4, 5])).toBeUndefined();
  });
});
