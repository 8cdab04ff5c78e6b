/**
 * What an environment asks of its sandbox, and how a sandbox is described in
 * run.json and the report (pure).
 */
import { DEFAULT_EPHEMERAL_STORAGE_MB, initCpus, invokeCpus, type InitCpu } from './lambda-limits.js';

/** The Lambda settings an environment's sandbox emulates (EnvironmentSpec.sandbox). */
export interface SandboxRequest {
  /** Lambda memory size: the memory limit, and memoryMb/1769 of a CPU while handling requests. */
  memoryMb: number;
  /** INIT's CPU: `boost` (default, up to 2 CPUs, as measured on Lambda) or `share` (the invoke share). */
  initCpu?: InitCpu;
  /** Size of the private /tmp in MB (Lambda's ephemeral storage; default 512). */
  ephemeralStorageMb?: number;
  /** Freeze the environment between requests (default true), as Lambda does. */
  freeze?: boolean;
  /**
   * From INIT's end on, pin the environment to these CPUs (a cpu list such as `1`):
   * environments running side by side keep off the harness's CPU (docs/sandbox.md,
   * "Parallel environments"). Absent: not pinned.
   */
  pinInvokeTo?: string;
  /**
   * Where the warm loop runs: `harness` (default) on the harness's CPU, with the
   * harness, when the invoke share is at most one CPU and the machine can pin
   * (no wake-up across CPUs between request and answer: docs/accuracy.md);
   * `any`: wherever the scheduler puts it.
   */
  warmCpu?: WarmCpu;
}

/** Where an environment's warm loop runs (SandboxRequest.warmCpu, `--warm-cpu`). */
export type WarmCpu = 'harness' | 'any';

/** A request with every default filled in. */
export type ResolvedSandboxRequest = Required<Omit<SandboxRequest, 'pinInvokeTo'>> & Pick<SandboxRequest, 'pinInvokeTo'>;

export function resolveSandboxRequest(request: SandboxRequest): ResolvedSandboxRequest {
  return { initCpu: 'boost', ephemeralStorageMb: DEFAULT_EPHEMERAL_STORAGE_MB, freeze: true, warmCpu: 'harness', ...request };
}

/** Whether the environment's warm loop runs on the harness's CPU: asked, an invoke share of at most one CPU, and a machine that can place the harness. */
export function warmsBesideHarness(support: SandboxSupport, request: ResolvedSandboxRequest): boolean {
  return support.usable && support.warmBesideHarness === true && request.warmCpu === 'harness' && invokeCpus(request.memoryMb) <= 1;
}

/** What the machine offers (from detectSandboxSupport). */
export type SandboxSupport =
  | {
      usable: true;
      cgroupVersion: 1 | 2;
      /** `compiled` launcher (launcher.c) or `util-linux` unshare + shell. */
      launcher: 'compiled' | 'util-linux';
      /** Whether a user namespace is added (a caller that is not root). */
      userNamespace: boolean;
      /**
       * Why there are no namespaces, when the kernel refused them but cgroups work:
       * then the sandbox is the cgroup only (limits, freezing, killing everything),
       * without a PID namespace, private /tmp or read-only code folder.
       */
      noNamespaces?: string;
      /** Whether swap is limited too (memsw / memory.swap.max). */
      limitSwap: boolean;
      /** Whether the cgroup's CPU time can be read (v1: cpuacct mounted). */
      cpuAccounting: boolean;
      /** Whether environments can be pinned to CPUs (the cpuset controller): needed to run them side by side. */
      cpuPinning?: boolean;
      /** Whether the harness can take a CPU of its own, for warm loops on it (harness-cpu.ts; needs cpuPinning and two CPUs). */
      warmBesideHarness?: boolean;
    }
  | { usable: false; reason: string; fix: string };

const cpu = (cpus: number) => `${Number(cpus.toFixed(3))} CPU`;

/**
 * One line for run.json and the report, e.g. "sandbox: cgroup v1, pid+mount
 * namespaces, cpu quota 0.289 CPU invoke / 2 CPU init, memory 512 MB, /tmp
 * tmpfs 512 MB, code read-only, frozen between requests", or "bare process: <reason>".
 */
export function describeSandbox(support: SandboxSupport, request?: SandboxRequest): string {
  if (!support.usable) return `bare process: ${support.reason} (fix: ${support.fix})`;
  const namespaces = support.noNamespaces
    ? `no namespaces (${support.noNamespaces})`
    : support.userNamespace
      ? 'user+pid+mount namespaces'
      : 'pid+mount namespaces';
  const head = `sandbox: cgroup v${support.cgroupVersion}${support.noNamespaces ? ' only' : ''}, ${namespaces}`;
  if (!request) return `${head} (${support.launcher} launcher)`;
  const r = resolveSandboxRequest(request);
  return [
    head,
    `cpu quota ${cpu(invokeCpus(r.memoryMb))} invoke / ${cpu(initCpus(r.memoryMb, r.initCpu))} init${r.initCpu === 'boost' ? ' (boost)' : ' (share)'}`,
    `memory ${r.memoryMb} MB${support.limitSwap ? ' (no swap)' : ''}`,
    ...(support.noNamespaces ? ["the host's /tmp", 'code writable'] : [`/tmp tmpfs ${r.ephemeralStorageMb} MB`, 'code read-only']),
    ...(r.freeze ? ['frozen between requests'] : []),
    ...(r.pinInvokeTo !== undefined ? [`pinned to CPU ${r.pinInvokeTo} after INIT`] : []),
    ...(warmsBesideHarness(support, r) ? ["warm requests on the harness's CPU"] : []),
    `${support.launcher} launcher`,
  ].join(', ');
}
