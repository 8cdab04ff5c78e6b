import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportMain } from '../../src/cli/report-main.js';
import type { RunMeta, SampleRow } from '../../src/core/model.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import type { ScenarioImports } from '../../src/imports/model.js';
import { samplesCsvHeader, samplesCsvRows } from '../../src/report/csv.js';
import { RunWriter } from '../../src/report/writer.js';
import { seededRandom } from '../../src/stats/rng.js';
import { capture, tempDir } from '../helpers.js';
import { fixedRun } from '../report/fixed-run.js';

function writtenRun(): string {
  const run = fixedRun();
  const dir = path.join(tempDir(), 'R1');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'samples.csv'), samplesCsvHeader() + samplesCsvRows(run.samples));
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify(run.meta));
  return dir;
}

const meta = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));

describe('npm run report', () => {
  it("renders the report again with other traffic assumptions, keeping the run's own values for flags not given", async () => {
    const dir = writtenRun();
    expect(await reportMain([dir, '--rates', '1/min,1/s', '--idle-reclaim', '900', '--baseline', 'lazy'], capture().io)).toBe(0);
    expect(meta(dir).traffic).toEqual({ ratesPerSecond: [1 / 60, 1], idleReclaimSeconds: 900, pingIntervalSeconds: 300, memoryMb: 1024 });
    expect(meta(dir).baseline).toBe('lazy');
    const report = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(report).toContain('environments idle longer than 900 s are reclaimed');
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

const REPRODUCED = ['summary.csv', 'report.md'] as const;
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
/** report.md without the header row that says it was rendered again. */
const withoutRerenderLine = (report: string) =>
  report
    .split('\n')
    .filter((l) => !l.startsWith('| rendered again |'))
    .join('\n');

/**
 * A run written the way a measuring run writes it (RunWriter: rows appended to
 * samples.csv as they arrive, the other files at flush), with times as the
 * clocks give them: nanosecond integers over 1e6 and performance.now()
 * differences, not numbers with few decimals.
 */
function freshRun(): string {
  const dir = path.join(tempDir(), 'fresh');
  mkdirSync(dir);
  const meta: RunMeta = { ...fixedRun().meta, runId: 'FRESH' };
  meta.scenarios[0]!.variants.push({ name: 'prewarmed', strategy: 'prewarmed', handler: 'preload.handler' });
  const writer = new RunWriter(dir, meta);
  const random = seededRandom(42);
  const ns = (msApprox: number) => Number(BigInt(Math.round(msApprox * 1e6 * (1 + random() / 5)))) / 1e6;
  const now = (msApprox: number) => {
    const a = 1000 + random() * 1e6;
    return a + msApprox * (1 + random() / 5) - a;
  };
  for (let i = 1; i <= 30; i++) {
    for (const [variant, strategy, coldMs, initMs] of [
      ['preload', 'preload', 240, 200],
      ['lazy', 'lazy', 45, 1],
      ['prewarmed', 'prewarmed', 0.25, 200],
    ] as const) {
      const base = {
        runId: 'FRESH',
        target: 'local',
        scenario: 'demo',
        runtime: 'node',
        variant,
        strategy,
        environment: `${variant}-${i}`,
      } as const;
      writer.append({
        ...base,
        kind: 'cold',
        sample: i,
        e2eMs: ns(coldMs),
        initMs: now(initMs),
        invokeMs: ns(variant === 'lazy' ? 199 : 0.1),
        maxMemoryMb: 40,
      } satisfies SampleRow);
      for (let w = 1; w <= 4; w++)
        writer.append({ ...base, kind: 'warm', sample: (i - 1) * 4 + w, e2eMs: ns(0.13), invokeMs: now(0.01) } satisfies SampleRow);
    }
  }
  const imports: ScenarioImports = {
    scenario: 'demo',
    runtime: 'node',
    variant: 'preload',
    method: 'a load hook',
    initMs: now(204),
    modules: [
      { module: 'planted.mjs', parent: 'preload.mjs', depth: 1, selfMs: 200.17312, cumulativeMs: 200.17312 },
      { module: 'preload.mjs', depth: 0, selfMs: 0.0091, cumulativeMs: 200.1822 },
    ],
    requestPathVariant: 'lazy',
    candidates: [{ module: 'planted.mjs', cumulativeMs: 200.17312, share: 0.98, reason: 'on-request-path' }],
  };
  writer.addImports(imports);
  writer.flush();
  return dir;
}

describe('a run renders again to the same report', () => {
  it('a fresh run: byte-identical summary.csv, and report.md but for the line that says it was rendered again', async () => {
    const dir = freshRun();
    const before = Object.fromEntries(REPRODUCED.map((f) => [f, read(dir, f)]));
    expect(before['report.md']).toContain('### Where INIT goes');
    expect(await reportMain([dir], capture().io)).toBe(0);
    expect(read(dir, 'summary.csv')).toBe(before['summary.csv']);
    const again = read(dir, 'report.md');
    expect(again.split('\n').filter((l) => l.startsWith('| rendered again |'))).toHaveLength(1);
    expect(withoutRerenderLine(again)).toBe(before['report.md']);
    expect(again.split('\n')).toHaveLength(before['report.md']!.split('\n').length + 1);
    // and again: only that line changes
    expect(await reportMain([dir], capture().io)).toBe(0);
    expect(read(dir, 'summary.csv')).toBe(before['summary.csv']);
    expect(withoutRerenderLine(read(dir, 'report.md'))).toBe(before['report.md']);
  }, 60_000);

  // The committed runs: three measured before samples.csv kept full precision and regenerated from it (npm run report), and one
  // measured fresh with this code (2026-12-01): rendering any of them again changes nothing but the rendered-again line.
  it.each(['2026-11-22T10-51-09Z-local', '2026-11-22T10-54-18Z-local', '2026-11-22T10-56-04Z-local', '2026-12-01T08-29-30Z-local'])(
    'the committed run %s: byte-identical summary.csv and report.md but for the rendered-again line',
    async (run) => {
      const committed = path.join(PACKAGE_ROOT, 'results', run);
      const dir = path.join(tempDir(), run);
      cpSync(committed, dir, { recursive: true });
      expect(await reportMain([dir], capture().io)).toBe(0);
      for (const file of REPRODUCED) {
        expect(withoutRerenderLine(read(dir, file)), `${run}/${file}`).toBe(withoutRerenderLine(read(committed, file)));
      }
    },
    120_000,
  );
});
