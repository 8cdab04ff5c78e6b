import type { ObservedWhatIf } from '../traffic/observed.js';
import { ms, percent, usd } from './format.js';

/** The "on the observed traffic" section for a benchmark's report.md. Pure. */
export function whatIfMarkdown(w: ObservedWhatIf): string[] {
  if (w.plans.length === 0) return [];
  const days = (w.periodS / 86_400).toFixed(1);
  const out = [
    `### On the observed traffic of ${w.functionName}`,
    '',
    `The ${w.invocations} requests of ${days} observed days (${w.observedColdStarts} of them cold, ${percent(w.observedColdStarts / Math.max(1, w.invocations))}), replayed through the traffic simulation (each request at its recorded time, as many environments as overlapping requests need, the most recently used idle one first, idle environments reclaimed after ${Math.round(w.idleReclaimSeconds)} s; latencies drawn from the measured samples).`,
    '',
    '| plan | cold starts | fewer than observed | p50 | p99 | most environments at once | cost of the period |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const p of w.plans) {
    out.push(
      `| ${p.plan} | ${Math.round(p.coldStarts)} | ${Math.round(p.coldStartsAvoided)} | ${ms(p.p50Ms)} | ${ms(p.p99Ms)}${p.p99Dagger ? ' †' : ''} | ${p.maxConcurrent} | ${usd(p.costUsd)} |`,
    );
  }
  out.push('');
  if (w.plans.some((p) => p.p99Dagger))
    out.push('† the p99 rests on too few measured samples (cold or warm) to be told apart from its neighbours.', '');
  return out;
}
