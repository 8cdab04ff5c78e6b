import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { ScenarioImports } from '../imports/model.js';
import { samplesCsvHeader, samplesCsvRows } from './csv.js';
import { renderRun } from './exporters.js';
import type { RunMeta, RunResult, SampleRow } from '../core/model.js';
import type { ObservedTraffic } from '../core/observed.js';
import { ConfigError } from '../core/config-error.js';
import { redactEnv } from '../core/redact-env.js';

/** Writes a file so that readers see the old or the new content, never half of it. */
export function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** Warm rows reach samples.csv in batches of at most this many rows… */
export const WARM_BATCH_ROWS = 256;
/** …and at most this many ms after they were measured. */
export const WARM_BATCH_MS = 250;

/**
 * The files of one run. Samples are appended to samples.csv as they arrive
 * (warm rows in short batches, see append; an interrupted run keeps them all);
 * summary.csv, report.md, its SVG charts and run.json are rewritten,
 * atomically, whenever `flush()` is called.
 */
export class RunWriter {
  readonly samples: SampleRow[] = [];
  /** Import-time breakdowns, one per scenario as it finishes; undefined when the breakdown is off. */
  imports: ScenarioImports[] | undefined;
  readonly samplesFile: string;

  constructor(
    readonly dir: string,
    readonly meta: RunMeta,
    /** `--traffic-from`: the recorded traffic the report replays. */
    readonly observed?: ObservedTraffic,
  ) {
    this.samplesFile = path.join(dir, 'samples.csv');
    writeFileSync(this.samplesFile, samplesCsvHeader(), { flag: 'wx' }); // never overwrite an earlier run
    this.flush();
  }

  /** samples.csv, open for appending from the first row to the next flush(). */
  private samplesFd: number | undefined;
  /** Warm rows not yet on disk (written in batches, see append). */
  private pendingRows: SampleRow[] = [];
  private pendingSince = 0;
  private pendingTimer: NodeJS.Timeout | undefined;

  /**
   * Records a row and puts it into samples.csv. Cold rows (and any other kind)
   * are written at once; warm rows, which arrive back to back, in batches of
   * up to WARM_BATCH_ROWS rows or WARM_BATCH_MS: a write between two warm
   * requests made the next one 3-5 µs slower (an open, write and close per row:
   * 7-14 µs), measured by the overhead benchmark. A batch is written before the
   * next cold row, at every flush() (an interrupted run flushes) and, should no
   * row follow, after WARM_BATCH_MS.
   */
  append(row: SampleRow): void {
    this.samples.push(row);
    this.pendingRows.push(row);
    if (row.kind !== 'warm') {
      this.writePending();
      return;
    }
    const now = performance.now();
    if (this.pendingRows.length === 1) {
      this.pendingSince = now;
      this.pendingTimer = setTimeout(() => this.writePending(), WARM_BATCH_MS);
      this.pendingTimer.unref();
    } else if (this.pendingRows.length >= WARM_BATCH_ROWS || now - this.pendingSince >= WARM_BATCH_MS) {
      this.writePending();
    }
  }

  /** Appends the rows not yet written to samples.csv. */
  private writePending(): void {
    clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    if (this.pendingRows.length === 0) return;
    const text = samplesCsvRows(this.pendingRows);
    this.pendingRows = [];
    this.samplesFd ??= openSync(this.samplesFile, 'a');
    appendFileSync(this.samplesFd, text);
  }

  /** Adds one scenario's import-time breakdown; imports.csv is rewritten at the next flush. */
  addImports(imports: ScenarioImports): void {
    (this.imports ??= []).push(imports);
  }

  result(): RunResult {
    return {
      meta: this.meta,
      samples: this.samples,
      ...(this.imports ? { imports: this.imports } : {}),
      ...(this.observed ? { observed: this.observed } : {}),
    };
  }

  flush(): void {
    this.writePending();
    if (this.samplesFd !== undefined) closeSync(this.samplesFd);
    this.samplesFd = undefined;
    writeRunFiles(this.dir, this.result());
  }
}

/** (Re)writes everything of a run but its samples (every exporter's files: run.json, summary.csv, the charts, report.md, imports.csv, results.json), each atomically. */
export function writeRunFiles(dir: string, result: RunResult): void {
  // Secret-looking env values never reach a file: run.json and results.json carry the redacted metadata.
  for (const f of renderRun({ ...result, meta: withRedactedEnv(result.meta) })) writeAtomically(path.join(dir, f.file), f.content);
}

/** Run folders this process made or took over (new or empty): the run goes on writing into them (derived files first, then its results). */
const ownFolders = new Set<string>();

/** Why a path cannot be reached or written, in words. */
function why(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EROFS':
      return 'it is on a read-only file system (EROFS)';
    case 'EPERM':
      return 'writing there is not permitted (EPERM: an immutable folder, or a file system that refuses it)';
    case 'EACCES':
      return 'permission denied (EACCES)';
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'ELOOP':
      return 'its path is a loop of symbolic links (ELOOP)';
    case 'ENOTDIR':
      return 'a file stands where a folder should be on its path (ENOTDIR)';
    default:
      return error.message;
  }
}

/**
 * What already in a folder stops a run from writing into it, or undefined: a
 * run never overwrites files it did not write, so only a new or empty folder
 * will do (or one this process made for the run).
 */
function contentsProblem(dir: string, flag: string): string | undefined {
  if (ownFolders.has(path.resolve(dir))) {
    return existsSync(path.join(dir, 'samples.csv'))
      ? `${flag} ${dir}: it already holds a run (samples.csv); a run never overwrites another, choose a new folder`
      : undefined;
  }
  const names = readdirSync(dir);
  if (names.length === 0) return undefined;
  if (names.includes('samples.csv'))
    return `${flag} ${dir}: it already holds a run (samples.csv); a run never overwrites another, choose a new folder`;
  if (names.includes('derived'))
    return `${flag} ${dir}: it holds the derived variants (derived/) of another run that stopped before measuring; a run never overwrites another run's files: delete ${path.join(dir, 'derived')} or choose a new folder`;
  const shown = names.sort().slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} entries)` : '');
  return `${flag} ${dir}: the folder is not empty (${shown}) and coldbench did not make it; a run would overwrite files there (report.md, run.json, summary.csv, *.svg): choose a new or empty folder`;
}

/** Tries writing in a folder (a probe folder made and removed at once); the error when that fails. */
function writeProbe(dir: string): NodeJS.ErrnoException | undefined {
  try {
    rmdirSync(mkdtempSync(path.join(dir, '.coldbench-write-check-')));
    return undefined;
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/**
 * Problems with the folder a run is to be written into, found before anything
 * runs ([] when it will do): a path that is a file, a folder that holds files
 * coldbench did not write, a place that cannot be written (read-only mount,
 * immutable folder, no permission). Writing is tried, not guessed: a probe
 * folder is made and removed at once, in the folder or, when it does not exist
 * yet, in the nearest folder above it. Every message names `flag`.
 */
export function outputFolderProblems(dir: string, flag = '--out'): string[] {
  const abs = path.resolve(dir);
  let existing = abs;
  for (;;) {
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(existing);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if ((e.code !== 'ENOENT' && e.code !== 'ENOTDIR') || path.dirname(existing) === existing)
        return [`${flag} ${dir}: cannot be used: ${why(e)}; choose a writable folder with ${flag}`];
      existing = path.dirname(existing);
      continue;
    }
    if (!stats.isDirectory()) {
      return [
        existing === abs
          ? `${flag} ${dir}: is a file, not a folder; give a new or empty folder with ${flag}`
          : `${flag} ${dir}: ${existing} on its path is a file, not a folder; choose another folder with ${flag}`,
      ];
    }
    break;
  }
  if (existing === abs) {
    const problem = contentsProblem(abs, flag);
    if (problem) return [problem];
  }
  const refused = writeProbe(existing);
  if (!refused) return [];
  return [
    `${flag} ${dir}: ${existing === abs ? 'cannot write into it' : `cannot create it in ${existing}`}: ${why(refused)}; choose a writable folder with ${flag}`,
  ];
}

/** run.json is committed next to code: the scenarios' secret-looking env values are written as <redacted> (the environments had the real ones). */
function withRedactedEnv(meta: RunMeta): RunMeta {
  return { ...meta, scenarios: meta.scenarios.map((s) => ({ ...s, env: redactEnv(s.env) })) };
}

/**
 * Creates the folder for a run. `results/<run-id>/` must be new; an `--out`
 * folder may exist but must be empty (or made by this process for this run):
 * a run never overwrites files it did not write.
 */
export function createRunDir(dir: string, mustBeNew: boolean): string {
  const flag = '--out';
  try {
    if (mustBeNew) mkdirSync(dir, { recursive: false });
    else mkdirSync(dir, { recursive: true });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' && mustBeNew) {
      mkdirSync(path.dirname(dir), { recursive: true });
      mkdirSync(dir);
    } else if (e.code === 'EEXIST' && !mustBeNew) {
      throw new Error(`${flag} ${dir}: is a file, not a folder; give a new or empty folder with ${flag}`);
    } else if (e.code === 'EEXIST') {
      throw new Error(`output folder ${dir} already exists; a run never overwrites another run's files`);
    } else {
      throw new Error(`cannot create output folder ${dir}: ${why(e)}; choose a writable folder with ${flag}`);
    }
  }
  const problem = mustBeNew ? undefined : contentsProblem(dir, flag);
  if (problem) throw new Error(problem);
  const refused = writeProbe(dir); // an existing folder may still refuse writes
  if (refused) throw new Error(`${flag} ${dir}: cannot write into it: ${why(refused)}; choose a writable folder with ${flag}`);
  ownFolders.add(path.resolve(dir));
  return dir;
}

/**
 * Forgets that this process made `dir` for a run: the run ended before its
 * samples were written (it failed or was refused), so a later run in the same
 * process must not take the folder, and what was left in it, as its own.
 */
export function forgetRunDir(dir: string): void {
  ownFolders.delete(path.resolve(dir));
}

/** Creates the run's folder and its writer; a folder that cannot be used is a configuration error that says what to do. */
export function openRunWriter(dir: string, mustBeNew: boolean, meta: RunMeta, observed?: ObservedTraffic): RunWriter {
  try {
    const writer = new RunWriter(createRunDir(dir, mustBeNew), meta, observed);
    forgetRunDir(dir); // from here on its samples.csv says whose folder it is
    return writer;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new ConfigError([
      e.code === 'EEXIST'
        ? `--out ${dir}: it already holds a run (samples.csv); a run never overwrites another, choose a new folder`
        : e.code
          ? `--out ${dir}: cannot write the run's files: ${why(e)}; choose a writable folder with --out`
          : (error as Error).message,
    ]);
  }
}
