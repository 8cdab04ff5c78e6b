import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLED_SCENARIOS_DIR } from '../../src/core/paths.js';
import { resolvePython } from '../helpers.js';

// The planted costs spin on the main thread's own CPU time. Process-wide CPU time
// (process.cpuUsage, time.process_time) also counts other threads, and a spin on
// it stops early when another thread works at the same time. These tests run a
// second busy thread beside the spin: a thread cannot use more CPU than the wall
// time that passes, so the spin must take at least its planted time on the wall clock.
const PLANTED_MS = 100;

describe('planted CPU costs count the main thread alone', () => {
  it('Node: spinCpuMs waits for the main thread, not for a worker that burns CPU beside it', () => {
    const helper = pathToFileURL(path.join(BUNDLED_SCENARIOS_DIR, 'calibration-node', 'cpu-time.mjs')).href;
    // CommonJS (the worker's eval is CommonJS too), the helper through import().
    const script = `(async () => {
      const { Worker } = require('node:worker_threads');
      const { openCpuClock, spinCpuMs } = await import(${JSON.stringify(helper)});
      const worker = new Worker('const end = Date.now() + 3000; require("node:worker_threads").parentPort.postMessage("on"); while (Date.now() < end) {}', { eval: true });
      await new Promise((resolve) => worker.once('message', resolve));
      const clock = openCpuClock();
      const p0 = process.cpuUsage();
      const wall0 = performance.now();
      const usedMs = spinCpuMs(${PLANTED_MS});
      const wallMs = performance.now() - wall0;
      const p = process.cpuUsage(p0);
      console.log(JSON.stringify({ counts: clock.counts, usedMs, wallMs, processMs: (p.user + p.system) / 1000 }));
      clock.close();
      process.exit(0);
    })();`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
      counts: string;
      usedMs: number;
      wallMs: number;
      processMs: number;
    };
    if (process.platform === 'linux') expect(out.counts).toBe('thread');
    expect(out.usedMs).toBeGreaterThanOrEqual(PLANTED_MS);
    expect(out.wallMs).toBeGreaterThanOrEqual(PLANTED_MS * 0.99);
    expect(out.processMs).toBeGreaterThan(out.usedMs); // the worker's CPU, which the spin did not count
  });

  it('Python: planted.py waits for the main thread, not for a thread that burns CPU beside it', async () => {
    const python = await resolvePython();
    const script = `
import hashlib, os, sys, threading, time
sys.path.insert(0, ${JSON.stringify(path.join(BUNDLED_SCENARIOS_DIR, 'calibration-python'))})
os.environ['PLANTED_MS'] = '${PLANTED_MS}'
stop = False
data = bytes(1 << 20)
def burn():
    while not stop:
        hashlib.sha256(data)  # releases the GIL: this thread's CPU runs beside the main thread's
started = threading.Thread(target=burn, daemon=True)
started.start()
time.sleep(0.05)
p0, wall0 = time.process_time(), time.perf_counter()
import planted
wall_ms, process_ms = (time.perf_counter() - wall0) * 1000, (time.process_time() - p0) * 1000
stop = True
print(wall_ms, process_ms)
`;
    const [wallMs, processMs] = execFileSync(python, ['-c', script], { encoding: 'utf8' }).trim().split(' ').map(Number);
    expect(wallMs).toBeGreaterThanOrEqual(PLANTED_MS * 0.99);
    expect(processMs).toBeGreaterThan(PLANTED_MS); // the other thread's CPU, which the spin did not count
  });
});
