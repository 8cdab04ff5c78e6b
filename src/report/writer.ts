import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioImports } from '../imports/model.js';
import { samplesCsvHeader, samplesCsvRows } from './csv.js';
import { renderRun } from './exporters.js';
import type { RunMeta, RunResult, SampleRow } from '../core/model.js';
import type { ObservedTraffic } from '../core/observed.js';
import { ConfigError } from '../core/config-error.js';

/** Writes a file so that readers see the old or the new content, never half of it. */
export function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/**
 * The files of one run. Samples are appended to samples.csv the moment they
 * arrive (an interrupted run keeps them); summary.csv, report.md, its SVG
 * charts and run.json are rewritten, atomically, whenever `flush()` is called.
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

  append(row: SampleRow): void {
    this.samples.push(row);
    appendFileSync(this.samplesFile, samplesCsvRows([row]));
  }

  /** Adds one scenario's import-time breakdown; imports.csv is rewritten at the next flush. */
  addImports(imports: ScenarioImports): void {
    (this.imports ??= []).push(imports);
  }

  result(): RunResult {
    return { meta: this.meta, samples: this.samples, ...(this.imports ? { imports: this.imports } : {}), ...(this.observed ? { observed: this.observed } : {}) };
  }

  flush(): void {
    writeRunFiles(this.dir, this.result());
  }
}

/** (Re)writes everything of a run but its samples (every exporter's files: run.json, summary.csv, the charts, report.md, imports.csv, results.json), each atomically. */
export function writeRunFiles(dir: string, result: RunResult): void {
  for (const f of renderRun(result)) writeAtomically(path.join(dir, f.file), f.content);
}

/**
 * Creates the folder for a run. `results/<run-id>/` must be new; an `--out`
 * folder may exist but must not already hold a run's samples.
 */
export function createRunDir(dir: string, mustBeNew: boolean): string {
  try {
    if (mustBeNew) mkdirSync(dir, { recursive: false });
    else mkdirSync(dir, { recursive: true });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' && mustBeNew) {
      mkdirSync(path.dirname(dir), { recursive: true });
      mkdirSync(dir);
    } else if (e.code === 'EEXIST') {
      throw new Error(`output folder ${dir} already exists; a run never overwrites another run's files`);
    } else {
      throw new Error(`cannot create output folder ${dir}: ${e.message}; choose a writable folder with --out`);
    }
  }
  return dir;
}

/** Creates the run's folder and its writer; a folder that cannot be used is a configuration error that says what to do. */
export function openRunWriter(dir: string, mustBeNew: boolean, meta: RunMeta, observed?: ObservedTraffic): RunWriter {
  try {
    return new RunWriter(createRunDir(dir, mustBeNew), meta, observed);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new ConfigError([
      e.code === 'EEXIST' ? `--out ${dir}: it already holds a run (samples.csv); a run never overwrites another, choose a new folder` : (error as Error).message,
    ]);
  }
}
