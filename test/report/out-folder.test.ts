/** --out: a run never writes into a folder it did not make, and every refusal names --out before anything runs. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunDir, outputFolderProblems } from '../../src/report/writer.js';
import { FIXTURES, tempDir } from '../helpers.js';

const USER_FOLDER = path.join(FIXTURES, 'out-user-folder');

/** Mounts a read-only tmpfs on a new temporary folder (unmounted after the test); undefined where this machine does not allow it (no root, no CAP_SYS_ADMIN). */
function readOnlyMount(): string | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coldbench-ro-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    mounted.push(dir);
    return dir;
  } catch {
    rmdirSync(dir);
    return undefined;
  }
}
const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) {
    execFileSync('umount', [dir]);
    rmdirSync(dir);
  }
});
/** Whether this machine lets the tests make a folder immutable (chattr +i: root with CAP_LINUX_IMMUTABLE). */
const canChattr = (() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coldbench-immutable-'));
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmdirSync(dir);
  }
})();
const canMount = (() => {
  const dir = readOnlyMount();
  if (dir) {
    execFileSync('umount', [dir]);
    rmdirSync(dir);
    mounted.splice(0);
  }
  return dir !== undefined;
})();

describe('the output folder', () => {
  it("refuses a user's folder that holds report.md, run.json, summary.csv and a chart but no samples.csv, and leaves it as it was", () => {
    const dir = path.join(tempDir(), 'mine');
    cpSync(USER_FOLDER, dir, { recursive: true });
    const message = `--out ${dir}: the folder is not empty (chart.svg, report.md, run.json, summary.csv) and coldbench did not make it; a run would overwrite files there (report.md, run.json, summary.csv, *.svg): choose a new or empty folder`;
    expect(outputFolderProblems(dir)).toEqual([message]);
    expect(() => createRunDir(dir, false)).toThrow(message);
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toBe(readFileSync(path.join(USER_FOLDER, 'report.md'), 'utf8'));
    expect(readdirSync(dir).sort()).toEqual(['chart.svg', 'report.md', 'run.json', 'summary.csv']);
  });

  it('takes a new or an empty folder, and the folder it made again in the same process (derived files first, then the run)', () => {
    const fresh = path.join(tempDir(), 'a', 'b');
    expect(outputFolderProblems(fresh)).toEqual([]);
    expect(readdirSync(path.dirname(path.dirname(fresh)))).toEqual([]); // the check left nothing behind
    createRunDir(fresh, false);
    mkdirSync(path.join(fresh, 'derived'));
    expect(() => createRunDir(fresh, false)).not.toThrow();
    const empty = tempDir();
    expect(outputFolderProblems(empty)).toEqual([]);
    expect(createRunDir(empty, false)).toBe(empty);
  });

  it("refuses a folder holding another run's samples or derived files", () => {
    const run = tempDir();
    writeFileSync(path.join(run, 'samples.csv'), 'old\n');
    expect(outputFolderProblems(run)).toEqual([
      `--out ${run}: it already holds a run (samples.csv); a run never overwrites another, choose a new folder`,
    ]);
    const derived = tempDir();
    mkdirSync(path.join(derived, 'derived'));
    expect(outputFolderProblems(derived)[0]).toContain(
      `holds the derived variants (derived/) of another run that stopped before measuring; a run never overwrites another run's files: delete ${path.join(derived, 'derived')} or choose a new folder`,
    );
  });

  it('reports a path that is a file as a file, not as a folder that holds a run', () => {
    const file = path.join(tempDir(), 'notes.txt');
    writeFileSync(file, 'x');
    expect(outputFolderProblems(file)).toEqual([`--out ${file}: is a file, not a folder; give a new or empty folder with --out`]);
    expect(() => createRunDir(file, false)).toThrow(`--out ${file}: is a file, not a folder`);
    expect(outputFolderProblems(path.join(file, 'run'))).toEqual([
      `--out ${path.join(file, 'run')}: ${file} on its path is a file, not a folder; choose another folder with --out`,
    ]);
  });

  it.skipIf(!canMount)('names --out and the read-only file system, before anything runs', () => {
    const ro = readOnlyMount()!;
    expect(outputFolderProblems(ro)).toEqual([
      `--out ${ro}: cannot write into it: it is on a read-only file system (EROFS); choose a writable folder with --out`,
    ]);
    expect(outputFolderProblems(path.join(ro, 'run'))).toEqual([
      `--out ${path.join(ro, 'run')}: cannot create it in ${ro}: it is on a read-only file system (EROFS); choose a writable folder with --out`,
    ]);
    expect(() => createRunDir(ro, false)).toThrow(`--out ${ro}: cannot write into it: it is on a read-only file system (EROFS)`);
  });

  it.skipIf(!canChattr)('names --out and EPERM for an immutable folder', () => {
    const dir = tempDir();
    execFileSync('chattr', ['+i', dir]);
    try {
      expect(outputFolderProblems(dir)).toEqual([
        `--out ${dir}: cannot write into it: writing there is not permitted (EPERM: an immutable folder, or a file system that refuses it); choose a writable folder with --out`,
      ]);
    } finally {
      execFileSync('chattr', ['-i', dir]);
    }
  });
});
