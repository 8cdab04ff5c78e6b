/**
 * The sandbox launcher binary: launcher.c compiled once per source version
 * into coldbench's cache folder, or, with no C compiler, util-linux `unshare`
 * with the shell script of shell-launcher.ts.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../../core/paths.js';
import { launcherArgs, type LaunchPlan } from './launch-args.js';
import { shellLauncherArgs } from './shell-launcher.js';

export const LAUNCHER_SOURCE = path.join(PACKAGE_ROOT, 'src', 'targets', 'local', 'sandbox', 'launcher.c');
const CACHE_DIR = path.join(os.tmpdir(), `coldbench-${process.getuid?.() ?? 'user'}`, 'sandbox');

/** How environments are launched into their sandbox. */
export interface SandboxLauncher {
  kind: 'compiled' | 'util-linux';
  /** The compiled launcher, or the `unshare` executable. */
  command: string;
}

/** The command and arguments that start `program args` through the launcher. */
export function launchCommand(
  launcher: SandboxLauncher,
  plan: LaunchPlan,
  program: string,
  args: string[],
): { command: string; args: string[] } {
  const options = launcherArgs(plan, program, args);
  if (launcher.kind === 'compiled') return { command: launcher.command, args: options };
  return plan.namespaces
    ? { command: launcher.command, args: shellLauncherArgs(options, plan.userNamespace) }
    : { command: '/bin/sh', args: shellLauncherArgs(options, false, false) };
}

/** The first of `names` found on PATH (or given as an absolute path). */
function which(names: string[]): string | undefined {
  const dirs = (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':').concat(['/usr/bin', '/bin', '/usr/sbin', '/sbin']);
  for (const name of names) {
    if (path.isAbsolute(name)) {
      if (existsSync(name)) return name;
      continue;
    }
    for (const dir of dirs) if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/**
 * Compiles launcher.c (once per source version: the binary's name holds the
 * source hash). Returns the binary, or the compiler's complaint when there is
 * no working C compiler (`$CC`, `cc`, `gcc`, `clang`).
 */
export function buildLauncher(): { path: string } | { error: string } {
  const source = readFileSync(LAUNCHER_SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const binary = path.join(CACHE_DIR, `launcher-${hash}`);
  if (existsSync(binary)) return { path: binary };
  const compiler = which([process.env.CC ?? '', 'cc', 'gcc', 'clang'].filter(Boolean));
  if (!compiler) return { error: 'no C compiler (cc, gcc or clang) on PATH' };
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  try {
    execFileSync(compiler, ['-O2', '-o', partial, LAUNCHER_SOURCE], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
    renameSync(partial, binary); // atomic: a concurrent harness sees the whole binary or none
    return { path: binary };
  } catch (error) {
    rmSync(partial, { force: true });
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    return { error: `${compiler} could not build ${LAUNCHER_SOURCE}${stderr ? `: ${stderr.split('\n').slice(-3).join(' ')}` : ''}` };
  }
}

/** The compiled launcher, else util-linux `unshare` (recorded as the launcher kind), else why neither is there. */
export function findLauncher(preferShell = false): SandboxLauncher | { error: string } {
  const built = preferShell ? { error: 'the shell launcher was asked for' } : buildLauncher();
  if ('path' in built) return { kind: 'compiled', command: built.path };
  const unshare = which(['unshare']);
  if (unshare && which(['mount'])) return { kind: 'util-linux', command: unshare };
  return { error: `${built.error}, and no util-linux unshare/mount to fall back on` };
}
