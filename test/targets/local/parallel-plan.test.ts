import { describe, expect, it } from 'vitest';
import { AUTO_PARALLEL_CAP, parallelPlan, type ParallelInput } from '../../../src/targets/local/parallel-plan.js';

const base: ParallelInput = { requested: 'auto', memoryMb: 128, sandboxed: true, cpuPinning: true, cpus: [0, 1] };

describe('parallelPlan', () => {
  it('fits as many environments as their CPU shares allow within the CPUs but the harness’s, pinned off the first', () => {
    // 1 CPU to share: 128 MB = 0.072 CPU → 13, capped; 512 MB = 0.289 → 3; 884 MB = 0.4997 → 2; 1024 MB = 0.579 → 1.
    expect(parallelPlan(base)).toMatchObject({ atOnce: AUTO_PARALLEL_CAP, pinTo: '1' });
    expect(parallelPlan({ ...base, memoryMb: 512 })).toMatchObject({ atOnce: 3, pinTo: '1' });
    expect(parallelPlan({ ...base, memoryMb: 884 }).atOnce).toBe(2);
    expect(parallelPlan({ ...base, memoryMb: 1024 })).toMatchObject({ atOnce: 1 });
    expect(parallelPlan({ ...base, memoryMb: 1024 }).description).toMatch(/0\.579 CPU.*no room for a second within 1 CPU/);
    expect(parallelPlan({ ...base, memoryMb: 1769, cpus: [0, 1, 2, 3] })).toMatchObject({ atOnce: 3, pinTo: '1-3' });
    expect(parallelPlan({ ...base, memoryMb: 512 }).description).toMatch(/up to 3 environments at a time .*pinned to CPU 1 after INIT/);
  });

  it('takes --parallel N as an upper bound, and 1 as one at a time', () => {
    expect(parallelPlan({ ...base, requested: 2 }).atOnce).toBe(2);
    expect(parallelPlan({ ...base, requested: 40 }).atOnce).toBe(13);
    expect(parallelPlan({ ...base, requested: 1 })).toEqual({ atOnce: 1, description: 'one environment at a time: --parallel 1' });
  });

  it('stays one at a time, saying why, without a sandbox, a memory size, pinning, a second CPU, or with --disk-cold', () => {
    expect(parallelPlan({ ...base, sandboxed: false }).description).toMatch(/bare processes/);
    expect(parallelPlan({ ...base, memoryMb: undefined }).atOnce).toBe(1);
    expect(parallelPlan({ ...base, cpuPinning: false }).description).toMatch(/cpuset/);
    expect(parallelPlan({ ...base, cpus: [3] }).description).toMatch(/single CPU/);
    expect(parallelPlan({ ...base, serialBecause: 'disk-cold' })).toMatchObject({
      atOnce: 1,
      description: 'one environment at a time: disk-cold',
    });
  });
});
