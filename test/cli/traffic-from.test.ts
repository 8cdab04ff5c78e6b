import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { reportMain } from '../../src/cli/report-main.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { FIXTURES, capture, tempDir } from '../helpers.js';

const OBSERVED = path.join(PACKAGE_ROOT, 'results', '2026-12-01T08-09-38Z-observe-generated');

describe("--traffic-from: a benchmark priced and timed on a function's recorded traffic", () => {
  it('replays the observed arrivals for every strategy in the report, and records where they came from', async () => {
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    const code = await main(
      [
        '--scenarios',
        path.join(FIXTURES, 'scenarios'),
        '--only',
        'quick',
        '--cold',
        '2',
        '--warm',
        '3',
        '--warmup',
        '0',
        '--no-imports',
        '--traffic-from',
        OBSERVED,
        '--out',
        out,
      ],
      io,
    );
    expect([0, 1], err.join('\n')).toContain(code); // the fixture's broken variant fails on purpose
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    const observedMeta = JSON.parse(readFileSync(path.join(OBSERVED, 'run.json'), 'utf8'));
    expect(meta.traffic.from.dir).toBe(OBSERVED);
    expect(meta.traffic.from.functionName).toBe(observedMeta.function);
    expect(meta.traffic.from.invocations).toBeGreaterThan(1000);
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain(`### On the observed traffic of ${meta.traffic.from.functionName}`);
    // Every on-demand variant that measured both cold and warm requests has a row; prewarmed has its two plans.
    for (const plan of ['preload @ 1024 MB, on demand', 'lazy @ 1024 MB, on demand', 'prewarmed @ 1024 MB, provisioned ×1'])
      expect(report).toContain(`| ${plan} |`);
  });

  it('npm run report adds it to a finished run, and a folder that is not an observe run is refused naming the flag', async () => {
    const run = path.join(tempDir(), 'run');
    cpSync(path.join(PACKAGE_ROOT, 'results', '2026-12-01T08-29-30Z-local'), run, { recursive: true });
    const ok = capture();
    expect(await reportMain([run, '--traffic-from', OBSERVED], ok.io), ok.err.join('\n')).toBe(0);
    expect(readFileSync(path.join(run, 'report.md'), 'utf8')).toContain('### On the observed traffic of');
    const bad = capture();
    expect(
      await main(
        ['--scenarios', path.join(FIXTURES, 'scenarios'), '--only', 'quick', '--traffic-from', path.join(FIXTURES, 'scenarios')],
        bad.io,
      ),
    ).toBe(2);
    expect(bad.err.join('\n')).toContain('--traffic-from');
  });
});
