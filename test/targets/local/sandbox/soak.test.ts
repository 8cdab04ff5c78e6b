import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_SANDBOX, processesWith } from './sandboxed.js';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'soak-run.ts');

/** Runs soak-run.ts in a harness process of its own; resolves when it exits, or with `hung` after capMs. */
function runHarness(
  args: string[],
  capMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; hung: boolean; pid: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, stdout, stderr, hung: true, pid: child.pid! });
    }, capMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, hung: false, pid: child.pid! });
    });
  });
}

const markers: string[] = [];
afterEach(() => {
  // A bare process cannot take a setsid child with it: clean up what the bare-mode test left.
  for (const marker of markers.splice(0)) for (const pid of processesWith(marker)) process.kill(pid, 'SIGKILL');
});

describe.skipIf(NO_SANDBOX !== undefined)('soak: 200 cold sandboxed environments of a handler that escapes every way it can', () => {
  it('leaves no process and no cgroup, and the harness process exits by itself', async () => {
    const marker = `coldbench-soak-${randomUUID()}`;
    markers.push(marker);
    const run = await runHarness(['200', marker, 'sandbox', 'node'], 90_000);
    expect(run.stderr).toBe('');
    expect(run.hung).toBe(false);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: 200, isolation: expect.stringMatching(/^sandbox: /) });
    expect(processesWith(marker)).toEqual([]);
    const leftovers = readdirSync('/sys/fs/cgroup/memory', { recursive: true, withFileTypes: true }).filter(
      (d) => d.isDirectory() && d.name.startsWith(`e${run.pid}-`),
    );
    expect(leftovers).toEqual([]);
  }, 120_000);
});

describe('a bare environment whose handler forks a new session that keeps the channel open', () => {
  it('does not keep the harness process alive (it never waits for the channel to end)', async () => {
    const marker = `coldbench-soak-${randomUUID()}`;
    markers.push(marker);
    const run = await runHarness(['3', marker, 'bare', 'python'], 30_000);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: 3, isolation: expect.stringMatching(/^bare process/) });
  }, 40_000);
});
