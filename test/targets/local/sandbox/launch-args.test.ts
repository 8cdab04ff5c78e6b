import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptPaths, launcherArgs, underTmp } from '../../../../src/targets/local/sandbox/launch-args.js';
import { SHELL_LAUNCHER_SCRIPT, shellLauncherArgs } from '../../../../src/targets/local/sandbox/shell-launcher.js';
import { tempDir } from '../../../helpers.js';

describe('launcher arguments', () => {
  it('keeps the code folder read-only, folders the command line names under /tmp read-only, and caches writable, outer folders first', () => {
    const kept = keptPaths(
      '/tmp/scen/app',
      ['/tmp/coldbench-0/python/bootstrap/bootstrap-ab.pyc', '/tmp/out/derived/lazy', 'handler', '/usr/lib/x.py', '/tmp/scen/app/h.py'],
      ['/tmp/coldbench-0/python/pycache'],
    );
    expect(kept).toEqual([
      { path: '/tmp/scen/app', readOnly: true },
      { path: '/tmp/out/derived/lazy', readOnly: true },
      { path: '/tmp/coldbench-0/python/pycache', readOnly: false },
      { path: '/tmp/coldbench-0/python/bootstrap', readOnly: true },
    ]);
  });

  it('never keeps / or /tmp itself (that would undo the private /tmp)', () => {
    expect(keptPaths('/tmp', ['/tmp'], [])).toEqual([]);
    expect(keptPaths('/', [], [])).toEqual([]);
    expect(underTmp('/tmpfoo')).toBe(false);
    expect(underTmp('/tmp/a')).toBe(true);
  });

  it('builds the same options for both launchers', () => {
    const plan = {
      procsFiles: ['/cg/cpu/e1/cgroup.procs', '/cg/memory/e1/cgroup.procs'],
      tmpMb: 512,
      kept: [
        { path: '/code', readOnly: true },
        { path: '/tmp/cache', readOnly: false },
      ],
      handshake: true,
      userNamespace: false,
      namespaces: true,
    };
    const args = launcherArgs(plan, '/usr/bin/python3', ['-c', 'pass']);
    expect(args).toEqual([
      '-g',
      '-c',
      '/cg/cpu/e1/cgroup.procs',
      '-c',
      '/cg/memory/e1/cgroup.procs',
      '-t',
      '512',
      '-r',
      '/code',
      '-w',
      '/tmp/cache',
      '--',
      '/usr/bin/python3',
      '-c',
      'pass',
    ]);
    expect(launcherArgs({ ...plan, handshake: false, userNamespace: true, kept: [], procsFiles: [] }, '/bin/true', [])).toEqual([
      '-u',
      '-t',
      '512',
      '--',
      '/bin/true',
    ]);
    expect(shellLauncherArgs(args, false)).toEqual([
      '--pid',
      '--fork',
      '--mount',
      '--propagation',
      'private',
      '--kill-child',
      '/bin/sh',
      '-c',
      SHELL_LAUNCHER_SCRIPT,
      'coldbench-sandbox',
      ...args,
    ]);
    expect(shellLauncherArgs(args, true)).toContain('--map-root-user');
    // Without namespaces: the cgroups and the handshake only.
    const cgroupOnly = launcherArgs({ ...plan, namespaces: false }, '/bin/true', []);
    expect(cgroupOnly).toEqual([
      '-g',
      '-n',
      '-c',
      '/cg/cpu/e1/cgroup.procs',
      '-c',
      '/cg/memory/e1/cgroup.procs',
      '-t',
      '0',
      '--',
      '/bin/true',
    ]);
    expect(shellLauncherArgs(cgroupOnly, false, false)).toEqual(['-c', SHELL_LAUNCHER_SCRIPT, 'coldbench-sandbox', ...cgroupOnly]);
  });

  it('passes paths to the shell script as arguments, never as code (a hostile folder name stays a name)', () => {
    // No cgroup, no private /tmp and a writable folder outside it: the script parses and opens, but mounts nothing.
    const dir = tempDir();
    const pwned = path.join(dir, 'pwned');
    const hostile = path.join(dir, '$(touch pwned)`touch pwned`"\'\n;x');
    mkdirSync(hostile);
    const out = execFileSync(
      '/bin/sh',
      ['-c', SHELL_LAUNCHER_SCRIPT, 'coldbench-sandbox', '-t', '0', '-w', hostile, '--', '/bin/echo', hostile],
      { encoding: 'utf8', cwd: dir },
    );
    expect(out).toBe(`${hostile}\n`);
    expect(existsSync(pwned)).toBe(false);
  });
});
