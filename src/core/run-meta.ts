import os from 'node:os';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { PACKAGE_ROOT } from './paths.js';
import type { RunMeta } from './model.js';

const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Five random lowercase letters and digits (36^5 ≈ 60 million): two runs started in the same second get different ids. */
export function runIdSuffix(): string {
  return Array.from({ length: 5 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join('');
}

/**
 * A run id that sorts by time, names the target and is unique even for runs
 * started in the same second: `2026-11-22T09-30-12Z-local-k3f9x`. The AWS target
 * puts its time and suffix into every function name (src/targets/aws/naming.ts
 * runTag), so that a run's `--cleanup` or interrupt can never touch another run's functions.
 */
export function makeRunId(now: Date, target: string, suffix: string = runIdSuffix()): string {
  return `${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z-${target}-${suffix}`;
}

export function harnessVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The commit of the harness itself, and whether its tree has uncommitted changes; null outside git. */
export async function gitState(): Promise<{ gitCommit: string | null; gitDirty: boolean | null }> {
  const head = await execa('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, reject: false });
  if (head.exitCode !== 0) return { gitCommit: null, gitDirty: null };
  const status = await execa('git', ['status', '--porcelain', '--', 'src', 'bench', 'scenarios', 'package.json'], {
    cwd: PACKAGE_ROOT,
    reject: false,
  });
  return { gitCommit: head.stdout.trim(), gitDirty: status.exitCode === 0 ? status.stdout.trim() !== '' : null };
}

export function hostInfo(): RunMeta['host'] {
  return {
    os: os.type(),
    release: os.release(),
    arch: os.arch(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
  };
}
