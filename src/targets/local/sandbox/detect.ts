/**
 * Whether this machine can give each environment a Lambda-like sandbox, and
 * the parts it is made of (I/O: reads /proc, creates the coldbench parent
 * cgroup, builds the launcher and starts one probe environment). Detected once
 * per harness process.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { cgroupDirs, cpuUsageFile, parseCpuList, swapLimitFile, type CgroupPaths } from './cgroup-plan.js';
import { locateOwnCgroups, missingV1Controllers, missingV2Controllers, V2_REQUIRED, type OwnCgroups } from './cgroup-discovery.js';
import { EnvironmentCgroup, inheritCpuset, removeStaleCgroups } from './cgroup.js';
import { harnessCpuFor, type HarnessCpu } from './harness-cpu.js';
import { findLauncher, launchCommand, type SandboxLauncher } from './launcher.js';
import { describeSandbox, type SandboxSupport } from './sandbox-request.js';

/** Name of the parent cgroup under the harness's own cgroup. */
export const PARENT_CGROUP = 'coldbench';

/** The fixes, in the order a user can usually apply them. */
export const SANDBOX_FIX =
  'run coldbench as root (sudo), or in a delegated cgroup v2 (systemd-run --user --scope -p Delegate=yes npm run bench …), or in a Linux VM or container that allows it (docker run --privileged)';

/** What LocalEnvironment needs to sandbox an environment. */
export interface SandboxHost {
  support: SandboxSupport & { usable: true };
  parent: CgroupPaths;
  launcher: SandboxLauncher;
}

const unusable = (reason: string, fix = SANDBOX_FIX): SandboxSupport => ({ usable: false, reason, fix });

function read(file: string): string {
  return readFileSync(file, 'utf8');
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** v1: the coldbench folder under each controller's own cgroup. */
function v1Parent(own: OwnCgroups): CgroupPaths {
  const under = (controller: string) => path.join(own.v1[controller]!, PARENT_CGROUP);
  return {
    version: 1,
    cpu: under('cpu'),
    memory: under('memory'),
    freezer: under('freezer'),
    ...(own.v1.pids ? { pids: under('pids') } : {}),
    ...(own.v1.cpuacct ? { cpuacct: under('cpuacct') } : {}),
    ...(own.v1.cpuset ? { cpuset: under('cpuset') } : {}),
  };
}

/** v1: the coldbench cpuset folder gets its parent's CPUs and memory nodes, which its children copy; without them, no pinning (the rest of the sandbox stays). */
function v1CpusetParent(parent: CgroupPaths & { version: 1 }): CgroupPaths {
  if (!parent.cpuset) return parent;
  try {
    inheritCpuset(path.dirname(parent.cpuset), parent.cpuset);
    return parent;
  } catch {
    const { cpuset: _unused, ...rest } = parent;
    return rest;
  }
}

/** v2: enables the cpuset controller for the environments where the hierarchy offers it (optional: pinning only). */
function v2Cpuset(own: string, parent: string): boolean {
  try {
    if (!read(path.join(own, 'cgroup.controllers')).split(/\s+/).includes('cpuset')) return false;
    writeFileSync(path.join(own, 'cgroup.subtree_control'), '+cpuset');
    writeFileSync(path.join(parent, 'cgroup.subtree_control'), '+cpuset');
    return true;
  } catch {
    return false;
  }
}

/**
 * v2: controllers reach a child only when every ancestor enables them in
 * cgroup.subtree_control, and a cgroup other than the root cannot do that while
 * it holds processes. When the harness's cgroup holds processes (a delegated
 * scope does), they move to a leaf `coldbench-harness` first, as container
 * engines do.
 */
function v2Parent(own: string): CgroupPaths {
  const enable = V2_REQUIRED.map((c) => `+${c}`).join(' ');
  const subtree = path.join(own, 'cgroup.subtree_control');
  try {
    writeFileSync(subtree, enable);
  } catch (error) {
    if (errorCode(error) !== 'EBUSY') throw error;
    const leaf = path.join(own, 'coldbench-harness');
    mkdirSync(leaf, { recursive: true });
    for (const pid of read(path.join(own, 'cgroup.procs')).split('\n').filter(Boolean)) {
      try {
        writeFileSync(path.join(leaf, 'cgroup.procs'), pid);
      } catch {
        // a process that exited meanwhile
      }
    }
    writeFileSync(subtree, enable);
  }
  const parent = path.join(own, PARENT_CGROUP);
  mkdirSync(parent, { recursive: true });
  writeFileSync(path.join(parent, 'cgroup.subtree_control'), enable);
  return { version: 2, dir: parent, ...(v2Cpuset(own, parent) ? { cpuset: true } : {}) };
}

/** Which cgroup version to use and the coldbench parent cgroup in it, or why there is none. */
function prepareParent(): CgroupPaths | SandboxSupport {
  let own: OwnCgroups;
  try {
    own = locateOwnCgroups(read('/proc/self/cgroup'), read('/proc/self/mountinfo'));
  } catch (error) {
    return unusable(`cannot read /proc/self/cgroup or /proc/self/mountinfo (${errorCode(error)})`);
  }
  let v2Missing: string[] | undefined;
  if (own.v2) {
    try {
      v2Missing = missingV2Controllers(read(path.join(own.v2, 'cgroup.controllers')));
    } catch {
      v2Missing = [...V2_REQUIRED];
    }
  }
  const v1Missing = missingV1Controllers(own);
  try {
    if (own.v2 && v2Missing?.length === 0) return v2Parent(own.v2);
    if (v1Missing.length === 0) {
      const parent = v1Parent(own);
      for (const dir of cgroupDirs(parent)) mkdirSync(dir, { recursive: true });
      return v1CpusetParent(parent as CgroupPaths & { version: 1 });
    }
  } catch (error) {
    const where = own.v2 && v2Missing?.length === 0 ? own.v2 : own.v1.cpu;
    return unusable(`cannot create cgroups under ${where} (${errorCode(error)})`);
  }
  const v2Text = own.v2 ? `cgroup v2 at ${own.v2} lacks ${v2Missing!.join(', ')}` : 'no cgroup v2 hierarchy is mounted';
  const v1Text = Object.keys(own.v1).length ? `cgroup v1 lacks ${v1Missing.join(', ')}` : 'no cgroup v1 controllers are mounted';
  return unusable(`${v2Text}; ${v1Text}`);
}

/**
 * Starts one throwaway environment (`/bin/true`) in a probe cgroup with a
 * private /tmp and a read-only folder: the only sure test that the kernel
 * allows every part (namespaces, mounts, joining the cgroup).
 */
function probe(parent: CgroupPaths, launcher: SandboxLauncher, userNamespace: boolean, namespaces: boolean): string | undefined {
  let cgroup: EnvironmentCgroup;
  try {
    cgroup = EnvironmentCgroup.create(parent, `e${process.pid}-probe-${namespaces ? 'ns' : 'cg'}`, {
      memoryMb: 128,
      cpus: 1,
      limitSwap: false,
    });
  } catch (error) {
    return `cannot create a cgroup with limits under ${cgroupDirs(parent)[0]} (${errorCode(error)})`;
  }
  try {
    const plan = {
      procsFiles: cgroup.procsFiles(),
      tmpMb: 1,
      kept: [{ path: process.cwd(), readOnly: true }],
      handshake: false,
      userNamespace,
      namespaces,
    };
    const { command, args } = launchCommand(launcher, plan, '/bin/sh', ['-c', 'exit 0']);
    const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000, env: { PATH: '/usr/local/bin:/usr/bin:/bin' } });
    if (result.status === 0) return undefined;
    const said = (result.stderr ?? '').trim().split('\n').pop();
    return `the sandbox launcher (${launcher.command}) failed: ${said || result.error?.message || `exit ${result.status ?? result.signal}`}`;
  } finally {
    cgroup.kill();
    void cgroup.remove();
  }
}

/** Whether the harness can move to a CPU of its own and back (harness-cpu.ts); false on a machine of one CPU, where there is nothing to place. */
function canPlaceHarness(parent: CgroupPaths): boolean {
  const placement = harnessCpuFor(parent, harnessCpus);
  return !('reason' in placement) && placement.tryOnce();
}

/** Test hooks: force the util-linux launcher, or a sandbox without namespaces. */
export interface SandboxHostOptions {
  launcher?: 'compiled' | 'util-linux';
  namespaces?: boolean;
}

/** Detects the sandbox (synchronously; see detectSandboxSupport). */
function detect(options: SandboxHostOptions): SandboxHost | SandboxSupport {
  if (process.platform !== 'linux')
    return unusable(`${process.platform} has no cgroups or Linux namespaces`, 'run coldbench in a Linux VM or container');
  const parent = prepareParent();
  if (!('version' in parent)) return parent;
  for (const dir of cgroupDirs(parent)) {
    try {
      accessSync(dir, constants.W_OK);
    } catch (error) {
      return unusable(`cannot create cgroups under ${dir} (${errorCode(error)})`);
    }
  }
  removeStaleCgroups(parent);
  const launcher = findLauncher(options.launcher === 'util-linux');
  if ('error' in launcher) return unusable(launcher.error, 'install a C compiler (apt-get install gcc) or util-linux');
  const userNamespace = process.getuid?.() !== 0;
  // Namespaces first; if the kernel refuses them but cgroups work, a cgroup-only sandbox still limits, freezes and kills.
  const refused = options.namespaces === false ? 'turned off' : probe(parent, launcher, userNamespace, true);
  if (refused && probe(parent, launcher, userNamespace, false)) return unusable(refused);
  const cpuPinning = parent.version === 2 ? parent.cpuset === true : parent.cpuset !== undefined;
  return {
    support: {
      usable: true,
      cgroupVersion: parent.version,
      launcher: launcher.kind,
      userNamespace: userNamespace && !refused,
      ...(refused ? { noNamespaces: refused } : {}),
      limitSwap: existsSync(swapLimitFile(parent)),
      cpuAccounting: cpuUsageFile(parent) !== undefined,
      cpuPinning,
      warmBesideHarness: cpuPinning && canPlaceHarness(parent),
    },
    parent,
    launcher,
  };
}

const detected = new Map<string, SandboxHost | SandboxSupport>();

/**
 * The sandbox parts, detected on first use and kept for the process's
 * lifetime (per set of test options).
 */
export function sandboxHost(options: SandboxHostOptions = {}): SandboxHost | SandboxSupport {
  const key = `${options.launcher ?? ''}/${options.namespaces ?? ''}`;
  let host = detected.get(key);
  if (!host) detected.set(key, (host = detect(options)));
  return host;
}

/**
 * Whether environments can be sandboxed here, and if not, why and how to fix
 * it. Record describeSandbox(support, request) in run.json and the report.
 */
export async function detectSandboxSupport(): Promise<SandboxSupport> {
  const host = sandboxHost();
  return 'support' in host ? host.support : host;
}

/** The harness's own CPU for warm loops (harness-cpu.ts) where the sandbox can place the harness; otherwise why not. */
export function harnessPlacement(): HarnessCpu | { reason: string } {
  const host = sandboxHost();
  if (!('support' in host)) return { reason: describeSandbox(host) };
  if (!host.support.warmBesideHarness)
    return { reason: 'the harness cannot take a CPU of its own here (no cpuset controller, or one CPU)' };
  return harnessCpuFor(host.parent, harnessCpus);
}

/** The CPUs this process may run on (its affinity, from /proc/self/status), in order; elsewhere 0 … n−1. */
export function harnessCpus(): number[] {
  try {
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(read('/proc/self/status'))?.[1];
    if (line) return parseCpuList(line);
  } catch {
    // not Linux, or /proc is not mounted
  }
  return Array.from({ length: availableParallelism() }, (_, i) => i);
}
