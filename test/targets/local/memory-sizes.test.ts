import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { BUNDLED_SCENARIOS_DIR } from '../../../src/core/paths.js';
import { detectSandboxSupport } from '../../../src/targets/local/sandbox/index.js';
import { capture, tempDir } from '../../helpers.js';

const rows = (dir: string) => {
  const [header, ...lines] = readFileSync(path.join(dir, 'samples.csv'), 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])) as Record<string, string>);
};
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

const support = await detectSandboxSupport();

describe('local memory sizes', () => {
  it.skipIf(!support.usable)(
    '--memory 128,1769: one section per size, the planted CPU cost stretched in the 128 MB handler only, a section across sizes',
    { timeout: 120_000 },
    async () => {
      const out = path.join(tempDir(), 'run');
      const { io, err } = capture();
      const code = await main(
        [
          '--scenarios',
          BUNDLED_SCENARIOS_DIR,
          '--only',
          'calibration-node',
          '--memory',
          '128,1769',
          '--cold',
          '2',
          '--warm',
          '1',
          '--warmup',
          '0',
          '--no-imports',
          '--out',
          out,
        ],
        io,
      );
      expect(code, err.join('\n')).toBe(0);
      const r = rows(out);
      expect(new Set(r.map((x) => x.scenario))).toEqual(new Set(['calibration-node@128mb', 'calibration-node@1769mb']));
      const firstInvoke = (mb: number) =>
        median(r.filter((x) => x.variant === 'lazy' && x.kind === 'cold' && x.memory_mb === String(mb)).map((x) => Number(x.invoke_ms)));
      const init = (mb: number) =>
        median(r.filter((x) => x.variant === 'preload' && x.kind === 'cold' && x.memory_mb === String(mb)).map((x) => Number(x.init_ms)));
      // 200 ms of CPU: at 128 MB the handler gets 128/1769 of a CPU (about 2.7 s), INIT is boosted (about 200 ms).
      expect(firstInvoke(128)).toBeGreaterThan(4 * firstInvoke(1769));
      expect(firstInvoke(128)).toBeGreaterThan(4 * init(128));
      const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
      expect(meta.isolation).toHaveLength(2);
      expect(meta.isolation[0]).toMatch(/^sandbox: .*memory 128 MB/);
      expect(meta.isolation[1]).toMatch(/^sandbox: .*memory 1769 MB/);
      const report = readFileSync(path.join(out, 'report.md'), 'utf8');
      expect(report).toContain('## calibration-node across memory sizes');
      expect(report).toContain('| environments | sandbox: cgroup');
    },
  );

  it('--no-sandbox runs bare processes and says so in run.json and the report', { timeout: 60_000 }, async () => {
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    const code = await main(
      [
        '--scenarios',
        BUNDLED_SCENARIOS_DIR,
        '--only',
        'calibration-node',
        '--no-sandbox',
        '--cold',
        '1',
        '--warm',
        '0',
        '--no-imports',
        '--out',
        out,
      ],
      io,
    );
    expect(code, err.join('\n')).toBe(0);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.isolation).toEqual(["bare process: --no-sandbox (the whole machine's CPU, no memory limit, the host's /tmp)"]);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('| environments | bare process: --no-sandbox');
    const refused = capture();
    expect(await main(['--target', 'aws', '--no-sandbox', '--dry-run'], refused.io)).toBe(2);
    expect(refused.err.join('\n')).toContain('--no-sandbox: applies to --target local');
    const refusedParallel = capture();
    expect(await main(['--target', 'aws', '--parallel', '2', '--dry-run'], refusedParallel.io)).toBe(2);
    expect(refusedParallel.err.join('\n')).toContain('--parallel: applies to --target local; on AWS, --concurrency');
  });
});
