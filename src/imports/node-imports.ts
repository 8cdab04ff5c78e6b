import { fileURLToPath } from 'node:url';
import type { ImportRecord, ImportTiming } from './model.js';

/** The prefix of the line src/runtimes/node/import-timing.mjs writes to stderr at exit. */
export const NODE_IMPORTS_PREFIX = 'coldbench-imports: ';

/** One module's evaluation as import-timing.mjs saw it (performance.now() times). */
export interface RawNodeRecord {
  url: string;
  format: 'esm' | 'cjs';
  /** CommonJS: the module on the evaluation stack; ES modules: the module that first resolved it. */
  parent?: string;
  start: number;
  end: number;
}

export interface RawNodeTiming {
  records: RawNodeRecord[];
  phases: Partial<Record<'init-start' | 'init-end' | 'first-request-end', number>>;
  /** url → the module that first resolved it (from the resolve hook). */
  firstParent: Record<string, string>;
}

const nameOf = (url: string) => (url.startsWith('file:') ? fileURLToPath(url) : url);

/**
 * Turns the raw evaluation intervals into per-module self and cumulative times.
 * A module's parent is the module whose loading loaded it first. An ES module's
 * own interval is its body alone (its imports were evaluated before it), so its
 * self time is that interval; a CommonJS module's interval contains the
 * require() calls it made, so its self time is the interval minus its nested
 * children's. Cumulative = self + the children's cumulative. Modules appear in
 * the order their evaluation finished, as with Python's -X importtime.
 */
export function nodeImportTiming(raw: RawNodeTiming): ImportTiming {
  const byUrl = new Map<string, RawNodeRecord>();
  for (const r of raw.records) if (!byUrl.has(r.url)) byUrl.set(r.url, r);
  const records = [...byUrl.values()].sort((a, b) => a.end - b.end);
  const parentOf = (r: RawNodeRecord): string | undefined => {
    const p = r.parent ?? raw.firstParent[r.url];
    return p !== undefined && p !== r.url && byUrl.has(p) ? p : undefined;
  };
  const initStart = raw.phases['init-start'] ?? -Infinity;
  const initEnd = raw.phases['init-end'] ?? Infinity;
  const requestEnd = raw.phases['first-request-end'] ?? Infinity;
  const phaseOf = (r: RawNodeRecord) =>
    r.start < initStart ? 'before' : r.end <= initEnd ? 'init' : r.end <= requestEnd ? 'firstRequest' : 'after';
  // A module loaded later (a dynamic import during a request) is not part of its parent's import cost.
  const children = new Map<string, RawNodeRecord[]>();
  for (const r of records) {
    const p = parentOf(r);
    if (p && phaseOf(byUrl.get(p)!) === phaseOf(r)) children.set(p, [...(children.get(p) ?? []), r]);
  }
  const selfMs = (r: RawNodeRecord): number => {
    const own = r.end - r.start;
    if (r.format === 'esm') return own;
    const nested = (children.get(r.url) ?? []).filter((c) => c.start >= r.start && c.end <= r.end);
    return Math.max(0, own - nested.reduce((sum, c) => sum + (c.end - c.start), 0));
  };
  const cumulative = new Map<string, number>();
  const cumulativeMs = (r: RawNodeRecord, seen = new Set<string>()): number => {
    const known = cumulative.get(r.url);
    if (known !== undefined) return known;
    seen.add(r.url);
    const kids = (children.get(r.url) ?? []).filter((c) => !seen.has(c.url));
    const total = selfMs(r) + kids.reduce((sum, c) => sum + cumulativeMs(c, seen), 0);
    cumulative.set(r.url, total);
    return total;
  };
  const depthOf = (r: RawNodeRecord): number => {
    let depth = 0;
    for (let p = parentOf(r); p && depth < 1000; p = parentOf(byUrl.get(p)!)) depth++;
    return depth;
  };
  const timing: ImportTiming = { init: [], firstRequest: [] };
  for (const r of records) {
    const phase = phaseOf(r);
    if (phase !== 'init' && phase !== 'firstRequest') continue;
    const parent = parentOf(r);
    const record: ImportRecord = {
      module: nameOf(r.url),
      ...(parent ? { parent: nameOf(parent) } : {}),
      depth: depthOf(r),
      selfMs: selfMs(r),
      cumulativeMs: cumulativeMs(r),
    };
    timing[phase].push(record);
  }
  return timing;
}

/** Finds the instrumentation's line in an environment's stderr and parses it; empty when there is none. */
export function parseNodeImportTiming(stderr: string): ImportTiming {
  const line = stderr
    .split('\n')
    .filter((l) => l.startsWith(NODE_IMPORTS_PREFIX))
    .pop();
  if (!line) return { init: [], firstRequest: [] };
  return nodeImportTiming(JSON.parse(line.slice(NODE_IMPORTS_PREFIX.length)) as RawNodeTiming);
}
