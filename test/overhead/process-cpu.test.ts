import { describe, expect, it } from 'vitest';
import { cpuCounter, processCpuMs } from '../../src/overhead/process-cpu.js';

describe.skipIf(process.platform !== 'linux')('CPU time of a process, from /proc', () => {
  it('counts the CPU a process uses, as getrusage does, not the time that passes', async () => {
    const counter = cpuCounter(process.pid);
    const before = processCpuMs(process.pid)!;
    const start = process.cpuUsage();
    for (let used = 0; used < 30_000; ) {
      const u = process.cpuUsage(start); // getrusage: µs of CPU, an independent reading of the same thing
      used = u.user + u.system;
    }
    const afterSpin = processCpuMs(process.pid)!;
    expect(afterSpin - before).toBeGreaterThan(25);
    expect(afterSpin - before).toBeLessThan(45);
    await new Promise((resolve) => setTimeout(resolve, 100)); // idle: the wall clock runs, the CPU time barely
    expect(processCpuMs(process.pid)! - afterSpin).toBeLessThan(30);
    expect(counter.perRequest(2)!).toBeGreaterThan(12); // over 25 ms in two "requests"
  });

  it('is undefined for a process that does not exist, or no requests', () => {
    expect(processCpuMs(2 ** 22 + 1)).toBeUndefined();
    expect(processCpuMs(undefined)).toBeUndefined();
    expect(cpuCounter(process.pid).perRequest(0)).toBeUndefined();
  });
});
