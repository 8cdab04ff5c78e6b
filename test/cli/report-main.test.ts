import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportMain } from '../../src/cli/report-main.js';
import { samplesCsvHeader, samplesCsvRows } from '../../src/report/csv.js';
import { tempDir } from '../helpers.js';
import { fixedRun } from '../report/fixed-run.js';

function writtenRun(): string {
  const run = fixedRun();
  const dir = path.join(tempDir(), 'R1');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'samples.csv'), samplesCsvHeader() + samplesCsvRows(run.samples));
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify(run.meta));
  return dir;
}

function capture() {
  const err: string[] = [];
  return { io: { stdout: () => undefined, stderr: (t: string) => err.push(t) }, err };
}

const meta = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));

describe('npm run report', () => {
  it('renders the report again with other traffic assumptions, keeping the run\'s own values for flags not given', async () => {
    const dir = writtenRun();
    expect(await reportMain([dir, '--rates', '1/min,1/s', '--idle-reclaim', '900', '--baseline', 'lazy'], capture().io)).toBe(0);
    expect(meta(dir).traffic).toEqual({ ratesPerSecond: [1 / 60, 1], idleReclaimSeconds: 900, pingIntervalSeconds: 300, memoryMb: 1024 });
    expect(meta(dir).baseline).toBe('lazy');
    const report = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(report).toContain('idle environments reclaimed after 900 s');
    expect(report).toContain('| 1/min | preload, on demand |');
    expect(report).toContain('| lazy (baseline) |');
    for (const file of ['summary.csv', 'demo-cold.svg', 'demo-traffic.svg']) expect(existsSync(path.join(dir, file)), file).toBe(true);

    expect(await reportMain([dir, '--cost-memory', '2048'], capture().io)).toBe(0);
    expect(meta(dir).traffic).toEqual({ ratesPerSecond: [1 / 60, 1], idleReclaimSeconds: 900, pingIntervalSeconds: 300, memoryMb: 2048 });
    expect(meta(dir).baseline).toBe('lazy');
  });

  it('refuses settings that do not fit, naming the flag', async () => {
    const dir = writtenRun();
    const a = capture();
    expect(await reportMain([dir, '--ping-interval', '700'], a.io)).toBe(2);
    expect(a.err.join('\n')).toContain('--ping-interval 700 is not below --idle-reclaim 600');
    const b = capture();
    expect(await reportMain([dir, '--baseline', 'nope'], b.io)).toBe(2);
    expect(b.err.join('\n')).toContain('--baseline nope: scenario "demo" has no variant of that name (it has preload, lazy)');
    const c = capture();
    expect(await reportMain(['/nonexistent/run'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('/nonexistent/run: no such folder');
  });
});
