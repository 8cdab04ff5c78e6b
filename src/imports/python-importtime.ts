import type { ImportRecord, ImportTiming } from './model.js';

/** Lines the Python bootstrap writes to stderr under `-X importtime` to mark its phases. */
export const IMPORTTIME_MARKERS = {
  initStart: 'coldbench-importtime: init-start',
  initEnd: 'coldbench-importtime: init-end',
  firstRequestEnd: 'coldbench-importtime: first-request-end',
} as const;

const LINE = /^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S.*?)\s*$/;

/**
 * Parses the stderr of `python -X importtime` for one environment. Python
 * prints one line per first import when it finishes (children before their
 * parent), indented two spaces per nesting level, with self and cumulative
 * microseconds. Only imports after the bootstrap's init-start marker count
 * (the rest is interpreter start-up); those before init-end are INIT, those
 * before first-request-end the first request. Lines that are not import-time
 * lines (the handler's own output) are ignored.
 */
export function parseImportTime(stderr: string): ImportTiming {
  const timing: ImportTiming = { init: [], firstRequest: [] };
  let phase: 'before' | 'init' | 'firstRequest' | 'after' = 'before';
  let pending: ImportRecord[][] = [];
  for (const raw of stderr.split('\n')) {
    const line = raw.trimEnd();
    if (line === IMPORTTIME_MARKERS.initStart) {
      phase = 'init';
      pending = [];
      continue;
    }
    if (line === IMPORTTIME_MARKERS.initEnd) {
      phase = 'firstRequest';
      pending = [];
      continue;
    }
    if (line === IMPORTTIME_MARKERS.firstRequestEnd) {
      phase = 'after';
      continue;
    }
    if (phase === 'before' || phase === 'after') continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const depth = Math.floor((m[3]!.length - 1) / 2);
    const record: ImportRecord = { module: m[4]!, depth, selfMs: Number(m[1]) / 1000, cumulativeMs: Number(m[2]) / 1000 };
    // Children were printed before their parent, one level deeper.
    for (const child of pending[depth + 1] ?? []) child.parent = record.module;
    pending[depth + 1] = [];
    (pending[depth] ??= []).push(record);
    timing[phase].push(record);
  }
  return timing;
}
