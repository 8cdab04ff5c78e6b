import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/config-error.js';
import type { ObservedTraffic } from '../core/observed.js';

export type { ObservedTraffic };
import { analyseInvocations } from './analyse.js';
import { parseObservedCsv } from './observed-csv.js';
import { observeMetaProblem, type ObserveRunMeta } from './run-meta.js';

function fail(dir: string, problem: string): never {
  throw new ConfigError([`--traffic-from ${dir}: ${problem}`]);
}

/**
 * Reads an observe run's folder (run.json with `kind: "observe"`, observed.csv)
 * into the arrival process it recorded. Throws a ConfigError naming the folder
 * and what is wrong when it is not an observe run.
 */
export function readObservedTraffic(dir: string): ObservedTraffic {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    fail(dir, 'no such folder; give the folder of a `coldbench observe` run, for example results/<run-id>-observe');
  const metaFile = path.join(dir, 'run.json');
  const csvFile = path.join(dir, 'observed.csv');
  if (!existsSync(metaFile)) fail(dir, 'no run.json; it is not the folder of a `coldbench observe` run');
  let meta: unknown;
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch (error) {
    fail(dir, `run.json is not JSON (${(error as Error).message})`);
  }
  const problem = observeMetaProblem(meta);
  if (problem) fail(dir, `run.json ${problem}`);
  if (!existsSync(csvFile)) fail(dir, 'no observed.csv; the observe run did not finish');
  const m = meta as ObserveRunMeta;
  let rows: ReturnType<typeof parseObservedCsv>;
  try {
    rows = parseObservedCsv(readFileSync(csvFile, 'utf8'), csvFile);
  } catch (error) {
    fail(dir, (error as Error).message);
  }
  const startMs = Date.parse(m.period.start);
  const periodS = (Date.parse(m.period.end) - startMs) / 1000;
  if (!(periodS > 0)) fail(dir, `run.json has an empty period (${m.period.start} – ${m.period.end})`);
  const clamp = (ms: number) => Math.min(periodS, Math.max(0, (ms - startMs) / 1000));
  const sorted = [...rows].sort((a, b) => a.startMs - b.startMs);
  const arrivalTimesS = sorted.map((r) => clamp(r.startMs));
  const coldStartTimesS = sorted.filter((r) => r.kind === 'cold').map((r) => clamp(r.startMs));
  const hours = Math.max(1, Math.ceil(periodS / 3600));
  const counts = new Array<number>(hours).fill(0);
  for (const t of arrivalTimesS) counts[Math.min(hours - 1, Math.floor(t / 3600))]!++;
  const hourlyRates = counts.map((n, k) => n / Math.max(1e-9, Math.min(3600, periodS - k * 3600)));
  const memory = new Map<number, number>();
  for (const r of rows) memory.set(r.memoryMb, (memory.get(r.memoryMb) ?? 0) + 1);
  const memoryMb = [...memory].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const reclaim = analyseInvocations(rows, { startMs, endMs: Date.parse(m.period.end) }).reclaim.thresholdS;
  return {
    dir,
    functionName: m.function,
    periodStart: m.period.start,
    periodS,
    arrivalTimesS,
    coldStartTimesS,
    invocations: rows.length,
    coldStarts: coldStartTimesS.length,
    hourlyRates,
    memoryMb,
    ...(reclaim !== undefined ? { idleReclaimEstimateS: reclaim } : {}),
  };
}
