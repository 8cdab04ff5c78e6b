import { describe, expect, it } from 'vitest';
import { aaConclusion, parallelAaMarkdown, speedText } from '../../src/overhead/parallel-aa-report.js';
import { aaTolerance, aaVerdict, summarizeParallelAa, type AaMode, type AaRow } from '../../src/overhead/parallel-aa.js';
import { seededRandom } from '../../src/stats/rng.js';

const random = seededRandom(7);
const noisy = (center: number, spread: number) => center + (random() - 0.5) * spread;

function rows(mode: AaMode, n: number, coldMs: number, warmMs: number): AaRow[] {
  const out: AaRow[] = [];
  for (let i = 1; i <= n; i++) {
    const init = noisy(coldMs * 0.8, coldMs * 0.02);
    const invoke = noisy(coldMs * 0.2, coldMs * 0.01);
    const base = { runId: 'r', target: 'local', scenario: 's@128mb', variant: 'lazy', strategy: 'lazy', runtime: 'node', mode } as const;
    out.push({ ...base, kind: 'cold', sample: i, environment: `${mode}${i}`, e2eMs: init + invoke + 5, initMs: init, invokeMs: invoke });
    for (let j = 0; j < 10; j++)
      out.push({ ...base, kind: 'warm', sample: i * 10 + j, environment: `${mode}${i}`, e2eMs: noisy(warmMs, warmMs * 0.1) });
  }
  return out;
}

describe('the parallel A/A check', () => {
  it('calls a difference no shift only when its interval lies within the tolerance, shifted when wholly beyond it', () => {
    expect(aaVerdict([-0.5, 0.8], 1)).toBe('no shift');
    expect(aaVerdict([1.2, 3], 1)).toBe('shifted');
    expect(aaVerdict([-3, -1.1], 1)).toBe('shifted');
    expect(aaVerdict([0.2, 1.5], 1)).toBe('inconclusive');
    expect(aaTolerance(2700)).toBeCloseTo(81);
    expect(aaTolerance(200)).toBeCloseTo(6);
    expect(aaTolerance(0.08)).toBe(0.186); // the instrument's resolution
    expect(aaTolerance(1)).toBe(0.186);
  });

  it('finds no shift between two samples of one distribution, and a planted shift of 10 %', () => {
    const same = summarizeParallelAa([...rows('one at a time', 30, 2700, 0.1), ...rows('side by side', 30, 2700, 0.1)]);
    expect(same.map((c) => c.figure)).toEqual(['cold e2e', 'INIT', 'first invoke', 'warm e2e']);
    expect(same.every((c) => c.verdict === 'no shift')).toBe(true);
    expect(aaConclusion(same).passed).toBe(true);
    const shifted = summarizeParallelAa([...rows('one at a time', 30, 2700, 0.1), ...rows('side by side', 30, 2970, 0.5)]);
    expect(shifted.find((c) => c.figure === 'cold e2e')).toMatchObject({ verdict: 'shifted', serial: { n: 30 }, parallel: { n: 30 } });
    expect(shifted.find((c) => c.figure === 'cold e2e')!.diffMs).toBeGreaterThan(200);
    expect(shifted.find((c) => c.figure === 'warm e2e')!.verdict).toBe('shifted'); // 0.4 ms: beyond the ±186 µs resolution
    // A warm shift below the instrument's resolution is no shift.
    const small = summarizeParallelAa([...rows('one at a time', 30, 2700, 0.1), ...rows('side by side', 30, 2700, 0.13)]);
    expect(small.find((c) => c.figure === 'warm e2e')).toMatchObject({ verdict: 'no shift', toleranceMs: 0.186 });
    const conclusion = aaConclusion(shifted);
    expect(conclusion.passed).toBe(false);
    expect(conclusion.text).toMatch(/s@128mb · lazy · cold e2e \(shifted, \+/);
  });

  it('writes the report with the plans, the speed-up and one row per figure', () => {
    const comparisons = summarizeParallelAa([...rows('one at a time', 10, 600, 0.1), ...rows('side by side', 10, 600, 0.1)]);
    const timing = { 'one at a time': { wallMs: 60_000, coldSamples: 20 }, 'side by side': { wallMs: 30_000, coldSamples: 20 } };
    expect(speedText(timing)).toBe('20.0 cold samples per minute one at a time, 40.0 side by side (2.00×)');
    const md = parallelAaMarkdown({
      runId: 'parallel-aa-x',
      header: ['Run parallel-aa-x.'],
      comparisons,
      run: { plans: { 's@128mb': 'up to 6 environments at a time' }, timing },
      status: 'complete',
    });
    expect(md).toContain('- s@128mb: up to 6 environments at a time');
    expect(md).toContain('(2.00×)');
    expect(md.match(/^\| s@128mb \| lazy \|/gm)).toHaveLength(4);
  });
});
