import type { ChildProcess } from 'node:child_process';
import type { CgroupPaths } from './sandbox/cgroup-plan.js';
import { killCgroup, removeCgroup } from './sandbox/cgroup.js';

/**
 * Every environment process the harness has started and not yet seen exit,
 * and every sandbox cgroup not yet removed. Environments run in their own
 * process group (so a handler's own children go with them) and, sandboxed, in
 * a cgroup of their own (which also holds what left the group: a detached or
 * setsid child); this registry kills both on any exit of the harness.
 */
const live = new Set<ChildProcess>();
const cgroups = new Set<CgroupPaths>();
let hooked = false;

/**
 * Kills a child's whole process group (falls back to the child alone). The
 * group outlives its leader when the handler left processes behind, so this
 * is also called after the child exited; the kernel does not reuse a pid
 * while a process group of that id still exists.
 */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // no such group: everything is gone already
  }
}

function hook(): void {
  if (!hooked) {
    hooked = true;
    process.on('exit', killAll);
  }
}

export function track(child: ChildProcess): void {
  hook();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Remembers a sandbox cgroup until forgetCgroup: killAll empties and removes it. */
export function rememberCgroup(paths: CgroupPaths): void {
  hook();
  cgroups.add(paths);
}

export function forgetCgroup(paths: CgroupPaths): void {
  cgroups.delete(paths);
}

/** Kills every live environment now (synchronous: safe in an exit handler). */
export function killAll(): void {
  for (const child of live) killGroup(child);
  live.clear();
  for (const paths of cgroups) {
    killCgroup(paths);
    removeCgroup(paths); // may still be busy for a moment; the next harness's detection removes it then
  }
  cgroups.clear();
}

/** How many environment processes are alive, for tests and for the interrupt path. */
export function liveCount(): number {
  return live.size;
}
