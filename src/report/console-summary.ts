import { ms } from './format.js';
import { preStarted } from '../core/strategies.js';
import type { RunResult } from '../core/model.js';
import { summarize } from '../core/summary.js';
import { PRE_STARTED } from '../report/verdict.js';
import { QUANTILE_SUPPORT } from '../report/quality.js';

/** A plain-text table of the run for the terminal; § and † as in report.md. */
export function consoleSummary(result: RunResult): string {
  const header = [
    'scenario',
    'variant',
    'strategy',
    'cold e2e p50',
    '95 % CI',
    'INIT p50',
    '1st invoke p50',
    'warm e2e p50',
    'warm p99',
    'errors',
  ];
  const summaries = summarize(result);
  const rows = summaries.map((s) => [
    s.scenario,
    s.variant,
    s.strategy,
    `${ms(s.metrics.cold_e2e_ms?.median)}${preStarted(s.strategy) && s.metrics.cold_e2e_ms ? ' §' : ''}`,
    s.metrics.cold_e2e_ms?.medianCi ? `${ms(s.metrics.cold_e2e_ms.medianCi[0])}–${ms(s.metrics.cold_e2e_ms.medianCi[1])}` : '–',
    ms(s.metrics.init_ms?.median),
    ms(s.metrics.first_invoke_ms?.median),
    ms(s.metrics.warm_e2e_ms?.median),
    `${ms(s.metrics.warm_e2e_ms?.p99)}${s.metrics.warm_e2e_ms && !s.metrics.warm_e2e_ms.p99Ci ? ' †' : ''}`,
    String(s.errors.cold + s.errors.warm),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const notes = [
    ...(summaries.some((s) => preStarted(s.strategy)) ? [`§ ${PRE_STARTED}, not a cold start`] : []),
    ...(summaries.some((s) => s.metrics.warm_e2e_ms && !s.metrics.warm_e2e_ms.p99Ci)
      ? [`† fewer than ${QUANTILE_SUPPORT.p99} samples: no 95 % interval of p99, an estimate near the largest values seen`]
      : []),
  ];
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...notes].join('\n');
}
