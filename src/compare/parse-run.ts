import { parse } from 'csv-parse/sync';
import { ADDED_SAMPLE_COLUMNS, SAMPLE_COLUMNS, type RunMeta, type SampleRow } from '../core/model.js';
import type { ScenarioImports } from '../imports/model.js';

const NUMERIC = new Set<keyof SampleRow>(['memoryMb', 'sample', 'e2eMs', 'initMs', 'invokeMs', 'billedMs', 'maxMemoryMb', 'cpuAfterMs']);
const BOOLEAN = new Set<keyof SampleRow>(['frozenAfter']);

/**
 * samples.csv back into rows: columns are found by their header names (so
 * files with extra columns still read, and files written before a column was
 * added read as if its cells were empty), empty cells become "does not apply".
 * Throws naming the missing column or the bad cell.
 */
export function parseSamplesCsv(text: string, file = 'samples.csv'): SampleRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[];
  if (records.length > 0) {
    const missing = SAMPLE_COLUMNS.filter(([name]) => !ADDED_SAMPLE_COLUMNS.has(name) && !(name in records[0]!)).map(([name]) => name);
    if (missing.length > 0)
      throw new Error(`${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; is this a coldbench samples.csv?`);
  }
  return records.map((record, i) => {
    const row: Record<string, unknown> = {};
    for (const [name, field] of SAMPLE_COLUMNS) {
      const cell = record[name] ?? '';
      if (cell === '') continue;
      if (NUMERIC.has(field)) {
        const value = Number(cell);
        if (!Number.isFinite(value)) throw new Error(`${file}: row ${i + 2}, column ${name}: "${cell}" is not a number`);
        row[field] = value;
      } else if (BOOLEAN.has(field)) {
        if (cell !== 'true' && cell !== 'false') throw new Error(`${file}: row ${i + 2}, column ${name}: "${cell}" is not true or false`);
        row[field] = cell === 'true';
      } else {
        row[field] = cell;
      }
    }
    if (row.environment === undefined) row.environment = '';
    return row as unknown as SampleRow;
  });
}

/** run.json back into its metadata, checking the fields a comparison needs. */
export function parseRunJson(text: string, file = 'run.json'): RunMeta {
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const m = meta as Partial<RunMeta>;
  for (const field of ['runId', 'target', 'host', 'interpreters', 'scenarios', 'samples'] as const) {
    if (m[field] === undefined) throw new Error(`${file}: field "${field}" is missing; is this a coldbench run.json?`);
  }
  // Fields added after the first runs were written: older runs had only these modes.
  if (m.pageCache === undefined) (m as RunMeta).pageCache = { mode: 'warm' };
  return meta as RunMeta;
}

/** imports.json (the import-time breakdown of each scenario, as the report renders it) back; checks that it is a list of breakdowns. */
export function parseImportsJson(text: string, file = 'imports.json'): ScenarioImports[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value)) throw new Error(`${file}: expected a list of per-scenario breakdowns`);
  value.forEach((s: Partial<ScenarioImports>, i) => {
    for (const field of ['scenario', 'variant', 'method', 'initMs', 'modules', 'candidates'] as const) {
      if (s?.[field] === undefined) throw new Error(`${file}: entry ${i + 1} has no "${field}"; is this a coldbench imports.json?`);
    }
  });
  return value as ScenarioImports[];
}
