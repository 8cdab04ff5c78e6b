import { unzipSync, zipSync, type Zippable } from 'fflate';

/** 1980-01-01 00:00 in local time: the earliest DOS timestamp, encoded the same in every time zone. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** Unix regular file, rw-r--r-- (Lambda needs files readable by its runtime user). */
const FILE_ATTRS = (0o100644 << 16) >>> 0;

/**
 * A zip built in memory and deterministically: entries sorted by path, fixed
 * timestamps and permissions, so the same files always give the same bytes
 * (and the same CodeSha256 on Lambda). Pure.
 */
export function deterministicZip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const tree: Zippable = {};
  for (const name of [...files.keys()].sort()) {
    if (name.startsWith('/') || name.split('/').includes('..'))
      throw new Error(`zip entry "${name}" must be a relative path inside the package`);
    tree[name] = [files.get(name)!, { level: 9, mtime: FIXED_MTIME, os: 3, attrs: FILE_ATTRS }];
  }
  return zipSync(tree);
}

/** The files of a zip (for tests and the test endpoint). */
export function readZip(zip: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(zip)).filter(([name]) => !name.endsWith('/')));
}
