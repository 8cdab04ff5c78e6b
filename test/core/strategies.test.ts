import { describe, expect, it } from 'vitest';
import { STRATEGY_TABLE, strategyOf } from '../../src/core/strategies.js';
import { STRATEGIES } from '../../src/core/vocabulary.js';

describe('the strategy table', () => {
  it('has one row per strategy, named as its key', () => {
    expect(Object.keys(STRATEGY_TABLE).sort()).toEqual([...STRATEGIES].sort());
    for (const s of STRATEGIES) expect(strategyOf(s).name).toBe(s);
  });

  it('is consistent: a strategy that pings first has served that ping before its measured request and paid INIT off the request path', () => {
    for (const s of STRATEGIES) {
      const d = strategyOf(s);
      expect(d.pingsFirst, s).toBe(d.servedBeforeMeasured > 0);
      if (d.pingsFirst) expect(d.initOnRequestPath, s).toBe(false);
      expect(Object.keys(d.targets).length, s).toBeGreaterThan(0);
    }
    expect(strategyOf('prewarmed').coldRowMeaning).toContain('pre-started environment');
  });
});
