import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const SCRIPT = path.join(ROOT, 'test', 'targets', 'local', 'sandbox', 'fallback-run.ts');
const v1 = existsSync('/sys/fs/cgroup/cpu/cgroup.procs');
const canSwitchUser = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
if (!canSwitchUser || !v1) console.warn('sandbox fallback test skipped: needs root (to run a child as nobody), setpriv and cgroup v1');

describe.skipIf(!canSwitchUser || !v1)('without the rights to make a sandbox (an unprivileged user on cgroup v1)', () => {
  it('runs the environment as a bare process and says why, with the fix', () => {
    const out = execFileSync(
      '/usr/bin/setpriv',
      ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--reset-env', process.execPath, '--import', 'tsx', SCRIPT],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { PATH: '/usr/bin:/bin', HOME: '/tmp' } },
    );
    const result = JSON.parse(out) as { described: string; isolation: string; ok: boolean; stats: unknown };
    expect(result.ok).toBe(true);
    expect(result.stats).toBeNull();
    expect(result.described).toMatch(
      /^bare process: cannot create (a )?cgroups? .*under \/sys\/fs\/cgroup\/cpu.* \(EACCES\) \(fix: run coldbench as root \(sudo\), or in a delegated cgroup v2 \(systemd-run --user --scope -p Delegate=yes/,
    );
    expect(result.isolation).toBe(result.described);
  });
});
