import { describe, expect, it } from 'vitest';
import {
  locateOwnCgroups,
  missingV1Controllers,
  missingV2Controllers,
  parseCgroupMounts,
  parseProcCgroup,
} from '../../../../src/targets/local/sandbox/cgroup-discovery.js';

// This machine's layout (cgroup v1 with a hybrid unified hierarchy), abridged.
const V1_PROC = '9:name=systemd:/\n8:pids:/\n6:freezer:/\n4:memory:/process_api/8ce5\n2:cpuacct:/\n1:cpu:/\n0::/\n';
const V1_MOUNTINFO = [
  '30 25 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755',
  '31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime shared:10 - cgroup cgroup rw,cpu',
  '32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime shared:11 - cgroup cgroup rw,cpuacct',
  '33 30 0:30 / /sys/fs/cgroup/memory rw,relatime shared:12 - cgroup cgroup rw,memory',
  '34 30 0:31 / /sys/fs/cgroup/freezer rw,relatime shared:13 - cgroup cgroup rw,freezer',
  '35 30 0:32 / /sys/fs/cgroup/pids rw,relatime shared:14 - cgroup cgroup rw,pids',
  '36 30 0:33 / /sys/fs/cgroup/systemd rw,relatime shared:15 - cgroup cgroup rw,xattr,name=systemd',
  '37 30 0:34 / /sys/fs/cgroup/unified rw,relatime shared:16 - cgroup2 cgroup2 rw',
].join('\n');

// A systemd machine on cgroup v2 only, inside a delegated user scope.
const V2_PROC = '0::/user.slice/user-1000.slice/user@1000.service/app.slice/run-r1.scope\n';
const V2_MOUNTINFO =
  '29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n';

describe('cgroup discovery', () => {
  it('parses /proc/self/cgroup', () => {
    expect(parseProcCgroup('2:cpu,cpuacct:/a b\n0::/\n')).toEqual([
      { hierarchy: 2, controllers: ['cpu', 'cpuacct'], path: '/a b' },
      { hierarchy: 0, controllers: [], path: '/' },
    ]);
  });

  it('finds v1 controllers and the unified hierarchy in mountinfo', () => {
    const mounts = parseCgroupMounts(V1_MOUNTINFO);
    expect(mounts).toHaveLength(7);
    expect(mounts[0]).toEqual({ version: 1, mountPoint: '/sys/fs/cgroup/cpu', root: '/', controllers: ['cpu'] });
    expect(mounts[5]).toEqual({ version: 1, mountPoint: '/sys/fs/cgroup/systemd', root: '/', controllers: [] });
    expect(mounts[6]).toEqual({ version: 2, mountPoint: '/sys/fs/cgroup/unified', root: '/', controllers: [] });
  });

  it("locates this process's own v1 cgroups (memory nested, the rest at the root)", () => {
    const own = locateOwnCgroups(V1_PROC, V1_MOUNTINFO);
    expect(own.v1).toEqual({
      pids: '/sys/fs/cgroup/pids',
      freezer: '/sys/fs/cgroup/freezer',
      memory: '/sys/fs/cgroup/memory/process_api/8ce5',
      cpuacct: '/sys/fs/cgroup/cpuacct',
      cpu: '/sys/fs/cgroup/cpu',
    });
    expect(own.v2).toBe('/sys/fs/cgroup/unified');
    expect(missingV1Controllers(own)).toEqual([]);
    expect(missingV2Controllers('')).toEqual(['cpu', 'memory', 'pids']);
  });

  it('locates a v2 cgroup, and says which controllers a v2 cgroup lacks', () => {
    const own = locateOwnCgroups(V2_PROC, V2_MOUNTINFO);
    expect(own).toEqual({ v1: {}, v2: '/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/run-r1.scope' });
    expect(missingV1Controllers(own)).toEqual(['cpu', 'memory', 'freezer']);
    expect(missingV2Controllers('cpuset cpu io memory pids\n')).toEqual([]);
    expect(missingV2Controllers('memory pids')).toEqual(['cpu']);
  });

  it('maps a cgroup path through a mount of a sub-tree (as in a container), and unescapes mount paths', () => {
    const mountinfo = '40 30 0:40 /docker/abc /sys/fs/cgroup/my\\040cpu rw - cgroup cgroup rw,cpu\n';
    expect(locateOwnCgroups('3:cpu:/docker/abc/inner\n', mountinfo).v1).toEqual({ cpu: '/sys/fs/cgroup/my cpu/inner' });
    expect(locateOwnCgroups('3:cpu:/elsewhere\n', mountinfo).v1).toEqual({});
  });
});
