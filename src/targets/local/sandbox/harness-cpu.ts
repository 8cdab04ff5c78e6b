/**
 * The harness on one CPU of its own for a while, so that an environment pinned
 * to the same CPU answers without a wake-up across CPUs (I/O: cgroup writes).
 *
 * Why: a warm round trip is two wake-ups. When the two processes sit on
 * different CPUs and the other CPU has gone idle, each wake-up is an
 * interrupt to a halted CPU; in a VM that is a trip through the hypervisor
 * (measured on a 2-vCPU Firecracker VM: round trips of ~26 µs on one vCPU,
 * 70–110 µs across, depending only on where the scheduler had placed them).
 * On one CPU the wake-up is a switch between two runnable processes.
 *
 * How: a cpuset cgroup `e<pid>-harness` under the coldbench folder with one
 * CPU; the harness process (every thread) moves into it and back to the
 * cgroup it came from. Children started meanwhile start on that CPU too.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { locateOwnCgroups } from './cgroup-discovery.js';
import type { CgroupPaths } from './cgroup-plan.js';

/** The cpuset folder the harness sits in while on its CPU, and the one it returns to. */
interface Folders {
  harness: string;
  home: string;
}

/** The harness's cpuset folder now (v1: the cpuset hierarchy; v2: the unified one). */
function ownCpusetFolder(version: 1 | 2): string | undefined {
  const own = locateOwnCgroups(readFileSync('/proc/self/cgroup', 'utf8'), readFileSync('/proc/self/mountinfo', 'utf8'));
  return version === 2 ? own.v2 : own.v1.cpuset;
}

/** Moves this whole process (all its threads) into a cgroup folder. */
function moveHarness(folder: string): void {
  writeFileSync(path.join(folder, 'cgroup.procs'), String(process.pid));
}

export class HarnessCpu {
  private depth = 0;
  private readonly onExit = () => this.dispose();

  private constructor(
    private readonly folders: Folders,
    /** The CPU the harness runs on while placed. */
    readonly cpu: number,
  ) {
    process.once('exit', this.onExit);
  }

  /**
   * A cpuset folder for the harness on `cpu`, or why there is none (no cpuset
   * controller, the kernel refused a write). The coldbench folder `parent`
   * must have the cpuset controller (SandboxSupport.cpuPinning).
   */
  static create(parent: CgroupPaths, cpu: number): HarnessCpu | { reason: string } {
    const parentDir = parent.version === 2 ? (parent.cpuset ? parent.dir : undefined) : parent.cpuset;
    if (!parentDir) return { reason: 'the sandbox has no cpuset controller' };
    const harness = path.join(parentDir, `e${process.pid}-harness`);
    try {
      const home = ownCpusetFolder(parent.version);
      if (!home) return { reason: 'the harness is in no cpuset cgroup it can return to' };
      mkdirSync(harness, { recursive: true });
      writeFileSync(path.join(harness, 'cpuset.cpus'), String(cpu));
      return new HarnessCpu({ harness, home }, cpu);
    } catch (error) {
      try {
        rmdirSync(harness);
      } catch {
        // never made
      }
      return { reason: `cannot give the harness a cpuset of CPU ${cpu} (${(error as Error).message})` };
    }
  }

  /** Moves the harness onto its CPU (nested calls share one stay); false, and nothing moved, when the kernel refuses. */
  enter(): boolean {
    if (this.depth === 0) {
      try {
        moveHarness(this.folders.harness);
      } catch {
        return false;
      }
    }
    this.depth++;
    return true;
  }

  /** Ends one enter(): the last one returns the harness to the cgroup it came from. */
  leave(): void {
    if (this.depth === 0) return;
    if (--this.depth === 0) moveHarness(this.folders.home);
  }

  /** Runs `work` with the harness on its CPU where the kernel allows it (else where it is), and returns it afterwards. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    const entered = this.enter();
    try {
      return await work();
    } finally {
      if (entered) this.leave();
    }
  }

  /** Moves the harness there and back once: whether the kernel lets it (detection). */
  tryOnce(): boolean {
    if (!this.enter()) return false;
    try {
      this.leave();
      return true;
    } catch {
      return false;
    }
  }

  /** Returns the harness to its cgroup and removes the folder (synchronous: runs at exit too). */
  dispose(): void {
    process.removeListener('exit', this.onExit);
    try {
      if (this.depth > 0) moveHarness(this.folders.home);
      this.depth = 0;
      rmdirSync(this.folders.harness);
    } catch {
      // gone already, or busy with a child started there: the next harness's detection removes it (removeStaleCgroups)
    }
  }
}

let placed: HarnessCpu | { reason: string } | undefined;

/**
 * The harness's CPU for this process, made on first use on the first of
 * `cpus()` (the harness's allowed CPUs then: the one side-by-side environments
 * keep off; read only then) and kept: later calls, placed or not, get the same.
 */
export function harnessCpuFor(parent: CgroupPaths, cpus: () => readonly number[]): HarnessCpu | { reason: string } {
  if (placed) return placed;
  const allowed = cpus();
  placed =
    allowed.length < 2 ? { reason: 'the harness has one CPU: everything shares it already' } : HarnessCpu.create(parent, allowed[0]!);
  return placed;
}
