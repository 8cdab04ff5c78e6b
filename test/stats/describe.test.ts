import { describe as suite, expect, it } from 'vitest';
import { describe, medianCiRanks } from '../../src/stats/describe.js';

suite('describe', () => {
  it('computes exact statistics of a known sample', () => {
    const d = describe([7, 1, 3, 5, 9, 2, 8, 4, 6, 10]);
    expect(d.n).toBe(10);
    expect(d.mean).toBe(5.5);
    expect(d.median).toBe(5.5);
    expect(d.p90).toBeCloseTo(9.1, 10); // type 7: 1 + 0.9·9 = 9.1th value
    expect(d.p99).toBeCloseTo(9.91, 10);
    expect(d.min).toBe(1);
    expect(d.max).toBe(10);
    expect(d.stddev).toBeCloseTo(Math.sqrt(82.5 / 9), 12); // sample stddev of 1..10
    expect(d.medianCi).toEqual([2, 9]); // ranks 2 and 9 of 1..10
  });

  it('has no interval below six values and a zero spread for one', () => {
    expect(describe([1, 2, 3, 4, 5]).medianCi).toBeUndefined();
    expect(describe([4]).stddev).toBe(0);
    expect(() => describe([])).toThrow();
  });
});

suite('medianCiRanks', () => {
  // Published order-statistic ranks for a 95 % interval of the median (binomial, p = ½).
  it.each([
    [5, undefined],
    [6, [1, 6]],
    [10, [2, 9]],
    [20, [6, 15]],
    [50, [18, 33]],
    [100, [40, 61]],
  ] as const)('n = %i → %j', (n, ranks) => {
    expect(medianCiRanks(n)).toEqual(ranks);
  });
});
