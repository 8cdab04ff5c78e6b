/** SIGHUP (a closed terminal or SSH session) stops a run as SIGINT and SIGTERM do: samples kept, report marked partial. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STOP_SIGNALS } from '../../src/run/interrupt.js';
import { FIXTURES, tempDir } from '../helpers.js';

const rowsOf = (file: string) => readFileSync(file, 'utf8').trim().split('\n').slice(1);

describe('stop signals', () => {
  it('are SIGINT, SIGTERM and SIGHUP', () => {
    expect([...STOP_SIGNALS].sort()).toEqual(['SIGHUP', 'SIGINT', 'SIGTERM']);
  });

  it('SIGHUP keeps every finished sample, marks run.json and the report partial, exit 130', async () => {
    const out = path.join(tempDir(), 'run');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/bench.ts',
        '--scenarios',
        path.join(FIXTURES, 'scenarios-slow'),
        '--cold',
        '30',
        '--warm',
        '0',
        '--out',
        out,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const samples = path.join(out, 'samples.csv');
    for (let i = 0; i < 200 && !(existsSync(samples) && rowsOf(samples).length >= 3); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGHUP');
    expect(await exited).toBe(130);
    expect(stderr).toContain('SIGHUP: stopping; the samples taken so far are kept');
    expect(rowsOf(samples).length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')).status).toBe('partial');
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('**Partial run**');
  });
});
