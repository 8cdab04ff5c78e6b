import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareMain } from '../../src/cli/compare-main.js';
import { classify, compareRuns, hasRegression } from '../../src/compare/compare.js';
import { comparisonMarkdown } from '../../src/compare/markdown.js';
import { parseRunJson, parseSamplesCsv } from '../../src/compare/parse-run.js';
import { samplesCsvHeader, samplesCsvRows } from '../../src/report/csv.js';
import type { RunResult } from '../../src/core/model.js';
import { capture, tempDir } from '../helpers.js';
import { fixedRun } from '../report/fixed-run.js';

/** The fixed run again, later: preload's cold start 30 % slower, lazy's INIT halved, on a newer node. */
function laterRun(): RunResult {
  const run = fixedRun();
  run.meta.runId = 'R2';
  run.meta.interpreters.node!.version = '22.1.0';
  for (const row of run.samples) {
    row.runId = 'R2';
    if (row.variant === 'preload' && row.kind === 'cold') row.e2eMs = row.e2eMs! * 1.3;
    if (row.variant === 'lazy' && row.kind === 'cold') row.initMs = 0.5;
  }
  return run;
}

function writeRun(run: RunResult): string {
  const dir = path.join(tempDir(), run.meta.runId);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'samples.csv'), samplesCsvHeader() + samplesCsvRows(run.samples));
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify(run.meta));
  return dir;
}

describe('reading a run back', () => {
  it('samples.csv round-trips through the writer and the parser to the same doubles', () => {
    const run = fixedRun();
    // values that no fixed number of decimals would keep: binary fractions, a nanosecond-resolution time, a tiny one
    Object.assign(run.samples[0]!, { e2eMs: 0.1 + 0.2, initMs: 1 / 3, invokeMs: 123456789 / 1e9 });
    Object.assign(run.samples[1]!, { e2eMs: 5e-7 });
    const expected = run.samples.map((r) => JSON.parse(JSON.stringify(r)));
    const back = parseSamplesCsv(samplesCsvHeader() + samplesCsvRows(run.samples));
    expect(back).toEqual(expected);
    expect(back[0]!.e2eMs).toBe(0.30000000000000004);
  });

  it('reads the columns on work left after a response, and files written before they existed', () => {
    const row = { ...fixedRun().samples[0]!, pendingAfter: 'Thread=1;Timeout=2', frozenAfter: false, cpuAfterMs: 0.1 + 0.2 };
    const [back] = parseSamplesCsv(samplesCsvHeader() + samplesCsvRows([row]));
    expect(back).toEqual(JSON.parse(JSON.stringify(row)));
    expect(back!.cpuAfterMs).toBe(0.30000000000000004);
    const older =
      'run_id,target,scenario,variant,strategy,runtime,memory_mb,kind,sample,environment,e2e_ms,init_ms,invoke_ms,billed_ms,max_memory_mb,error\n';
    const [old] = parseSamplesCsv(`${older}R1,local,demo,preload,preload,node,,cold,1,p1,101,80.1,1,,50,\n`);
    expect(old).toEqual({ ...JSON.parse(JSON.stringify(fixedRun().samples[0]!)) });
    expect(Object.keys(old!)).not.toContain('pendingAfter');
  });

  it('names what is wrong with a file', () => {
    expect(() => parseSamplesCsv('run_id,target\nR1,local\n', 'x/samples.csv')).toThrow(
      'x/samples.csv: missing columns scenario, variant,',
    );
    const bad = samplesCsvHeader() + 'R1,local,demo,preload,preload,node,,cold,1,p1,fast,,,,,,,,\n';
    expect(() => parseSamplesCsv(bad)).toThrow('samples.csv: row 2, column e2e_ms: "fast" is not a number');
    const notBoolean = `${samplesCsvHeader()}R1,local,demo,preload,preload,node,,cold,1,p1,1,,,,,,none,yes,\n`;
    expect(() => parseSamplesCsv(notBoolean)).toThrow('samples.csv: row 2, column frozen_after: "yes" is not true or false');
    expect(() => parseRunJson('{}', 'r/run.json')).toThrow('r/run.json: field "runId" is missing');
    const { pageCache: _, ...older } = fixedRun().meta; // runs written before --disk-cold existed
    expect(parseRunJson(JSON.stringify(older)).pageCache).toEqual({ mode: 'warm' });
  });
});

describe('compareRuns on two fixed runs with a known regression', () => {
  const c = compareRuns(fixedRun(), laterRun(), 10);

  it('flags the slower cold start as a regression and the halved INIT as an improvement, the rest unchanged', () => {
    const status = Object.fromEntries(c.changes.map((x) => [`${x.variant} ${x.metric}`, x.status]));
    expect(status).toEqual({
      'preload cold_e2e_ms': 'regression',
      'preload init_ms': 'unchanged', // the same 80.1–80.8 ms: an interval of ±0.3 ms, wider than the resolution
      // the same values, an interval inside ±186 µs: unchanged, and said to be within the instrument's resolution
      'preload first_invoke_ms': 'equivalent',
      'preload warm_e2e_ms': 'equivalent',
      'lazy cold_e2e_ms': 'unchanged',
      'lazy init_ms': 'improvement',
      'lazy first_invoke_ms': 'equivalent',
      'lazy warm_e2e_ms': 'equivalent',
    });
    const cold = c.changes[0]!;
    expect(cold.relative).toBeCloseTo(0.3, 12); // 104.5 → 135.85
    expect(cold.test!.diffMedian).toBeCloseTo(31.35, 10);
    expect(cold.test!.pValue).toBeCloseTo(2 / 12870, 12);
    expect(hasRegression(c)).toBe(true);
  });

  it('points out the environment that differs', () => {
    expect(c.environment).toEqual([{ what: 'node version', before: '20.20.2', after: '22.1.0' }]);
  });

  it('points out a disk-cold run, and ignores a runtime only one run used', () => {
    const later = laterRun();
    later.meta.pageCache = { mode: 'disk-cold', filesPerScenario: { demo: 10 }, residentBytesAfterEviction: 0 };
    const earlier = fixedRun();
    earlier.meta.interpreters.python = { path: '/usr/bin/python3', version: '3.11.2' };
    const environment = compareRuns(earlier, later, 10).environment;
    expect(environment).toContainEqual({ what: 'page cache', before: 'warm', after: 'disk-cold' });
    expect(environment.map((d) => d.what)).not.toContain('python version');
  });

  it('calls a significant change under the threshold unchanged', () => {
    expect(compareRuns(fixedRun(), laterRun(), 40).changes[0]!.status).toBe('unchanged');
    const significant = { significant: true, diffCi: [1, 2] } as Parameters<typeof classify>[0];
    expect(classify(significant, 0.12, 10)).toBe('regression');
    // +25 % of a 0.13 ms warm request, its interval inside ±0.186 ms: equivalent within the instrument's resolution, not a regression
    const tiny = { significant: true, diffCi: [0.014, 0.041] } as Parameters<typeof classify>[0];
    expect(classify(tiny, 0.25, 10)).toBe('equivalent');
    expect(classify(tiny, 0.25, 10, 0.01)).toBe('regression'); // with a finer instrument it is one
    expect(classify(significant, -0.12, 10)).toBe('improvement');
    expect(classify(significant, 0.08, 10)).toBe('unchanged');
    expect(classify(undefined, 0.5, 10)).toBe('untested');
  });

  it('renders markdown with the change, its interval and the flag', () => {
    const md = comparisonMarkdown(c);
    expect(md).toContain('# coldbench comparison: R1 → R2');
    expect(md).toMatch(/\| preload \| warm e2e \| .* \| unchanged: within the instrument's resolution \(±186 µs\) \|/);
    expect(md).toContain('**1 regression, 1 improvement** in 8 compared metrics.');
    expect(md).toContain('| node version | 20.20.2 | 22.1.0 |');
    expect(md).toMatch(
      /\| preload \| cold e2e \| 105 ms \(n 8\) \| 136 ms \(n 8\) \| \+31\.4 ms \(\+30\.0 %\) \[\+[\d.]+ ms, \+[\d.]+ ms\] \| < 0\.001 \| 🔴 regression \|/,
    );
    expect(md).toContain(
      '| lazy | INIT | 1.0 ms (n 8) | 0.500 ms (n 8) | −0.500 ms (−50.0 %) [−0.500 ms, −0.500 ms] | < 0.001 | 🟢 improvement |',
    );
  });
});

describe('npm run compare', () => {
  it('exits 1 on a significant regression beyond the threshold and writes the markdown', async () => {
    const before = writeRun(fixedRun());
    const after = writeRun(laterRun());
    const file = path.join(tempDir(), 'comparison.md');
    const { io, out, err } = capture();
    expect(await compareMain([before, after, '--out', file], io)).toBe(1);
    expect(out.join('\n')).toContain('🔴 regression');
    expect(err.join('\n')).toContain('1 significant regression of 10 % or more: demo/preload cold e2e');
    expect(readFileSync(file, 'utf8')).toContain('# coldbench comparison: R1 → R2');
    const loose = capture();
    expect(await compareMain([before, after, '--threshold', '40'], loose.io), loose.err.join('\n')).toBe(0);
    const reversed = capture();
    expect(await compareMain([after, before], reversed.io)).toBe(1); // the other way round, lazy's INIT doubled
    expect(reversed.err.join('\n')).toContain('1 significant regression of 10 % or more: demo/lazy INIT');
  });

  it('exits 2 with a message naming the problem', async () => {
    const { io, err } = capture();
    expect(await compareMain(['/nonexistent/a', '/nonexistent/b'], io)).toBe(2);
    expect(err.join('\n')).toContain('/nonexistent/a: no such folder; give the folder of a run');
    const e2 = capture();
    expect(await compareMain(['a', 'b', '--threshold', 'x'], e2.io)).toBe(2);
    expect(e2.err.join('\n')).toContain('--threshold takes a percentage of 0 or more, not "x"');
    const e3 = capture();
    expect(await compareMain([tempDir(), tempDir()], e3.io)).toBe(2);
    expect(e3.err.join('\n')).toContain('no run.json');
  });
});
