import { describe, expect, it } from 'vitest';
import {
  cgroupDirs,
  childPaths,
  cpusetWrites,
  cpuUsageFile,
  cpuWrite,
  formatCpuList,
  freezeWrite,
  killFile,
  oomFile,
  parseCpuList,
  parseCpuUsageMs,
  parseOomKills,
  peakMemoryFile,
  pinWrite,
  procsFiles,
  setupWrites,
  swapLimitFile,
  type CgroupPaths,
} from '../../../../src/targets/local/sandbox/cgroup-plan.js';
import { cpuQuotaUs, initCpus, invokeCpus } from '../../../../src/targets/local/sandbox/lambda-limits.js';

const v1: CgroupPaths = {
  version: 1,
  cpu: '/sys/fs/cgroup/cpu/coldbench',
  memory: '/sys/fs/cgroup/memory/x/coldbench',
  freezer: '/sys/fs/cgroup/freezer/coldbench',
  pids: '/sys/fs/cgroup/pids/coldbench',
  cpuacct: '/sys/fs/cgroup/cpuacct/coldbench',
};
const v2: CgroupPaths = { version: 2, dir: '/sys/fs/cgroup/user.slice/coldbench' };

describe('Lambda CPU arithmetic', () => {
  it('gives memoryMb/1769 of a CPU to the invoke and at least 2 CPUs to a boosted INIT', () => {
    expect(invokeCpus(1769)).toBe(1);
    expect(cpuQuotaUs(invokeCpus(128))).toBe(7236); // 100 000 µs × 128/1769 = 7 235.7
    expect(cpuQuotaUs(invokeCpus(512))).toBe(28943);
    expect(cpuQuotaUs(invokeCpus(1769))).toBe(100000);
    expect(cpuQuotaUs(invokeCpus(10240))).toBe(578858);
    expect(initCpus(128, 'boost')).toBe(2);
    expect(initCpus(128, 'share')).toBe(128 / 1769);
    expect(initCpus(10240, 'boost')).toBe(10240 / 1769); // above 2 CPUs the invoke share is already more
    expect(cpuQuotaUs(0.001)).toBe(1000); // the kernel's minimum
  });
});

describe('cgroup v1 plan', () => {
  const env = childPaths(v1, 'e42-1');
  it('puts the environment under the coldbench parent of every hierarchy', () => {
    expect(cgroupDirs(env)).toEqual([
      '/sys/fs/cgroup/cpu/coldbench/e42-1',
      '/sys/fs/cgroup/memory/x/coldbench/e42-1',
      '/sys/fs/cgroup/freezer/coldbench/e42-1',
      '/sys/fs/cgroup/pids/coldbench/e42-1',
      '/sys/fs/cgroup/cpuacct/coldbench/e42-1',
    ]);
    expect(procsFiles(env)[1]).toBe('/sys/fs/cgroup/memory/x/coldbench/e42-1/cgroup.procs');
  });
  it('writes period, INIT quota, memory, memory+swap (after memory) and the process limit', () => {
    expect(setupWrites(env, { memoryMb: 128, cpus: 2, limitSwap: true })).toEqual([
      { file: '/sys/fs/cgroup/cpu/coldbench/e42-1/cpu.cfs_period_us', value: '100000' },
      { file: '/sys/fs/cgroup/cpu/coldbench/e42-1/cpu.cfs_quota_us', value: '200000' },
      { file: '/sys/fs/cgroup/memory/x/coldbench/e42-1/memory.limit_in_bytes', value: '134217728' },
      { file: '/sys/fs/cgroup/memory/x/coldbench/e42-1/memory.memsw.limit_in_bytes', value: '134217728' },
      { file: '/sys/fs/cgroup/pids/coldbench/e42-1/pids.max', value: '1024' },
    ]);
    expect(
      setupWrites({ ...env, pids: undefined } as CgroupPaths, { memoryMb: 512, cpus: 1, limitSwap: false }).map((w) => w.value),
    ).toEqual(['100000', '100000', '536870912']);
  });
  it('switches CPU, freezes, and reads OOM kills, peak memory and CPU time from the v1 files', () => {
    expect(cpuWrite(env, invokeCpus(128))).toEqual({ file: '/sys/fs/cgroup/cpu/coldbench/e42-1/cpu.cfs_quota_us', value: '7236' });
    expect(freezeWrite(env, true)).toEqual({ file: '/sys/fs/cgroup/freezer/coldbench/e42-1/freezer.state', value: 'FROZEN' });
    expect(freezeWrite(env, false).value).toBe('THAWED');
    expect(oomFile(env)).toBe('/sys/fs/cgroup/memory/x/coldbench/e42-1/memory.oom_control');
    expect(parseOomKills('oom_kill_disable 0\nunder_oom 0\noom_kill 1\n')).toBe(1);
    expect(peakMemoryFile(env)).toBe('/sys/fs/cgroup/memory/x/coldbench/e42-1/memory.max_usage_in_bytes');
    expect(swapLimitFile(env)).toBe('/sys/fs/cgroup/memory/x/coldbench/e42-1/memory.memsw.limit_in_bytes');
    expect(cpuUsageFile(env)).toBe('/sys/fs/cgroup/cpuacct/coldbench/e42-1/cpuacct.usage');
    expect(parseCpuUsageMs(1, '1500000\n')).toBe(1.5);
    expect(parseCpuUsageMs(1, '')).toBeUndefined();
    expect(cpuUsageFile({ ...env, cpuacct: undefined } as CgroupPaths)).toBeUndefined();
    expect(killFile(env)).toBeUndefined();
  });
});

describe('cgroup v2 plan', () => {
  const env = childPaths(v2, 'e42-1');
  it('uses one folder', () => {
    expect(cgroupDirs(env)).toEqual(['/sys/fs/cgroup/user.slice/coldbench/e42-1']);
    expect(procsFiles(env)).toEqual(['/sys/fs/cgroup/user.slice/coldbench/e42-1/cgroup.procs']);
  });
  it('writes cpu.max, memory.max, no swap, and the process limit', () => {
    expect(setupWrites(env, { memoryMb: 512, cpus: 2, limitSwap: true })).toEqual([
      { file: '/sys/fs/cgroup/user.slice/coldbench/e42-1/cpu.max', value: '200000 100000' },
      { file: '/sys/fs/cgroup/user.slice/coldbench/e42-1/memory.max', value: '536870912' },
      { file: '/sys/fs/cgroup/user.slice/coldbench/e42-1/memory.swap.max', value: '0' },
      { file: '/sys/fs/cgroup/user.slice/coldbench/e42-1/pids.max', value: '1024' },
    ]);
  });
  it('switches CPU, freezes, kills, and reads OOM kills, peak memory and CPU time from the v2 files', () => {
    expect(cpuWrite(env, invokeCpus(512))).toEqual({ file: '/sys/fs/cgroup/user.slice/coldbench/e42-1/cpu.max', value: '28943 100000' });
    expect(freezeWrite(env, true)).toEqual({ file: '/sys/fs/cgroup/user.slice/coldbench/e42-1/cgroup.freeze', value: '1' });
    expect(freezeWrite(env, false).value).toBe('0');
    expect(oomFile(env)).toBe('/sys/fs/cgroup/user.slice/coldbench/e42-1/memory.events');
    expect(parseOomKills('low 0\nhigh 0\nmax 12\noom 1\noom_kill 2\noom_group_kill 0\n')).toBe(2);
    expect(parseOomKills('low 0\n')).toBe(0);
    expect(peakMemoryFile(env)).toBe('/sys/fs/cgroup/user.slice/coldbench/e42-1/memory.peak');
    expect(swapLimitFile(env)).toBe('/sys/fs/cgroup/user.slice/coldbench/e42-1/memory.swap.max');
    expect(cpuUsageFile(env)).toBe('/sys/fs/cgroup/user.slice/coldbench/e42-1/cpu.stat');
    expect(parseCpuUsageMs(2, 'usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n')).toBe(2.5);
    expect(killFile(env)).toBe('/sys/fs/cgroup/user.slice/coldbench/e42-1/cgroup.kill');
  });
});

describe('CPU pinning (cpuset)', () => {
  it('reads and writes cpu lists', () => {
    expect(parseCpuList('0-1')).toEqual([0, 1]);
    expect(parseCpuList('0-2,5,7-8\n')).toEqual([0, 1, 2, 5, 7, 8]);
    expect(() => parseCpuList('0-1,x')).toThrow(/not a cpu list: "0-1,x"/);
    expect(formatCpuList([1])).toBe('1');
    expect(formatCpuList([3, 1, 2, 5, 7, 8, 2])).toBe('1-3,5,7-8');
    expect(parseCpuList(formatCpuList([0, 4, 5, 6, 9]))).toEqual([0, 4, 5, 6, 9]);
  });

  it('pins through cpuset.cpus where the cpuset controller is there, and not at all without it', () => {
    const withCpuset: CgroupPaths = { ...v1, cpuset: '/sys/fs/cgroup/cpuset/coldbench' } as CgroupPaths;
    const env = childPaths(withCpuset, 'e42-1');
    expect(cgroupDirs(env)).toContain('/sys/fs/cgroup/cpuset/coldbench/e42-1');
    expect(pinWrite(env, '1')).toEqual({ file: '/sys/fs/cgroup/cpuset/coldbench/e42-1/cpuset.cpus', value: '1' });
    expect(cpusetWrites('/c/e1', { cpus: '0-1', mems: '0' })).toEqual([
      { file: '/c/e1/cpuset.cpus', value: '0-1' },
      { file: '/c/e1/cpuset.mems', value: '0' },
    ]);
    expect(pinWrite(childPaths(v1, 'e42-1'), '1')).toBeUndefined();
    const v2Env = childPaths({ ...v2, cpuset: true } as CgroupPaths, 'e42-1');
    expect(pinWrite(v2Env, '1-3')).toEqual({ file: '/sys/fs/cgroup/user.slice/coldbench/e42-1/cpuset.cpus', value: '1-3' });
    expect(pinWrite(childPaths(v2, 'e42-1'), '1')).toBeUndefined();
  });
});
