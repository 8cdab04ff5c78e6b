/**
 * One environment's cgroup on disk: created with its limits, switched from
 * INIT to invoke CPU, frozen and thawed, read for out-of-memory kills and peak
 * memory, emptied and removed. Synchronous on purpose: each call is one or two
 * small writes to cgroupfs (tens of µs), and the switch between INIT and the
 * first request must happen before the request is sent.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  cgroupDirs,
  childPaths,
  cpuUsageFile,
  cpusetWrites,
  cpuWrite,
  freezeWrite,
  killFile,
  oomFile,
  parseCpuUsageMs,
  parseOomKills,
  peakMemoryFile,
  pinWrite,
  procsFiles,
  setupWrites,
  type CgroupLimits,
  type CgroupPaths,
  type CgroupWrite,
} from './cgroup-plan.js';

function apply(write: CgroupWrite): void {
  writeFileSync(write.file, write.value);
}

function readOr(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * v1: gives the coldbench cpuset folder `dir` its parent's CPUs and memory
 * nodes, and has the kernel copy them into every cgroup created under it
 * (`cgroup.clone_children`), so that an environment's cpuset needs no writes.
 */
export function inheritCpuset(parentDir: string, dir: string): void {
  const values = {
    cpus: readOr(path.join(parentDir, 'cpuset.cpus'))?.trim() ?? '',
    mems: readOr(path.join(parentDir, 'cpuset.mems'))?.trim() ?? '',
  };
  for (const write of cpusetWrites(dir, values)) apply(write);
  apply({ file: path.join(dir, 'cgroup.clone_children'), value: '1' });
}

/** Every pid listed in the cgroup's procs files (all hierarchies, without duplicates). */
export function cgroupPids(paths: CgroupPaths): number[] {
  const pids = new Set<number>();
  for (const file of procsFiles(paths)) {
    for (const line of (readOr(file) ?? '').split('\n')) if (line) pids.add(Number(line));
  }
  return [...pids];
}

/**
 * Kills every process of a cgroup (synchronous: safe in an exit handler). v2
 * writes cgroup.kill; v1 thaws the freezer first (a frozen process does not
 * die until thawed) and sends SIGKILL to each listed pid.
 */
export function killCgroup(paths: CgroupPaths): void {
  try {
    apply(freezeWrite(paths, false));
  } catch {
    // gone already
  }
  const kill = killFile(paths);
  if (kill && existsSync(kill)) {
    try {
      writeFileSync(kill, '1');
      return;
    } catch {
      // fall through to one signal per process
    }
  }
  for (const pid of cgroupPids(paths)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}

/** Removes the cgroup's folders; false while a process is still in it (EBUSY). */
export function removeCgroup(paths: CgroupPaths): boolean {
  let removed = true;
  for (const dir of cgroupDirs(paths)) {
    try {
      rmdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') removed = false;
    }
  }
  return removed;
}

/** One environment's cgroup (in every hierarchy the sandbox uses). */
export class EnvironmentCgroup {
  private frozen = false;
  /** The cpuset.cpus value before pin(), while pinned. */
  private unpinned: string | undefined;

  private constructor(readonly paths: CgroupPaths) {}

  /** Creates `name` under `parent` with the given limits. Throws when the kernel refuses a write. */
  static create(parent: CgroupPaths, name: string, limits: CgroupLimits): EnvironmentCgroup {
    const paths = childPaths(parent, name);
    for (const dir of cgroupDirs(paths)) mkdirSync(dir, { recursive: true });
    const cgroup = new EnvironmentCgroup(paths);
    try {
      for (const write of setupWrites(paths, limits)) apply(write);
    } catch (error) {
      removeCgroup(paths);
      throw error;
    }
    return cgroup;
  }

  /** The cgroup.procs files the launcher joins. */
  procsFiles(): string[] {
    return procsFiles(this.paths);
  }

  /** Sets the CPU quota (the INIT → invoke switch). */
  setCpus(cpus: number): void {
    apply(cpuWrite(this.paths, cpus));
  }

  /** Pins every process of the environment to `cpus` (a cpu list); false without the cpuset controller. */
  pin(cpus: string): boolean {
    const write = pinWrite(this.paths, cpus);
    if (!write) return false;
    this.unpinned ??= readOr(write.file)?.trim() ?? '';
    apply(write);
    return true;
  }

  /** Undoes pin(): the CPUs the cgroup had before (v2: empty, its parent's). */
  unpin(): void {
    if (this.unpinned === undefined) return;
    const write = pinWrite(this.paths, this.unpinned);
    if (write) apply(write);
    this.unpinned = undefined;
  }

  /** Freezes every process of the environment (returns at once; the kernel finishes freezing on its own). */
  freeze(): void {
    if (this.frozen) return;
    apply(freezeWrite(this.paths, true));
    this.frozen = true;
  }

  thaw(): void {
    if (!this.frozen) return;
    apply(freezeWrite(this.paths, false));
    this.frozen = false;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** How many processes the kernel killed for reaching the memory limit. */
  oomKills(): number {
    return parseOomKills(readOr(oomFile(this.paths)) ?? '');
  }

  /** The most memory the environment used, in MB (undefined where the kernel does not say). */
  peakMemoryMb(): number | undefined {
    const text = readOr(peakMemoryFile(this.paths));
    const bytes = text === undefined ? NaN : Number(text.trim());
    return Number.isFinite(bytes) ? bytes / (1024 * 1024) : undefined;
  }

  /** CPU time used by all its processes so far, in ms (undefined without CPU accounting). */
  cpuUsageMs(): number | undefined {
    const text = readOr(cpuUsageFile(this.paths));
    return text === undefined ? undefined : parseCpuUsageMs(this.paths.version, text);
  }

  pids(): number[] {
    return cgroupPids(this.paths);
  }

  /** Kills everything in it (see killCgroup). */
  kill(): void {
    killCgroup(this.paths);
    this.frozen = false;
  }

  /** Removes it once empty: waits up to `capMs` for killed processes to be gone. */
  async remove(capMs = 2000): Promise<boolean> {
    const until = performance.now() + capMs;
    for (;;) {
      if (removeCgroup(this.paths)) return true;
      if (performance.now() > until) return false;
      killCgroup(this.paths);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/**
 * Empties and removes the children of `parent` left by harness processes that
 * are gone (names start with `e<pid>-`), so a killed run leaves nothing running.
 */
export function removeStaleCgroups(parent: CgroupPaths): void {
  // Every hierarchy: a harness's own cpuset folder (harness-cpu.ts) exists in the cpuset hierarchy only.
  const names = new Set<string>();
  for (const dir of cgroupDirs(parent)) {
    try {
      for (const d of readdirSync(dir, { withFileTypes: true })) if (d.isDirectory()) names.add(d.name);
    } catch {
      // not there
    }
  }
  for (const name of names) {
    const pid = /^e(\d+)-/.exec(name)?.[1];
    if (!pid || isAlive(Number(pid))) continue;
    const paths = childPaths(parent, name);
    killCgroup(paths);
    removeCgroup(paths);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
