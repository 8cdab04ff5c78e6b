import { describe, expect, it } from 'vitest';
import { precisionReached, relativeHalfWidth } from '../../src/stats/adaptive.js';

describe('adaptive sampling decision', () => {
  it('measures the wider side of the median interval relative to the median', () => {
    // 1..10: median 5.5, interval ranks 2 and 9 → [2, 9], half-width 3.5 → 63.6 %
    expect(relativeHalfWidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeCloseTo(3.5 / 5.5, 12);
    // 100..109 : median 104.5, [101, 108] → 3.5 / 104.5
    expect(relativeHalfWidth([100, 101, 102, 103, 104, 105, 106, 107, 108, 109])).toBeCloseTo(3.5 / 104.5, 12);
    expect(relativeHalfWidth([1, 2, 3, 4, 5])).toBeUndefined(); // no interval below 6 values
    // sub-millisecond jitter within ±0.5 ms counts as known
    expect(relativeHalfWidth([0.2, 0.25, 0.3, 0.21, 0.4, 0.22])).toBe(0);
  });

  it('stops when every variant with values is within the target', () => {
    const tight = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]; // 3.35 %
    const loose = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(precisionReached([tight], 5)).toEqual({ reached: true, widestPct: (3.5 / 104.5) * 100, noData: false });
    expect(precisionReached([tight, loose], 5).reached).toBe(false);
    expect(precisionReached([tight, []], 5).reached).toBe(true); // a variant whose requests all fail is ignored
    expect(precisionReached([tight, [1, 2, 3]], 5)).toEqual({ reached: false, widestPct: (3.5 / 104.5) * 100, noData: false }); // too few for an interval
    expect(precisionReached([[], []], 5)).toEqual({ reached: false, widestPct: null, noData: true });
  });
});
