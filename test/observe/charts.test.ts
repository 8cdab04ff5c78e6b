import { describe, expect, it } from 'vitest';
import { analyseInvocations } from '../../src/observe/analyse.js';
import { observeCharts } from '../../src/observe/charts.js';
import { invocationFromEvent, type ObservedInvocation } from '../../src/observe/invocation.js';
import { svgProblems } from '../report/svg-check.js';
import { PLANTED_WEEK, generateLog } from './generate-logs.js';

describe('observe charts', () => {
  const p = { ...PLANTED_WEEK, days: 2, deployAfterDays: 1 };
  const invocations = generateLog(p)
    .events.map((e) => invocationFromEvent(e))
    .filter((i): i is ObservedInvocation => i !== undefined);
  const analysis = analyseInvocations(invocations, { startMs: p.startMs, endMs: p.startMs + 2 * 86_400_000 });
  const charts = observeCharts(analysis, invocations);

  it('writes the hourly, INIT and idle-gap charts as well-formed SVG', () => {
    expect(charts.map((c) => c.file)).toEqual(['hourly.svg', 'init.svg', 'idle-gaps.svg']);
    for (const c of charts) expect(svgProblems(c.svg), c.file).toEqual([]);
  });

  it('draws one request bar per hour with requests and marks the estimated reclaim', () => {
    const hourly = charts[0]!.svg;
    const requests = hourly.split('data-series="requests"')[1]!.split('</g>')[0]!;
    expect(requests.match(/<rect /g)).toHaveLength(analysis.hourly.filter((h) => h.invocations > 0).length);
    const idle = charts[2]!.svg;
    expect(idle).toContain('reclaim ≈');
    expect(idle.match(/class="bin"/g)).toHaveLength(analysis.reclaim.bins.length);
  });
});

describe('quantileSample', () => {
  it('keeps few values as they are and thins many to evenly spaced order statistics, extremes included', async () => {
    const { quantileSample } = await import('../../src/observe/charts.js');
    expect(quantileSample([3, 1, 2], 5)).toEqual([3, 1, 2]);
    const many = Array.from({ length: 1001 }, (_, i) => 1000 - i);
    expect(quantileSample(many, 11)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });
});
