import { describe, expect, it } from 'vitest';
import { markdownReport } from '../../src/report/markdown.js';
import { compareMedians } from '../../src/report/verdict.js';
import { describe as stats } from '../../src/stats/describe.js';
import { fixedRun } from './fixed-run.js';

describe('report.md', () => {
  it('renders the run table, the comparison and the verdict from fixed data', () => {
    const md = markdownReport(fixedRun());
    expect(md).toContain('# coldbench report: R1');
    expect(md).toContain('| harness | coldbench 0.1.0 at abcdef0123 |');
    expect(md).toContain('| samples per variant | 8 cold, 8 warm (after 3 unrecorded warm-up requests per environment) |');
    expect(md).toContain('| preload | preload | 105 ms [101 ms–108 ms] | 107 ms | 80.5 ms | 1.0 ms | 0.105 ms | 0.108 ms | baseline | baseline | 8 / 8 |  |');
    expect(md).toContain('| lazy | lazy | 54.5 ms [51.0 ms–58.0 ms] | 57.3 ms | 1.0 ms | 30.0 ms | 0.105 ms | 0.108 ms | −50.0 ms (−48 %) | ±0.0 µs (±0 %) (not clear: intervals overlap) | 8 / 9 | 1 |');
    expect(md).toContain('- Fastest cold start: **lazy** (median 54.5 ms, 50.0 ms ahead of **preload**).');
    expect(md).toContain('- Fastest warm request: no clear difference between **preload**, **lazy**.');
    expect(md).toContain('- **lazy** vs **preload**: cold start faster by 50.0 ms (48 %).');
    expect(md).toContain('**lazy**: 0 cold and 1 warm requests failed; the first error:');
    expect(md).toContain('Error: boom, "quoted"');
    expect(md).not.toContain('Partial run');
  });

  it('marks a partial run', () => {
    const run = fixedRun();
    run.meta.status = 'partial';
    expect(markdownReport(run)).toContain('> **Partial run**');
  });
});

describe('compareMedians', () => {
  const a = stats([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  it('calls a separated difference of at least 5 % clear', () => {
    const b = stats([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(compareMedians(b, a)).toEqual({ diffMs: 10, baseMs: 14.5, clear: true });
  });
  it('does not call overlapping intervals or tiny differences', () => {
    expect(compareMedians(stats([12, 13, 14, 15, 16, 17, 18, 19, 20, 21]), a).why).toBe('intervals overlap');
    const big = stats([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009]);
    const bigger = stats([1020, 1021, 1022, 1023, 1024, 1025, 1026, 1027, 1028, 1029]);
    expect(compareMedians(bigger, big).why).toBe('under 5 %');
    expect(compareMedians(stats([1, 2, 3]), stats([10, 20, 30])).why).toBe('too few samples');
  });
});
