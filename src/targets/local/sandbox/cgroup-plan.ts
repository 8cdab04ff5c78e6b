/**
 * What to write where in an environment's cgroup, for cgroup v1 and v2 (pure:
 * paths and values only; cgroup.ts does the writing).
 */
import path from 'node:path';
import { cpuQuotaUs, CFS_PERIOD_US, LAMBDA_PROCESS_LIMIT, mbToBytes } from './lambda-limits.js';

/**
 * The folders of one cgroup. v1: one folder per controller hierarchy (`pids`
 * and `cpuacct` are optional: limits and CPU accounting are skipped without
 * them); v2: one folder in the unified hierarchy.
 */
export type CgroupPaths =
  | { version: 1; cpu: string; memory: string; freezer: string; pids?: string; cpuacct?: string; cpuset?: string }
  | { version: 2; dir: string; cpuset?: boolean };

/** One value written to one cgroup file. */
export interface CgroupWrite {
  file: string;
  value: string;
}

/** The limits of an environment's cgroup. */
export interface CgroupLimits {
  memoryMb: number;
  /** CPUs it may use now (INIT: boosted or the invoke share). */
  cpus: number;
  /** Whether memory+swap can be limited too (v1: memory.memsw.* exists; v2: memory.swap.max exists). */
  limitSwap: boolean;
}

/** The CPUs and memory nodes of a cpuset, as cpu lists (`0-1`, `0`). */
export interface CpusetValues {
  cpus: string;
  mems: string;
}

/** The same cgroup paths with `name` appended (a child cgroup). */
export function childPaths(parent: CgroupPaths, name: string): CgroupPaths {
  if (parent.version === 2) return { version: 2, dir: path.join(parent.dir, name), ...(parent.cpuset ? { cpuset: true } : {}) };
  return {
    version: 1,
    cpu: path.join(parent.cpu, name),
    memory: path.join(parent.memory, name),
    freezer: path.join(parent.freezer, name),
    ...(parent.pids ? { pids: path.join(parent.pids, name) } : {}),
    ...(parent.cpuacct ? { cpuacct: path.join(parent.cpuacct, name) } : {}),
    ...(parent.cpuset ? { cpuset: path.join(parent.cpuset, name) } : {}),
  };
}

/** Every folder of the cgroup (one per hierarchy), in a fixed order. */
export function cgroupDirs(p: CgroupPaths): string[] {
  if (p.version === 2) return [p.dir];
  return [p.cpu, p.memory, p.freezer, ...(p.pids ? [p.pids] : []), ...(p.cpuacct ? [p.cpuacct] : []), ...(p.cpuset ? [p.cpuset] : [])];
}

/** The cgroup.procs files a process writes its pid into to join the cgroup. */
export function procsFiles(p: CgroupPaths): string[] {
  return cgroupDirs(p).map((dir) => path.join(dir, 'cgroup.procs'));
}

/** The write that sets the CPU quota (also used to switch from INIT to invoke). */
export function cpuWrite(p: CgroupPaths, cpus: number): CgroupWrite {
  const quota = cpuQuotaUs(cpus);
  if (p.version === 2) return { file: path.join(p.dir, 'cpu.max'), value: `${quota} ${CFS_PERIOD_US}` };
  return { file: path.join(p.cpu, 'cpu.cfs_quota_us'), value: String(quota) };
}

/**
 * Every write that sets up a new environment cgroup, in order. Memory: the
 * limit and, where possible, memory+swap at the same value (v1: the memsw limit
 * must not be below the memory limit, so it comes second; v2: no swap at all),
 * so that swap cannot hide an out-of-memory kill. Processes: Lambda's 1,024.
 */
export function setupWrites(p: CgroupPaths, limits: CgroupLimits): CgroupWrite[] {
  const bytes = String(mbToBytes(limits.memoryMb));
  if (p.version === 2) {
    return [
      cpuWrite(p, limits.cpus),
      { file: path.join(p.dir, 'memory.max'), value: bytes },
      ...(limits.limitSwap ? [{ file: path.join(p.dir, 'memory.swap.max'), value: '0' }] : []),
      { file: path.join(p.dir, 'pids.max'), value: String(LAMBDA_PROCESS_LIMIT) },
    ];
  }
  return [
    { file: path.join(p.cpu, 'cpu.cfs_period_us'), value: String(CFS_PERIOD_US) },
    cpuWrite(p, limits.cpus),
    { file: path.join(p.memory, 'memory.limit_in_bytes'), value: bytes },
    ...(limits.limitSwap ? [{ file: path.join(p.memory, 'memory.memsw.limit_in_bytes'), value: bytes }] : []),
    ...(p.pids ? [{ file: path.join(p.pids, 'pids.max'), value: String(LAMBDA_PROCESS_LIMIT) }] : []),
  ];
}

/**
 * v1: the writes that give a new cpuset cgroup its CPUs and memory nodes (a new
 * one starts empty and refuses every process, unless its parent has
 * cgroup.clone_children set; v2 inherits its parent's).
 */
export function cpusetWrites(dir: string, values: CpusetValues): CgroupWrite[] {
  return [
    { file: path.join(dir, 'cpuset.cpus'), value: values.cpus },
    { file: path.join(dir, 'cpuset.mems'), value: values.mems },
  ];
}

/** The write that pins every process of the cgroup to `cpus` (a cpu list); undefined without the cpuset controller. */
export function pinWrite(p: CgroupPaths, cpus: string): CgroupWrite | undefined {
  if (p.version === 2) return p.cpuset ? { file: path.join(p.dir, 'cpuset.cpus'), value: cpus } : undefined;
  return p.cpuset ? { file: path.join(p.cpuset, 'cpuset.cpus'), value: cpus } : undefined;
}

/** The CPU numbers of a cpu list such as `0-3,6` (cpuset.cpus, Cpus_allowed_list); throws on anything else. */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) throw new Error(`not a cpu list: "${text.trim()}"`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    for (let cpu = first; cpu <= last; cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** A cpu list for cpuset.cpus (`1,2,3` written as `1-3`). */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

/** The file whose presence says swap can be limited. */
export function swapLimitFile(p: CgroupPaths): string {
  return p.version === 2 ? path.join(p.dir, 'memory.swap.max') : path.join(p.memory, 'memory.memsw.limit_in_bytes');
}

/** The write that freezes (or thaws) every process of the cgroup. */
export function freezeWrite(p: CgroupPaths, frozen: boolean): CgroupWrite {
  if (p.version === 2) return { file: path.join(p.dir, 'cgroup.freeze'), value: frozen ? '1' : '0' };
  return { file: path.join(p.freezer, 'freezer.state'), value: frozen ? 'FROZEN' : 'THAWED' };
}

/** The file that counts out-of-memory kills: v1 memory.oom_control, v2 memory.events (both have an `oom_kill N` line). */
export function oomFile(p: CgroupPaths): string {
  return p.version === 2 ? path.join(p.dir, 'memory.events') : path.join(p.memory, 'memory.oom_control');
}

/** The number on the `oom_kill` line of memory.oom_control (v1) or memory.events (v2); 0 when absent. */
export function parseOomKills(text: string): number {
  const match = /^oom_kill (\d+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/** The file with the cgroup's peak memory in bytes (v1 memory.max_usage_in_bytes, v2 memory.peak). */
export function peakMemoryFile(p: CgroupPaths): string {
  return p.version === 2 ? path.join(p.dir, 'memory.peak') : path.join(p.memory, 'memory.max_usage_in_bytes');
}

/** The file with the cgroup's CPU time, if it has one (v1 needs the cpuacct hierarchy). */
export function cpuUsageFile(p: CgroupPaths): string | undefined {
  if (p.version === 2) return path.join(p.dir, 'cpu.stat');
  return p.cpuacct ? path.join(p.cpuacct, 'cpuacct.usage') : undefined;
}

/** CPU time in ms from that file: v1 cpuacct.usage is in ns, v2 cpu.stat has `usage_usec N`. */
export function parseCpuUsageMs(version: 1 | 2, text: string): number | undefined {
  if (version === 1) {
    const ns = Number(text.trim());
    return Number.isFinite(ns) && text.trim() !== '' ? ns / 1e6 : undefined;
  }
  const match = /^usage_usec (\d+)$/m.exec(text);
  return match ? Number(match[1]) / 1000 : undefined;
}

/** v2's one-write kill of every process in the cgroup (kernel 5.14+); v1 has none. */
export function killFile(p: CgroupPaths): string | undefined {
  return p.version === 2 ? path.join(p.dir, 'cgroup.kill') : undefined;
}
