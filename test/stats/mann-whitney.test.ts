import { describe, expect, it } from 'vitest';
import { cliffsDelta, effectLabel, exactUCdf, mannWhitney, midRanks } from '../../src/stats/mann-whitney.js';
import { erfc, normalUpperTail } from '../../src/stats/normal.js';

// Reference p-values from SciPy 1.17 `mannwhitneyu(x, y, alternative='two-sided')`
// (method 'exact' without ties, 'asymptotic' with use_continuity=True otherwise), as R's wilcox.test.
describe('mannWhitney', () => {
  it('gives the exact p-value without ties: complete separation of 3 and 3 values is 2/20', () => {
    expect(mannWhitney([1, 2, 3], [4, 5, 6])).toEqual({ u: 0, pValue: 0.1, method: 'exact' });
  });

  it('matches SciPy exactly on a 7 vs 6 sample', () => {
    const r = mannWhitney([12.1, 14.3, 11.8, 15.2, 13.3, 16.4, 12.9], [10.2, 11.1, 9.8, 12.4, 10.9, 11.6]);
    expect(r.u).toBe(40);
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeCloseTo(0.004662004662004662, 12);
  });

  it('uses the tie-corrected normal approximation with continuity correction when values tie', () => {
    const r = mannWhitney([1, 2, 2, 3, 4], [2, 3, 3, 5, 6, 7]);
    expect(r.u).toBe(6);
    expect(r.method).toBe('normal');
    expect(r.pValue).toBeCloseTo(0.11390314458853068, 6);
  });

  it('uses the normal approximation above 50 values per sample', () => {
    const x = Array.from({ length: 60 }, (_, i) => i + 1);
    const y = Array.from({ length: 55 }, (_, i) => i + 21.5);
    const r = mannWhitney(x, y);
    expect(r.u).toBe(780);
    expect(r.method).toBe('normal');
    expect(r.pValue / 1.1258207796772894e-6).toBeCloseTo(1, 5);
  });

  it('is symmetric and gives p = 1 for identical samples', () => {
    expect(mannWhitney([4, 5, 6], [1, 2, 3]).pValue).toBe(0.1);
    expect(mannWhitney([5, 5, 5], [5, 5, 5]).pValue).toBe(1);
  });

  it('rejects empty samples', () => {
    expect(() => mannWhitney([], [1])).toThrow(/at least one value/);
  });
});

describe('building blocks', () => {
  it('mid-ranks share ranks within ties and count t³ − t', () => {
    expect(midRanks([10, 20, 20, 30])).toEqual({ ranks: [1, 2.5, 2.5, 4], tieTerm: 6 });
  });

  it('the exact U distribution of 2 and 2 values is 1,1,2,1,1 sixths', () => {
    expect(exactUCdf(2, 2, 0)).toBeCloseTo(1 / 6, 15);
    expect(exactUCdf(2, 2, 2)).toBeCloseTo(4 / 6, 15);
    expect(exactUCdf(2, 2, 4)).toBeCloseTo(1, 15);
  });

  it('erfc and the normal tail match published values', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(normalUpperTail(1.959963984540054)).toBeCloseTo(0.025, 7);
    expect(normalUpperTail(-1)).toBeCloseTo(0.8413447460685429, 7);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 6);
  });

  it("Cliff's delta counts pairs: P(x > y) − P(x < y)", () => {
    expect(cliffsDelta([1, 2, 3], [4, 5, 6])).toBe(-1);
    expect(cliffsDelta([4, 5, 6], [1, 2, 3])).toBe(1);
    // x = [1, 3], y = [2, 2]: pairs 1<2, 1<2, 3>2, 3>2 → 0; x = [2, 3], y = [2, 1]: 2=2, 2>1, 3>2, 3>1 → (3 − 0) / 4
    expect(cliffsDelta([1, 3], [2, 2])).toBe(0);
    expect(cliffsDelta([2, 3], [2, 1])).toBe(0.75);
    expect([0.1, -0.2, 0.4, -0.9].map(effectLabel)).toEqual(['negligible', 'small', 'medium', 'large']);
  });
});
