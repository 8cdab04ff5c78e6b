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

let sink = 0;

/** `units` steps of integer arithmetic: CPU work that allocates nothing and that V8 cannot leave out. */
function work(units) {
  let x = sink;
  for (let i = 0; i < units; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  sink = x;
}

/**
 * Busy-waits until the calling thread has used `ms` of CPU; returns the CPU ms
 * it used (≥ ms, by a few µs). It works in chunks of arithmetic and reads the
 * clock between them, each chunk planned to use half of what is left (from the
 * CPU the chunks so far took): a few dozen readings instead of one per loop,
 * because every reading allocates (Node's fs and cpuUsage wrappers), and the
 * young-generation collections of a reading per loop kept V8's helper threads
 * busy for some 8 ms of every 50 ms planted — CPU that is no part of the cost
 * and that, with one CPU for the process, stretches the wall time.
 */
export function spinCpuMs(ms) {
  const clock = openCpuClock();
  try {
    const start = clock.nowMs();
    let used = 0;
    let units = 1000;
    while (used < ms) {
      work(units);
      const now = clock.nowMs() - start;
      const chunkMs = now - used;
      used = now;
      // Plan the next chunk from this one's cost per unit (never below 1,000 units: a reading costs some µs).
      units = chunkMs > 0 ? Math.max(1000, Math.floor((ms - used) / 2 / (chunkMs / units))) : units * 2;
    }
    return used;
  } finally {
    clock.close();
  }
}
