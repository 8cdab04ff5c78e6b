import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../core/model.js';
import { IMPORTS_JSON } from '../core/paths.js';
import { parseImportsJson, parseRunJson, parseSamplesCsv } from './parse-run.js';

/** Reads a run's folder (its run.json, samples.csv and, when there, imports.json) back; errors name the folder and what is missing. */
export function readRun(dir: string): RunResult {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(`${dir}: no such folder; give the folder of a run, for example results/<run-id>`);
  const files = { meta: path.join(dir, 'run.json'), samples: path.join(dir, 'samples.csv') };
  for (const file of Object.values(files)) {
    if (!existsSync(file)) throw new Error(`${dir}: no ${path.basename(file)}; a run's folder holds run.json and samples.csv`);
  }
  const importsFile = path.join(dir, IMPORTS_JSON);
  const imports = existsSync(importsFile) ? parseImportsJson(readFileSync(importsFile, 'utf8'), importsFile) : undefined;
  return {
    meta: parseRunJson(readFileSync(files.meta, 'utf8'), files.meta),
    samples: parseSamplesCsv(readFileSync(files.samples, 'utf8'), files.samples),
    ...(imports ? { imports } : {}),
  };
}
