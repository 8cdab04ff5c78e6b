/**
 * The command line that starts one environment through a sandbox launcher
 * (pure). Both launchers take the same options: the compiled one
 * (launcher.c) and the util-linux `unshare` + shell fallback (shell-launcher.ts).
 */
import path from 'node:path';

/** One folder the environment keeps seeing although /tmp is replaced. */
export interface KeptPath {
  path: string;
  readOnly: boolean;
}

/** What one environment's launcher sets up before the interpreter starts. */
export interface LaunchPlan {
  /** cgroup.procs files to join. */
  procsFiles: string[];
  /** Size of the private /tmp in MB; 0 keeps the host's /tmp. */
  tmpMb: number;
  kept: KeptPath[];
  /** Wait for the harness's go on fd 3 (after writing {"t":"ready"}). */
  handshake: boolean;
  /** Add a user namespace (a caller that is not root). */
  userNamespace: boolean;
  /** False: no namespaces at all (the kernel refuses them): cgroups only, no private /tmp, no read-only code folder. */
  namespaces: boolean;
}

/** True when `p` is /tmp or inside it. */
export function underTmp(p: string): boolean {
  return p === '/tmp' || p.startsWith('/tmp/');
}

/**
 * The folders an environment must keep seeing, each once, outer folders first:
 * the code folder read-only (as /var/task is on Lambda), every other folder the
 * command line names under /tmp read-only (the compiled Python bootstrap, a
 * derived variant's wrapper folder), and the writable caches the environment
 * variables name under /tmp (PYTHONPYCACHEPREFIX) writable. `/` and `/tmp`
 * themselves are never kept.
 */
export function keptPaths(codeDir: string, args: string[], writableDirs: string[]): KeptPath[] {
  const kept = new Map<string, boolean>();
  kept.set(path.resolve(codeDir), true);
  for (const arg of args) {
    if (path.isAbsolute(arg) && underTmp(arg)) {
      const dir = path.extname(arg) ? path.dirname(arg) : arg;
      if (!kept.has(dir)) kept.set(dir, true);
    }
  }
  for (const dir of writableDirs) kept.set(path.resolve(dir), false);
  // Binding / or /tmp itself would undo the private /tmp (or make everything read-only): never kept.
  return [...kept]
    .filter(([p]) => p !== '/' && p !== '/tmp')
    .map(([p, readOnly]) => ({ path: p, readOnly }))
    .sort((a, b) => a.path.length - b.path.length || (a.path < b.path ? -1 : 1));
}

/** The launcher's options, then `--`, then the program and its arguments. */
export function launcherArgs(plan: LaunchPlan, program: string, args: string[]): string[] {
  return [
    ...(plan.handshake ? ['-g'] : []),
    ...(!plan.namespaces ? ['-n'] : plan.userNamespace ? ['-u'] : []),
    ...plan.procsFiles.flatMap((f) => ['-c', f]),
    '-t',
    String(plan.namespaces ? plan.tmpMb : 0),
    ...(plan.namespaces ? plan.kept.flatMap((k) => [k.readOnly ? '-r' : '-w', k.path]) : []),
    '--',
    program,
    ...args,
  ];
}
