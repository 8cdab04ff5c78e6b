/**
 * The resources a Lambda execution environment gets for its memory size, as
 * numbers (pure). Sources are in docs/sandbox.md.
 */

/** Memory size at which a function has the equivalent of one full vCPU (AWS Lambda docs, "Configuring function memory"). */
export const LAMBDA_MB_PER_VCPU = 1769;

/**
 * CPUs the INIT phase may use with `initCpu: 'boost'`: Lambda runs INIT faster than the
 * handler ("Lambda Cold Starts and Bootstrap Code", Luc van Donkersgoed, 2022, measured
 * INIT at about two vCPUs whatever the memory size). An assumption, recorded with every run.
 */
export const INIT_BOOST_CPUS = 2;

/** Lambda's limit on processes and threads per execution environment (Lambda quotas: 1,024). */
export const LAMBDA_PROCESS_LIMIT = 1024;

/** Lambda's default ephemeral storage (`/tmp`), in MB (configurable 512–10,240). */
export const DEFAULT_EPHEMERAL_STORAGE_MB = 512;

/**
 * CFS bandwidth period: the kernel default. The quota is spent within each period,
 * so a handler that needs more CPU than its share runs in bursts of at most
 * `quota` every 100 ms (7.2 ms at 128 MB).
 */
export const CFS_PERIOD_US = 100_000;

/** The smallest quota the kernel accepts, in µs. */
const MIN_QUOTA_US = 1000;

/** How the INIT phase gets CPU: `boost` = up to INIT_BOOST_CPUS (Lambda as measured), `share` = the invoke share already. */
export type InitCpu = 'boost' | 'share';

/** CPUs a handler gets while it serves a request: memoryMb / 1769 of one CPU. */
export function invokeCpus(memoryMb: number): number {
  return memoryMb / LAMBDA_MB_PER_VCPU;
}

/** CPUs during INIT: boosted to at least INIT_BOOST_CPUS, or the invoke share. */
export function initCpus(memoryMb: number, initCpu: InitCpu): number {
  const invoke = invokeCpus(memoryMb);
  return initCpu === 'boost' ? Math.max(INIT_BOOST_CPUS, invoke) : invoke;
}

/** The CFS quota, in µs per `periodUs`, that gives `cpus` CPUs. */
export function cpuQuotaUs(cpus: number, periodUs = CFS_PERIOD_US): number {
  return Math.max(MIN_QUOTA_US, Math.round(cpus * periodUs));
}

/** Bytes in `mb` megabytes (Lambda's MB are MiB). */
export function mbToBytes(mb: number): number {
  return mb * 1024 * 1024;
}
