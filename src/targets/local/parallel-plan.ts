/**
 * How many sandboxed environments of one memory size may run side by side
 * (pure; docs/sandbox.md, "Parallel environments"). An environment's throttled
 * request gets memoryMb/1769 of a CPU; environments whose shares sum to at most
 * the machine's CPUs minus one (the harness's) run at once, pinned off the
 * harness's CPU, so each still gets its whole share.
 */
import { formatCpuList } from './sandbox/cgroup-plan.js';
import { invokeCpus } from './sandbox/lambda-limits.js';

/** `--parallel`: `auto` (as many as the CPU shares allow, up to AUTO_PARALLEL_CAP) or at most N (1: one at a time). */
export type ParallelRequest = 'auto' | number;

/**
 * What `npm run bench` does without --parallel: one at a time. The A/A check
 * (docs/sandbox.md, "Parallel environments"; results/parallel-aa-2026-12-01T11-19-40Z-local-1vby7)
 * found side by side slower by 4–8 ms (2–3.5 %) on fast cold starts at 128 MB on a
 * 2-CPU machine, the interpreter's start slowed by its neighbours, so it stays opt-in.
 */
export const DEFAULT_PARALLEL: ParallelRequest = 1;

/** The most environments `auto` runs at once: each holds its memory size, and more rarely helps on a small machine. */
export const AUTO_PARALLEL_CAP = 6;

export interface ParallelInput {
  requested: ParallelRequest;
  /** The section's memory size (undefined: not sized, bare). */
  memoryMb: number | undefined;
  /** Whether environments are sandboxed, and whether they can be pinned (the cpuset controller). */
  sandboxed: boolean;
  cpuPinning: boolean;
  /** The CPUs the harness may use (its affinity), in order; the first stays the harness's. */
  cpus: readonly number[];
  /** Another reason to stay one at a time (--disk-cold evicts files other environments read), if any. */
  serialBecause?: string;
}

export interface ParallelPlan {
  /** Environments measured at the same time (1: one at a time). */
  atOnce: number;
  /** With atOnce > 1: the CPUs environments are pinned to from INIT's end (a cpu list). */
  pinTo?: string;
  /** One sentence for run.json and the report. */
  description: string;
}

const oneAtATime = (why: string): ParallelPlan => ({ atOnce: 1, description: `one environment at a time: ${why}` });

export function parallelPlan(input: ParallelInput): ParallelPlan {
  if (input.requested === 1) return oneAtATime('--parallel 1');
  if (input.serialBecause) return oneAtATime(input.serialBecause);
  if (!input.sandboxed || input.memoryMb === undefined)
    return oneAtATime('bare processes share the whole machine (only sandboxed environments, held to their CPU share, run side by side)');
  if (!input.cpuPinning) return oneAtATime('the cpuset cgroup controller is missing, so environments cannot be kept off the harness’s CPU');
  const budget = input.cpus.length - 1;
  if (budget < 1) return oneAtATime('the harness has a single CPU');
  const share = invokeCpus(input.memoryMb);
  const byShare = Math.floor(budget / share + 1e-9);
  const cap = input.requested === 'auto' ? AUTO_PARALLEL_CAP : input.requested;
  const atOnce = Math.min(cap, byShare);
  const shareText = `${Number(share.toFixed(3))} CPU`;
  if (atOnce < 2)
    return oneAtATime(`at ${input.memoryMb} MB an environment's share (${shareText}) leaves no room for a second within ${budget} CPU`);
  const pinTo = formatCpuList(input.cpus.slice(1));
  return {
    atOnce,
    pinTo,
    description:
      `up to ${atOnce} environments at a time (${atOnce} × ${shareText} ≤ ${budget} CPU, the CPUs but the harness's), ` +
      `pinned to CPU ${pinTo} after INIT; starts and INITs one at a time, warm loops alone`,
  };
}
