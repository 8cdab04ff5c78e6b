import type { ChildProcess } from 'node:child_process';

/**
 * Every environment process the harness has started and not yet seen exit.
 * Environments run in their own process group (so a handler's own children
 * go with them); this registry kills those groups on any exit of the harness.
 */
const live = new Set<ChildProcess>();
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

export function track(child: ChildProcess): void {
  if (!hooked) {
    hooked = true;
    process.on('exit', killAll);
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Kills every live environment now (synchronous: safe in an exit handler). */
export function killAll(): void {
  for (const child of live) killGroup(child);
  live.clear();
}

/** How many environment processes are alive, for tests and for the interrupt path. */
export function liveCount(): number {
  return live.size;
}
