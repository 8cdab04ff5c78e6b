/**
 * Where this process's cgroups are (pure: parses /proc/self/cgroup and
 * /proc/self/mountinfo text).
 */
import path from 'node:path';

/** One line of /proc/self/cgroup: `hierarchy-id:controllers:path` (v2: `0::path`). */
export interface ProcCgroupEntry {
  hierarchy: number;
  controllers: string[];
  path: string;
}

/** A mounted cgroup hierarchy. */
export interface CgroupMount {
  version: 1 | 2;
  mountPoint: string;
  /** The hierarchy folder that is mounted there (not `/` inside some containers). */
  root: string;
  /** v1: the controllers bound to it (`name=systemd` hierarchies have none). */
  controllers: string[];
}

/** The folders of this process's own cgroups: per v1 controller, and the v2 one if the unified hierarchy is mounted. */
export interface OwnCgroups {
  v1: Record<string, string>;
  v2?: string;
}

export function parseProcCgroup(text: string): ProcCgroupEntry[] {
  const entries: ProcCgroupEntry[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    entries.push({ hierarchy: Number(match[1]), controllers: match[2] ? match[2].split(',') : [], path: match[3]! });
  }
  return entries;
}

/** Undoes mountinfo's octal escapes (`\040` for a space). */
function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const fields = left.split(' ');
    const [fsType, , superOptions = ''] = right.split(' ');
    if (fsType !== 'cgroup' && fsType !== 'cgroup2') continue;
    const root = unescapeMountPath(fields[3] ?? '/');
    const mountPoint = unescapeMountPath(fields[4] ?? '');
    const controllers =
      fsType === 'cgroup'
        ? superOptions
            .split(',')
            .filter((o) =>
              [
                'cpu',
                'cpuacct',
                'cpuset',
                'memory',
                'devices',
                'freezer',
                'net_cls',
                'blkio',
                'perf_event',
                'net_prio',
                'hugetlb',
                'pids',
                'rdma',
                'misc',
              ].includes(o),
            )
        : [];
    mounts.push({ version: fsType === 'cgroup2' ? 2 : 1, mountPoint, root, controllers });
  }
  return mounts;
}

/** The folder of `cgroupPath` under a mount of its hierarchy, or undefined when the mount does not show it. */
function folderUnder(mount: CgroupMount, cgroupPath: string): string | undefined {
  const relative = path.posix.relative(mount.root, cgroupPath);
  if (relative.startsWith('..')) return undefined;
  return path.posix.join(mount.mountPoint, relative);
}

/** This process's own cgroup folders, from /proc/self/cgroup and /proc/self/mountinfo. */
export function locateOwnCgroups(procCgroup: string, mountinfo: string): OwnCgroups {
  const entries = parseProcCgroup(procCgroup);
  const mounts = parseCgroupMounts(mountinfo);
  const own: OwnCgroups = { v1: {} };
  for (const entry of entries) {
    if (entry.hierarchy === 0 && entry.controllers.length === 0) {
      const mount = mounts.find((m) => m.version === 2);
      const dir = mount && folderUnder(mount, entry.path);
      if (dir) own.v2 = dir;
      continue;
    }
    for (const controller of entry.controllers) {
      const mount = mounts.find((m) => m.version === 1 && m.controllers.includes(controller));
      const dir = mount && folderUnder(mount, entry.path);
      if (dir && !(controller in own.v1)) own.v1[controller] = dir;
    }
  }
  return own;
}

/** The controllers cgroup v1 must have for a sandbox; the optional ones add the process limit and CPU accounting. */
export const V1_REQUIRED = ['cpu', 'memory', 'freezer'] as const;
export const V1_OPTIONAL = ['pids', 'cpuacct', 'cpuset'] as const;
/** The controllers a v2 cgroup must be able to enable for its children (freezing is built into v2). */
export const V2_REQUIRED = ['cpu', 'memory', 'pids'] as const;

/** The v1 controllers of V1_REQUIRED that are not mounted. */
export function missingV1Controllers(own: OwnCgroups): string[] {
  return V1_REQUIRED.filter((c) => !own.v1[c]);
}

/** The v2 controllers of V2_REQUIRED missing from a cgroup.controllers text. */
export function missingV2Controllers(controllersText: string): string[] {
  const available = new Set(controllersText.trim().split(/\s+/));
  return V2_REQUIRED.filter((c) => !available.has(c));
}
