import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../scenario/types.js';
import { PackagingError } from './lambda.js';

/** A path with forward slashes, as zip entries have. */
export const posix = (p: string) => p.split(path.sep).join('/');

export function relativeInside(scenario: Scenario, file: string, what: string): string {
  const rel = path.relative(scenario.dir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new PackagingError(
      `${scenario.file}: ${what} ${file} is outside the scenario folder; an unbundled package can only ship files under ${scenario.dir} (or drop --unbundled)`,
    );
  }
  return posix(rel);
}

export function statSafe(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Files under a folder, recursively, in sorted order; `keep` filters entry names. */
export function walk(dir: string, keep: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!keep(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, keep));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
