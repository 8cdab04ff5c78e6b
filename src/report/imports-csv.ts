import { stringify } from 'csv-stringify/sync';
import type { ScenarioImports } from '../imports/model.js';
import { csvMs } from './format.js';

export const IMPORTS_COLUMNS = [
  'run_id',
  'scenario',
  'runtime',
  'variant',
  'order',
  'module',
  'parent',
  'depth',
  'self_ms',
  'cumulative_ms',
  'share_of_init',
  'lazy_candidate',
] as const;

/**
 * imports.csv: every module each scenario's instrumented environment loaded
 * during INIT, in load order, with self and cumulative time and the share of
 * that environment's INIT. `lazy_candidate` holds the verdict on heavy
 * top-level imports (not-on-request-path, on-request-path, unchecked).
 */
export function importsCsv(runId: string, imports: readonly ScenarioImports[]): string {
  const rows: string[][] = [];
  for (const s of imports) {
    const verdicts = new Map(s.candidates.map((c) => [c.module, c.reason]));
    s.modules.forEach((m, i) => {
      rows.push([
        runId,
        s.scenario,
        s.runtime,
        s.variant,
        String(i + 1),
        m.module,
        m.parent ?? '',
        String(m.depth),
        csvMs(m.selfMs),
        csvMs(m.cumulativeMs),
        s.initMs > 0 ? String(Math.round((m.cumulativeMs / s.initMs) * 10000) / 10000) : '',
        m.depth === 1 ? (verdicts.get(m.module) ?? '') : '',
      ]);
    });
  }
  return stringify([[...IMPORTS_COLUMNS], ...rows]);
}
