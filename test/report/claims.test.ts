import { describe, expect, it } from 'vitest';
import { comparisonMarkdown } from '../../src/compare/markdown.js';
import { compareRuns } from '../../src/compare/compare.js';
import type { RunResult } from '../../src/core/model.js';
import { csvSigned, interval, ms, signed } from '../../src/report/format.js';
import { markdownReport } from '../../src/report/markdown.js';
import { summaryCsv } from '../../src/report/csv.js';
import { svgCharts } from '../../src/report/svg.js';
import { judgeFamily } from '../../src/report/verdict.js';
import { holmAdjust } from '../../src/stats/holm.js';
import type { TwoSampleComparison } from '../../src/stats/two-sample.js';
import { fixedRun, runWithPrewarmed } from './fixed-run.js';

const comparison = (pValue: number, effect: number, diffCi: [number, number] = [1, 2]): TwoSampleComparison => ({
  diffMedian: (diffCi[0] + diffCi[1]) / 2,
  baseMedian: 100,
  diffCi,
  pValue,
  pMethod: 'normal',
  effect,
  effectLabel: Math.abs(effect) < 0.147 ? 'negligible' : Math.abs(effect) < 0.33 ? 'small' : Math.abs(effect) < 0.474 ? 'medium' : 'large',
  significant: pValue < 0.05,
});

describe('a prewarmed variant is not a cold start', () => {
  const md = markdownReport(runWithPrewarmed());

  it('names its cold row "first request to a pre-started environment" in the table, the comparison and the verdicts', () => {
    expect(md).toMatch(/\| prewarmed \| prewarmed \| 0\.245 ms \[[^\]]+\] § \|/);
    expect(md).toContain('§ first request to a pre-started environment: the environment was started and pinged before this request');
    expect(md).toMatch(/\| prewarmed \| first request to a pre-started environment \| −104 ms/);
    expect(md).toContain(
      "- **prewarmed** vs **preload**: its first request to a pre-started environment (INIT ran before it) faster than **preload**'s cold start by 104 ms (",
    );
    // the fastest cold start is among variants that start an environment
    expect(md).toContain('- Fastest cold start: **lazy** (median 54.5 ms, 50.0 ms ahead of **preload**).');
    expect(md).not.toMatch(/Fastest cold start: \*\*prewarmed\*\*/);
  });

  it('labels it in the cold chart and in a comparison of runs', () => {
    const cold = svgCharts(runWithPrewarmed()).find((c) => c.file === 'demo-cold.svg')!;
    expect(cold.svg).toContain('prewarmed (pre-started)');
    expect(cold.svg).toContain('prewarmed: first request to a pre-started environment, not a cold start');
    const later = runWithPrewarmed();
    later.meta.runId = 'R2';
    expect(comparisonMarkdown(compareRuns(runWithPrewarmed(), later, 10))).toContain(
      '| prewarmed | first request to a pre-started environment |',
    );
  });
});

describe('verdicts over many comparisons', () => {
  it("adjusts p-values by Holm's step-down method", () => {
    // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → monotone 0.06
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    for (const [i, p] of [0.03, 0.06, 0.06, 0.02].entries()) expect(adjusted[i]).toBeCloseTo(p, 12);
    expect(holmAdjust([0.6, 0.9])).toEqual([1, 1]);
  });

  it('does not call a raw p of 0.02 significant in a family of 4 where Holm lifts it over 0.05', () => {
    const [a, b] = judgeFamily([comparison(0.02, 0.2), comparison(0.03, 0.2), comparison(0.5, 0), comparison(0.6, 0)], 0.186);
    expect(a!.pHolm).toBeCloseTo(0.08, 12);
    expect(a!.significant).toBe(false);
    expect(a!.verdict).toBe('no-difference');
    expect(b!.family).toBe(4);
    // alone, the same comparison is significant
    expect(judgeFamily([comparison(0.02, 0.2)], 0.186)[0]!.verdict).toBe('slower');
  });

  it('says when the p-value and the effect size disagree', () => {
    const family = [comparison(0.012, 0.46), ...Array.from({ length: 11 }, () => comparison(0.5, 0))];
    const [j] = judgeFamily(family, 0.186);
    expect(j!.verdict).toBe('no-difference');
    expect(j!.pHolm).toBeCloseTo(0.144, 12); // 12 × 0.012
    expect(j!.disagreement).toBe(
      "the effect size (δ 0.46, medium) suggests a difference that the test does not confirm after Holm's correction: the two criteria disagree; take more samples",
    );
    const [negligible] = judgeFamily([comparison(0.001, 0.05)], 0.186);
    expect(negligible!.verdict).toBe('slower');
    expect(negligible!.disagreement).toContain('the effect size is negligible (δ 0.05)');
  });

  it('puts the disagreement into the report', () => {
    const run = fixedRun();
    // lazy's warm requests: every other one 1 ms slower, the rest a µs faster than preload's: δ ≥ 0.33 but no significant test with 8 values
    for (const row of run.samples)
      if (row.variant === 'lazy' && row.kind === 'warm' && row.e2eMs !== undefined) row.e2eMs += row.sample % 2 ? 1 : -0.001;
    const md = markdownReport(run);
    expect(md).toMatch(
      /\| lazy \| warm e2e \| .* \| no significant difference; the effect size \(δ 0\.\d\d, (medium|large)\) suggests a difference that the test does not confirm: the two criteria disagree; take more samples \|/,
    );
  });
});

describe('resolution-aware verdicts', () => {
  /** lazy's warm requests 0.03 ms slower than preload's: significant, but within the default resolution. */
  function slowerWarm(): RunResult {
    const run = fixedRun();
    for (const row of run.samples) if (row.variant === 'lazy' && row.kind === 'warm' && row.e2eMs !== undefined) row.e2eMs += 0.03;
    return run;
  }

  it('reports a difference whose interval lies within the default resolution as equivalent, and states the floor in the header', () => {
    const md = markdownReport(slowerWarm());
    expect(md).toMatch(
      /\| lazy \| warm e2e \| \+0\.030 ms \(\+29 %\) \[\+0\.0\d\d ms, \+0\.0\d\d ms\] \| < 0\.001 \(< 0\.001\) \| 1\.00 \(large\) \| equivalent within the instrument's resolution \(±186 µs\) \|/,
    );
    expect(md).toContain(
      "Fastest warm request: no significant difference between **preload**, **lazy**; **lazy** equivalent to the lowest within the instrument's resolution (±186 µs).",
    );
    expect(summaryCsv(slowerWarm())).toMatch(/R1,demo,lazy,lazy,node,,warm_e2e_ms,.*,true,[\d.e-]+,equivalent\n/);
  });

  it("takes the run's own resolution from RunMeta.resolutionMs", () => {
    const run = slowerWarm();
    run.meta.resolutionMs = 0.005;
    const md = markdownReport(run);
    expect(md).toContain(
      '| instrument resolution | ±5 µs (measured for this run): a difference whose 95 % interval lies within it is reported as equivalent, not as faster or slower |',
    );
    expect(md).toMatch(/\| lazy \| warm e2e \| \+0\.030 ms .* \| slower \|/);
    expect(md).toContain('- Fastest warm request: **preload** (median 0.105 ms, 0.030 ms ahead of **lazy**).');
  });
});

describe('other caveats', () => {
  it('warns that adaptive stopping makes the intervals nominal', () => {
    const run = fixedRun();
    run.meta.sampling = {
      mode: 'auto',
      targetPct: 5,
      minRounds: 5,
      maxRounds: 50,
      scenarios: { demo: { rounds: 8, stoppedBy: 'target', halfWidthPct: 3.2 } },
    };
    expect(markdownReport(run)).toContain(
      'were computed after a data-dependent stop: their 95 % coverage and 5 % error rate are nominal, not exact',
    );
  });

  it('says in one line that a report was rendered again', () => {
    const run = fixedRun();
    run.meta.rerendered = { at: '2026-12-01T09:00:00.000Z', by: 'coldbench 0.1.0 at 0123456789' };
    const lines = markdownReport(run).split('\n');
    expect(lines.filter((l) => l.includes('rendered again'))).toEqual([
      "| rendered again | by `npm run report` (coldbench 0.1.0 at 0123456789) at 2026-12-01T09:00:00.000Z, from this folder's samples.csv and run.json |",
    ]);
    expect(lines.length).toBe(markdownReport(fixedRun()).split('\n').length + 1);
  });

  it('keeps the sign of an interval bound that rounds to zero', () => {
    expect(csvSigned(-0.00031)).toBe('-0.00031');
    expect(csvSigned(0.0000004)).toBe('4e-7');
    expect(csvSigned(-0.1914)).toBe('-0.191');
    expect(csvSigned(0)).toBe('0');
    expect(ms(-0.00002)).toBe('-0.02 µs');
    expect(signed(-0.00002)).toBe('−0.02 µs');
    expect(interval([-0.191, -0.00003], true)).toBe('[−0.191 ms, −0.03 µs]');
  });
});
