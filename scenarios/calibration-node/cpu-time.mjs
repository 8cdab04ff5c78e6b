// CPU time of the calling thread (the main thread, where a module's import runs),
// for planted costs that busy-wait a known amount of CPU.
//
// process.cpuUsage() counts every thread of the process: while the main thread
// spins, V8's helper threads (the optimizing compiler working on the spin loop,
// the garbage collector) add 2-5 ms of their own, so a spin on it stops early and
// a planted 200 ms import reads as ~197 ms (measured by `npm run bench:overhead`).
// Node 20 has no per-thread CPU clock (process.threadCpuUsage came in Node 23.9);
// on Linux the thread's own time is the first field of /proc/thread-self/schedstat
// (ns). The kernel brings that figure up to date only at scheduler events (every
// tick, up to 4 ms late) — and whenever the thread calls getrusage(), which
// process.cpuUsage() does: so each reading calls it first, and is then exact.
// Elsewhere (no /proc, or schedstat turned off) it falls back to process.cpuUsage().
import { closeSync, openSync, readSync } from 'node:fs';

const SCHEDSTAT = '/proc/thread-self/schedstat';
const buffer = Buffer.alloc(64);

/** ns of CPU from schedstat's first field, parsed from the bytes (no strings: garbage would wake the collector's threads). */
function readRuntimeNs(fd) {
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  let ns = 0;
  for (let i = 0; i < n; i++) {
    const digit = buffer[i] - 48;
    if (digit < 0 || digit > 9) break;
    ns = ns * 10 + digit;
  }
  return ns;
}

function processCpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * A clock of the calling thread's CPU time in ms (its origin is arbitrary), and
 * what it counts: 'thread' (this thread alone) or 'process' (every thread: the
 * fallback where the thread's own time cannot be read). close() releases it.
 */
export function openCpuClock() {
  let fd;
  try {
    fd = openSync(SCHEDSTAT, 'r');
    process.cpuUsage();
    if (readRuntimeNs(fd) === 0) throw new Error('schedstat is turned off'); // a running thread has used some CPU
  } catch {
    if (fd !== undefined) closeSync(fd);
    return { counts: 'process', nowMs: processCpuMs, close() {} };
  }
  return {
    counts: 'thread',
    nowMs() {
      process.cpuUsage(); // getrusage() brings this thread's runtime up to date
      return readRuntimeNs(fd) / 1e6;
    },
    close() {
      closeSync(fd);
    },
  };
}

/** Busy-waits until the calling thread has used `ms` of CPU; returns the CPU ms it used (≥ ms). */
export function spinCpuMs(ms) {
  const clock = openCpuClock();
  try {
    const start = clock.nowMs();
    let used = 0;
    while (used < ms) used = clock.nowMs() - start;
    return used;
  } finally {
    clock.close();
  }
}
