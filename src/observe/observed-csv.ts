import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { csvMs } from '../report/format.js';
import type { ObservedInvocation } from './invocation.js';

/**
 * observed.csv: one row per invocation, in order of arrival. `time` is when it
 * started (the REPORT's timestamp minus its durations), `report_time` the
 * REPORT's own timestamp; `environment` is the instance part of the log stream name.
 */
export const OBSERVED_COLUMNS = [
  'time',
  'report_time',
  'request_id',
  'version',
  'environment',
  'kind',
  'init_ms',
  'restore_ms',
  'duration_ms',
  'billed_ms',
  'max_memory_mb',
  'memory_mb',
  'status',
  'log_format',
] as const;

const iso = (ms: number) => new Date(Math.round(ms)).toISOString();

/** The whole file, header included. */
export function observedCsv(invocations: readonly ObservedInvocation[]): string {
  const rows = invocations.map((i) => [
    iso(i.startMs),
    iso(i.reportMs),
    i.requestId,
    i.version ?? '',
    i.environment,
    i.kind,
    csvMs(i.initMs),
    csvMs(i.restoreMs),
    csvMs(i.durationMs),
    csvMs(i.billedMs),
    String(i.maxMemoryMb),
    String(i.memoryMb),
    i.status ?? '',
    i.logFormat,
  ]);
  return stringify([[...OBSERVED_COLUMNS], ...rows]);
}

/** The rows of observed.csv back; errors name the file, the line and the column. */
export function parseObservedCsv(text: string, file: string): ObservedInvocation[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (error) {
    throw new Error(`${file}: not a CSV file (${(error as Error).message})`);
  }
  const header = text.split(/\r?\n/, 1)[0]!.split(',');
  const missing = OBSERVED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}; it was not written by coldbench observe`);
  return records.map((r, index) => {
    const line = index + 2;
    const num = (column: string, required: boolean): number | undefined => {
      const raw = r[column] ?? '';
      if (raw === '' && !required) return undefined;
      const value = Number(raw);
      if (raw === '' || !Number.isFinite(value)) throw new Error(`${file}, line ${line}: ${column} "${raw}" is not a number`);
      return value;
    };
    const time = (column: string): number => {
      const value = Date.parse(r[column] ?? '');
      if (!Number.isFinite(value)) throw new Error(`${file}, line ${line}: ${column} "${r[column] ?? ''}" is not an ISO 8601 time`);
      return value;
    };
    const kind = r.kind;
    if (kind !== 'cold' && kind !== 'warm') throw new Error(`${file}, line ${line}: kind "${kind ?? ''}" is neither cold nor warm`);
    const initMs = num('init_ms', false);
    const restoreMs = num('restore_ms', false);
    return {
      startMs: time('time'),
      reportMs: time('report_time'),
      requestId: r.request_id ?? '',
      logStream: r.environment ?? '',
      ...(r.version ? { version: r.version } : {}),
      environment: r.environment ?? '',
      kind,
      ...(initMs !== undefined ? { initMs } : {}),
      ...(restoreMs !== undefined ? { restoreMs } : {}),
      durationMs: num('duration_ms', true)!,
      billedMs: num('billed_ms', true)!,
      maxMemoryMb: num('max_memory_mb', true)!,
      memoryMb: num('memory_mb', true)!,
      ...(r.status ? { status: r.status } : {}),
      logFormat: r.log_format === 'json' ? 'json' : 'text',
    };
  });
}
