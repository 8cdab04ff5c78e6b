import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/stats/proportion.js';

describe('wilsonInterval', () => {
  it('matches published values (Newcombe 1998, 95 %)', () => {
    // 81 of 263: 0.2553–0.3662 (Newcombe, Statistics in Medicine 17:857, table I, method 3).
    const [lo, hi] = wilsonInterval(81, 263)!;
    expect(lo).toBeCloseTo(0.2553, 4);
    expect(hi).toBeCloseTo(0.3662, 4);
    // 0 of 10: 0–0.2775.
    const [lo0, hi0] = wilsonInterval(0, 10)!;
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.2775, 4);
  });

  it('has no interval without observations and rejects impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeUndefined();
    expect(() => wilsonInterval(5, 4)).toThrow(/5 successes out of 4/);
  });
});
