/** Derived files belong to the run that wrote them: another run never deletes them, and an interrupted derivation leaves none. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FIXTURES, capture, tempDir } from '../helpers.js';

const DERIVE = path.join(FIXTURES, 'derive');

describe('the derived/ folder of a run', () => {
  it("a failing --handler run does not delete another run's derived/ in the same --out", async () => {
    const out = path.join(tempDir(), 'shared');
    const first = capture();
    expect(
      await main(
        [
          '--handler',
          path.join(DERIVE, 'differs', 'index.handler'),
          '--lazy',
          './heavy.mjs',
          '--name',
          'differs',
          '--cold',
          '2',
          '--warm',
          '0',
          '--out',
          out,
        ],
        first.io,
      ),
    ).toBe(2);
    const kept = path.join(out, 'derived', 'differs', 'lazy', 'index.mjs');
    expect(existsSync(kept)).toBe(true); // the refused variant's code, kept for reading

    const second = capture();
    expect(
      await main(
        [
          '--handler',
          path.join(DERIVE, 'esm', 'index.handler'),
          '--event',
          path.join(DERIVE, 'event.json'),
          '--lazy',
          './heavy.mjs,./config.mjs',
          '--cold',
          '1',
          '--warm',
          '0',
          '--out',
          out,
        ],
        second.io,
      ),
    ).toBe(2);
    expect(second.err.join('\n')).toContain(
      `--out ${out}: it holds the derived variants (derived/) of another run that stopped before measuring`,
    );
    expect(existsSync(kept)).toBe(true);
  });

  it('Ctrl-C during derivation leaves no folder behind, as "nothing was written" says', async () => {
    const out = path.join(tempDir(), 'run');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/bench.ts', '--handler', path.join(FIXTURES, 'derive-slow', 'index.handler'), '--out', out],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 300 && !stderr.includes('deriving'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toContain('deriving');
    expect(existsSync(out)).toBe(true); // made for the derived files
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('stopped before measuring; nothing was written');
    expect(existsSync(out)).toBe(false);
  });
});
