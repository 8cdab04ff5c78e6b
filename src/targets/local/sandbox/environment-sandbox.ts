/**
 * The sandbox of one environment while it lives: its cgroup, the launcher
 * command that starts the interpreter inside it, and what happens at each step
 * of the environment's life (INIT ends, a response arrives, a request is about
 * to be sent, the environment ends).
 */
import { existsSync } from 'node:fs';
import { forgetCgroup, rememberCgroup } from '../child-registry.js';
import { EnvironmentCgroup } from './cgroup.js';
import { harnessCpus, sandboxHost, type SandboxHost, type SandboxHostOptions } from './detect.js';
import { harnessCpuFor } from './harness-cpu.js';
import { initCpus, invokeCpus } from './lambda-limits.js';
import { keptPaths, underTmp } from './launch-args.js';
import { launchCommand } from './launcher.js';
import {
  describeSandbox,
  resolveSandboxRequest,
  warmsBesideHarness,
  type ResolvedSandboxRequest,
  type SandboxRequest,
} from './sandbox-request.js';

let counter = 0;

/** What the sandbox saw of an environment, for the runner to record. */
export interface SandboxStats {
  /** Total time the environment spent frozen between requests, in ms. */
  frozenMs: number;
  /**
   * CPU time its processes used between responses and the next requests, in ms
   * (undefined without CPU accounting). With freezing, this is what background
   * work did before the freeze took hold; everything it would have done later did not run.
   */
  idleCpuMs?: number;
  /** Out-of-memory kills in its cgroup. */
  oomKills: number;
  /** Peak memory of the whole environment (all its processes), in MB. */
  peakMemoryMb?: number;
}

/** The interpreter's folders under /tmp that must stay writable inside (Python's bytecode cache). */
function writableCaches(env: Record<string, string>): string[] {
  const cache = env.PYTHONPYCACHEPREFIX;
  return cache && underTmp(cache) && existsSync(cache) ? [cache] : [];
}

export class EnvironmentSandbox {
  /** Command and arguments that start the interpreter in the sandbox. */
  readonly command: string;
  readonly args: string[];
  /** One line for run.json and reports (describeSandbox). */
  readonly description: string;
  readonly request: ResolvedSandboxRequest;
  private readonly cgroup: EnvironmentCgroup;
  private frozenAt: number | undefined;
  private frozenMs = 0;
  private cpuAtResponse: number | undefined;
  private idleCpuMs: number | undefined;
  private disposed = false;
  private finalStats: SandboxStats | undefined;

  private constructor(
    private readonly host: SandboxHost,
    request: SandboxRequest,
    program: string,
    programArgs: string[],
    cwd: string,
    env: Record<string, string>,
  ) {
    this.request = resolveSandboxRequest(request);
    this.description = describeSandbox(host.support, this.request);
    const name = `e${process.pid}-${++counter}`;
    this.cgroup = EnvironmentCgroup.create(host.parent, name, {
      memoryMb: this.request.memoryMb,
      cpus: initCpus(this.request.memoryMb, this.request.initCpu),
      limitSwap: host.support.limitSwap,
    });
    rememberCgroup(this.cgroup.paths);
    const kept = keptPaths(cwd, programArgs, writableCaches(env)).filter((k) => existsSync(k.path));
    const plan = {
      procsFiles: this.cgroup.procsFiles(),
      tmpMb: this.request.ephemeralStorageMb,
      kept,
      handshake: true,
      userNamespace: host.support.userNamespace,
      namespaces: !host.support.noNamespaces,
    };
    ({ command: this.command, args: this.args } = launchCommand(host.launcher, plan, program, programArgs));
  }

  /**
   * A sandbox for one environment, or the reason there is none (the machine
   * cannot make one: the environment runs as a bare process). Throws when the
   * kernel refuses the cgroup's limits (a bad memory size).
   */
  static open(
    request: SandboxRequest,
    program: string,
    args: string[],
    cwd: string,
    env: Record<string, string>,
    options: SandboxHostOptions = {},
  ): EnvironmentSandbox | { bare: string } {
    const host = sandboxHost(options);
    if (!('support' in host)) return { bare: describeSandbox(host) };
    return new EnvironmentSandbox(host, request, program, args, cwd, env);
  }

  /** Whether the first request waits for INIT's end (to switch INIT's CPU to the invoke share first). */
  get holdsFirstRequest(): boolean {
    return this.request.initCpu === 'boost';
  }

  /** INIT ended: from now on the invoke share of CPU (and, running beside others, the pinned CPUs). */
  initEnded(): void {
    if (this.request.initCpu === 'boost') this.cgroup.setCpus(invokeCpus(this.request.memoryMb));
    if (this.request.pinInvokeTo !== undefined) this.cgroup.pin(this.request.pinInvokeTo);
  }

  /** Runs on every CPU again (a warm loop that runs alone needs no pinning; pinned, Node's helper threads would share its CPU). */
  unpin(): void {
    if (!this.disposed) this.cgroup.unpin();
  }

  /**
   * Runs `work` (a warm loop) with the environment and the harness on the
   * harness's CPU where warmsBesideHarness says so (detection checked that the
   * harness can move there); otherwise runs it as it is.
   */
  async besideHarness<T>(work: () => Promise<T>): Promise<T> {
    if (this.disposed || !warmsBesideHarness(this.host.support, this.request)) return work();
    const placement = harnessCpuFor(this.host.parent, harnessCpus);
    if ('reason' in placement) return work();
    if (!placement.enter()) return work();
    try {
      this.cgroup.pin(String(placement.cpu));
    } catch {
      placement.leave(); // the kernel refused (detection allowed it): the loop runs where the scheduler puts it
      return work();
    }
    try {
      return await work();
    } finally {
      this.unpin();
      placement.leave();
    }
  }

  /** A response arrived and the environment has nothing more to send: freeze it until the next request. */
  idle(): void {
    if (this.disposed) return;
    this.cpuAtResponse = this.cgroup.cpuUsageMs();
    if (!this.request.freeze) return;
    this.cgroup.freeze();
    this.frozenAt = performance.now();
  }

  /**
   * A request is about to be sent: thaw. Returns the CPU time the environment
   * used since the last response, in ms (undefined without CPU accounting).
   */
  busy(): number | undefined {
    if (this.frozenAt !== undefined) {
      this.cgroup.thaw();
      this.frozenMs += performance.now() - this.frozenAt;
      this.frozenAt = undefined;
    }
    if (this.cpuAtResponse === undefined) return undefined;
    const now = this.cgroup.cpuUsageMs();
    const used = now === undefined ? undefined : now - this.cpuAtResponse;
    this.cpuAtResponse = undefined;
    if (used !== undefined) this.idleCpuMs = (this.idleCpuMs ?? 0) + used;
    return used;
  }

  /** The message for an environment that ended, when the memory limit killed it; undefined otherwise. */
  memoryFailure(): string | undefined {
    if (this.cgroup.oomKills() === 0) return undefined;
    const peak = this.cgroup.peakMemoryMb();
    return `Runtime exited with error: signal: killed (memory limit of ${this.request.memoryMb} MB reached${peak !== undefined ? `; max memory used: ${Math.round(peak)} MB` : ''})`;
  }

  /** What the sandbox saw so far (after dispose(): as it was when the environment ended). */
  stats(): SandboxStats {
    if (this.finalStats) return this.finalStats;
    const peakMemoryMb = this.cgroup.peakMemoryMb();
    return {
      frozenMs: this.frozenMs + (this.frozenAt !== undefined ? performance.now() - this.frozenAt : 0),
      ...(this.idleCpuMs !== undefined ? { idleCpuMs: this.idleCpuMs } : {}),
      oomKills: this.cgroup.oomKills(),
      ...(peakMemoryMb !== undefined ? { peakMemoryMb } : {}),
    };
  }

  /** Kills every process in the environment's cgroup (thawing it first). */
  kill(): void {
    this.frozenAt = undefined;
    this.cgroup.kill();
  }

  /** Kills what is left and removes the cgroup. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.kill();
    this.finalStats = this.stats();
    this.disposed = true;
    await this.cgroup.remove();
    forgetCgroup(this.cgroup.paths);
  }
}
