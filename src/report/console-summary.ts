import { ms } from './format.js';
import type { RunResult } from '../core/model.js';
import { summarize } from '../core/summary.js';

/** A plain-text table of the run for the terminal. */
export function consoleSummary(result: RunResult): string {
  const header = ['scenario', 'variant', 'strategy', 'cold e2e p50', '95 % CI', 'INIT p50', '1st invoke p50', 'warm e2e p50', 'warm p99', 'errors'];
  const rows = summarize(result).map((s) => [
    s.scenario,
    s.variant,
    s.strategy,
    ms(s.metrics.cold_e2e_ms?.median),
    s.metrics.cold_e2e_ms?.medianCi ? `${ms(s.metrics.cold_e2e_ms.medianCi[0])}–${ms(s.metrics.cold_e2e_ms.medianCi[1])}` : '–',
    ms(s.metrics.init_ms?.median),
    ms(s.metrics.first_invoke_ms?.median),
    ms(s.metrics.warm_e2e_ms?.median),
    ms(s.metrics.warm_e2e_ms?.p99),
    String(s.errors.cold + s.errors.warm),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
