import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { runtimeFor } from '../../runtimes/registry.js';
import type { Scenario } from '../../scenario/types.js';

/**
 * Disk-cold starts: before each cold sample, the scenario's files and its
 * dependencies' files are dropped from the page cache, so that the environment
 * reads them from storage as a first start on a fresh host would. Node has no
 * posix_fadvise, Python's os module has: one short python3 process per sample
 * calls POSIX_FADV_DONTNEED on every file (no root needed; clean pages only).
 */

/** Every regular file below `dir`, skipping nothing but symlinked folders. */
function filesBelow(dir: string, into: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesBelow(full, into);
    else if (entry.isFile()) into.push(full);
  }
}

/**
 * The files a scenario's environments may read: its folder, the `extraDirs`
 * (for Python: its required packages and the bytecode cache), and, for Node,
 * every node_modules folder Node would search from it.
 */
export function scenarioFiles(scenarioDir: string, options: { nodeModules?: boolean; extraDirs?: string[] } = {}): string[] {
  const files: string[] = [];
  filesBelow(scenarioDir, files);
  for (const dir of options.extraDirs ?? []) if (existsSync(dir) && statSync(dir).isDirectory()) filesBelow(dir, files);
  if (options.nodeModules === false) return files;
  for (let dir = scenarioDir; ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    if (existsSync(modules) && statSync(modules).isDirectory() && !modules.startsWith(scenarioDir + path.sep)) filesBelow(modules, files);
    if (path.dirname(dir) === dir) break;
  }
  return files;
}

const EVICT_SCRIPT = `
import os, sys
n = 0
for name in sys.stdin.read().split("\\0"):
    if not name:
        continue
    try:
        fd = os.open(name, os.O_RDONLY)
    except OSError:
        continue
    try:
        os.fdatasync(fd)  # dirty pages (a file just written) cannot be dropped until they are on disk
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        n += 1
    finally:
        os.close(fd)
print(n)
`;

export const PYTHON_FOR_EVICTION = '/usr/bin/python3';

/** Drops the files from the page cache; resolves with how many files were advised. */
export async function evictFromPageCache(files: string[]): Promise<number> {
  if (!existsSync(PYTHON_FOR_EVICTION)) {
    throw new Error(`--disk-cold needs ${PYTHON_FOR_EVICTION} (for posix_fadvise); install python3 or run without --disk-cold`);
  }
  const result = await execa(PYTHON_FOR_EVICTION, ['-I', '-S', '-c', EVICT_SCRIPT], { input: files.join('\0'), extendEnv: false, env: {} });
  return Number(result.stdout.trim());
}

/** Bytes of these files that are in the page cache now, by util-linux `fincore`; undefined when fincore is missing. */
export async function residentBytes(files: string[]): Promise<number | undefined> {
  if (files.length === 0) return 0;
  const result = await execa('fincore', ['--bytes', '--noheadings', '--output', 'RES', ...files], { reject: false });
  if (result.exitCode !== 0 && result.stdout === '') return undefined;
  return result.stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((n) => Number.isFinite(n))
    .reduce((a, b) => a + b, 0);
}

/**
 * Collects each scenario's files, evicts them once and checks with fincore that
 * nothing of the scenario folders stayed cached (the whole list can be tens of
 * thousands of paths, too many for one command line); the returned hook evicts
 * them again before every cold sample.
 */
export async function prepareDiskCold(scenarios: Scenario[], interpreterOf: (s: Scenario) => string) {
  const files = new Map<string, string[]>();
  for (const s of scenarios) {
    // What else the runtime reads at every start (node_modules; Python's packages and bytecode cache).
    const { nodeModules, extraDirs } = await runtimeFor(s.runtime).diskColdFiles(interpreterOf(s), s);
    files.set(s.name, scenarioFiles(s.dir, { nodeModules, extraDirs }));
  }
  let resident: number | null = 0;
  for (const s of scenarios) {
    const list = files.get(s.name)!;
    await evictFromPageCache(list);
    const bytes = await residentBytes(list.filter((f) => f.startsWith(s.dir)));
    resident = bytes === undefined || resident === null ? null : resident + bytes;
  }
  return {
    meta: {
      mode: 'disk-cold' as const,
      filesPerScenario: Object.fromEntries([...files].map(([n, l]) => [n, l.length])),
      residentBytesAfterEviction: resident,
    },
    beforeColdSample: async (scenario: Scenario) => void (await evictFromPageCache(files.get(scenario.name)!)),
  };
}
