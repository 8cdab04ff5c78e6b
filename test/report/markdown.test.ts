import { describe, expect, it } from 'vitest';
import { markdownReport } from '../../src/report/markdown.js';
import { summarize } from '../../src/core/summary.js';
import { baselineOf, compareVariants, leaders } from '../../src/report/verdict.js';
import { fixedRun } from './fixed-run.js';

describe('report.md', () => {
  it('renders the run table, the comparison and the verdict from fixed data', () => {
    const md = markdownReport(fixedRun());
    expect(md).toContain('# coldbench report: R1');
    expect(md).toContain('| harness | coldbench 0.1.0 at abcdef0123 |');
    expect(md).toContain('| samples per variant | 8 cold, 8 warm (after 3 unrecorded warm-up requests per environment) |');
    expect(md).toContain('| baseline | preload |');
    expect(md).toContain(
      '| preload (baseline) | preload | 105 ms [101 ms–108 ms] | 107 ms † | 108 ms † | 80.5 ms | 1.0 ms | 0.105 ms [0.101 ms–0.108 ms] | 0.108 ms † | 8 / 8 |  |',
    );
    expect(md).toContain(
      '| lazy | lazy | 54.5 ms [51.0 ms–58.0 ms] | 57.3 ms † | 57.9 ms † | 1.0 ms | 30.0 ms | 0.105 ms [0.101 ms–0.108 ms] | 0.108 ms † | 8 / 9 | 1 |',
    );
    expect(md).toContain('| lazy | cold e2e | −50.0 ms (−48 %) [−53.0 ms, −46.5 ms] | < 0.001 (< 0.001) | −1.00 (large) | faster |');
    expect(md).toContain('| lazy | first invoke | +29.0 ms (×30) [+29.0 ms, +29.0 ms] | < 0.001 (< 0.001) | 1.00 (large) | slower |');
    // identical warm samples: an interval of ±3 µs lies within the resolution
    expect(md).toMatch(
      /\| lazy \| warm e2e \| .* \| 1\.00 \(1\.00\) \| 0\.00 \(negligible\) \| equivalent within the instrument's resolution \(±186 µs\) \|/,
    );
    expect(md).toContain('- Fastest cold start: **lazy** (median 54.5 ms, 50.0 ms ahead of **preload**).');
    expect(md).toContain(
      "- Fastest warm request: no significant difference between **preload**, **lazy**; **lazy** equivalent to the lowest within the instrument's resolution (±186 µs).",
    );
    expect(md).toContain(
      '- **lazy** vs **preload**: cold start faster by 50.0 ms (48 %, 95 % CI [−53.0 ms, −46.5 ms], p < 0.001, Holm-adjusted < 0.001).',
    );
    expect(md).toContain(
      '| instrument resolution | ±186 µs (default: the largest error recovering a planted cost in the committed overhead report results/overhead-2026-11-22T11-01-55Z-local)',
    );
    expect(md).toContain("adjusted by Holm's method over the 4 comparisons of this table");
    expect(md).toContain('- Too few cold samples: preload (8), lazy (8).');
    expect(md).toContain('![Cold start, end to end: every sample per variant, with median and interquartile box](demo-cold.svg)');
    expect(md).toContain('](demo-phases.svg)');
    expect(md).toContain('](demo-warm.svg)');
    expect(md).toContain('**lazy**: 0 cold and 1 warm requests failed; the first error:');
    expect(md).toContain('Error: boom, "quoted"');
    expect(md).not.toContain('Partial run');
  });

  it('compares against the --baseline variant', () => {
    const run = fixedRun();
    run.meta.baseline = 'lazy';
    const md = markdownReport(run);
    expect(md).toContain('| lazy (baseline) |');
    expect(md).toContain('- **preload** vs **lazy**: cold start slower by 50.0 ms (92 %');
  });

  it('flags outliers and noisy metrics', () => {
    const run = fixedRun();
    const cold = run.samples.find((r) => r.variant === 'preload' && r.kind === 'cold' && r.sample === 8)!;
    cold.e2eMs = 400; // median 104.5, MAD 2 → z = 0.6745 · 295.5 / 2 ≈ 99.7
    const md = markdownReport(run);
    expect(md).toContain('- Outliers (modified z-score above 3.5 on the MAD, kept in the figures): preload cold e2e 1 of 8.');
    expect(md).toContain('- Noisy (coefficient of variation above 20 %): preload cold e2e 74 %.');
  });

  it('marks a partial run', () => {
    const run = fixedRun();
    run.meta.status = 'partial';
    expect(markdownReport(run)).toContain('> **Partial run**');
  });
});

describe('compareVariants and leaders', () => {
  const summaries = () => summarize(fixedRun());
  it('tests lazy against preload on the fixed run', () => {
    const [preload, lazy] = summaries();
    const c = compareVariants(lazy!, preload!, 'cold_e2e_ms')!;
    expect(c.diffMedian).toBe(-50);
    expect(c.pValue).toBeCloseTo(2 / 12870, 12); // exact: complete separation of 8 and 8
    expect(c.effect).toBe(-1);
    expect(c.significant).toBe(true);
    expect(compareVariants(lazy!, preload!, 'warm_e2e_ms')!.significant).toBe(false);
  });

  it('names one leader only when it is significantly faster', () => {
    expect(leaders(summaries(), 'cold_e2e_ms', 0.186).variants.map((v) => v.variant)).toEqual(['lazy']);
    const warm = leaders(summaries(), 'warm_e2e_ms', 0.186);
    expect(warm.variants.map((v) => v.variant)).toEqual(['preload', 'lazy']);
    expect(warm.equivalent.map((v) => v.variant)).toEqual(['lazy']);
  });

  it('takes the baseline by name, falling back to preload', () => {
    expect(baselineOf(summaries(), 'lazy')!.variant).toBe('lazy');
    expect(baselineOf(summaries(), 'nope')!.variant).toBe('preload');
    expect(baselineOf(summaries())!.variant).toBe('preload');
  });
});

describe('snapshots of the fixed run', () => {
  it('report.md', async () => {
    await expect(markdownReport(fixedRun())).toMatchFileSnapshot('./__snapshots__/fixed-run.report.md');
  });
});
