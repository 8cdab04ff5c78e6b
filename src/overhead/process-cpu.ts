import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time a process has used so far, all its threads, in ms: the first field
 * of /proc/<pid>/task/<tid>/schedstat (ns on the CPU), summed. Unlike a
 * round trip's wall time it does not grow when other work shares the machine,
 * so it shows what a peer's own code costs per request even on a busy machine.
 * Undefined where it cannot be read (no /proc, schedstat turned off, the process gone).
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`))
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
    return ns > 0 && Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** Starts counting a process's CPU; `perRequest(n)` then gives the ms used per request over the `n` requests since, or undefined. */
export function cpuCounter(pid: number | undefined): { perRequest: (requests: number) => number | undefined } {
  const start = processCpuMs(pid);
  return {
    perRequest(requests) {
      const end = processCpuMs(pid);
      return start === undefined || end === undefined || requests <= 0 ? undefined : (end - start) / requests;
    },
  };
}
