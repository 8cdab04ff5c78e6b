import type { Description } from '../stats/describe.js';
import { coldShare } from '../traffic/closed-form.js';
import { ms, percent } from '../report/format.js';
import type { ObservedAnalysis, Tally } from './analyse.js';
import { OBSERVE_CHARTS } from './charts.js';
import { count, seconds, utcMinute } from './format.js';
import type { ObserveRunMeta } from './run-meta.js';

function share(t: Tally): string {
  if (t.invocations === 0) return '–';
  const ci = t.coldShareCi;
  return `${percent(t.coldStarts / t.invocations)}${ci ? ` [${percent(ci[0])}–${percent(ci[1])}]` : ''}`;
}

function withCi(value: number, ci: [number, number] | undefined, fmt: (v: number) => string): string {
  return ci ? `${fmt(value)} [${fmt(ci[0])}–${fmt(ci[1])}]` : fmt(value);
}

function distributionRow(label: string, d: Description, fmt: (v: number) => string): string {
  return `| ${label} | ${d.n} | ${withCi(d.median, d.medianCi, fmt)} | ${withCi(d.p90, d.p90Ci, fmt)} | ${withCi(d.p99, d.p99Ci, fmt)} | ${fmt(d.min)} | ${fmt(d.max)} |`;
}

const DISTRIBUTION_HEAD = ['| | n | median [95 % CI] | p90 [95 % CI] | p99 [95 % CI] | min | max |', '|---|---|---|---|---|---|---|'];

/**
 * What the traffic model of src/traffic (Poisson arrivals at each hour's
 * rate, one environment, reclaimed after `reclaimS` idle) predicts for this
 * traffic: the expected cold share, to set beside the observed one.
 */
export function modelColdShare(analysis: ObservedAnalysis, reclaimS: number): number | undefined {
  let expected = 0;
  let total = 0;
  for (const h of analysis.hourly) {
    if (h.invocations === 0 || h.hours === 0) continue;
    expected += h.invocations * coldShare(h.invocations / (h.hours * 3600), reclaimS);
    total += h.invocations;
  }
  return total > 0 ? expected / total : undefined;
}

/** report.md of an observe run. Pure. */
export function observeMarkdown(meta: ObserveRunMeta, a: ObservedAnalysis): string {
  const days = (a.period.endMs - a.period.startMs) / 86_400_000;
  const out: string[] = [`# Observed cold starts: ${meta.function} (${meta.region})`, ''];
  if (meta.note) out.push(`> **${meta.note}**`, '');
  out.push(
    `Period ${utcMinute(a.period.startMs)} – ${utcMinute(a.period.endMs)} (${days.toFixed(1)} days)${meta.source.truncated ? `, cut short by --max-events ${count(meta.source.maxEvents)} (asked up to ${utcMinute(Date.parse(meta.period.requestedEnd))})` : ''}. ` +
      `Log group \`${meta.logGroup}\`, ${meta.qualifier ? `qualifier ${meta.qualifier} (versions ${meta.versions.join(', ')})` : 'all versions'}; ` +
      `${count(meta.source.eventsRead)} REPORT records read with FilterLogEvents in ${meta.source.pages} page${meta.source.pages === 1 ? '' : 's'} ` +
      `(text format ${count(a.logFormats.text)}, JSON format ${count(a.logFormats.json)}); versions seen ${a.versions.join(', ') || '–'}; memory size ${a.memorySizesMb.map((m) => `${m} MB`).join(', ')}.`,
    '',
    '## Summary',
    '',
    `- **${count(a.total.invocations)} invocations, ${count(a.total.coldStarts)} cold starts: ${share(a.total)}** of requests were cold (95 % Wilson interval).`,
  );
  if (a.init)
    out.push(
      `- INIT (Init Duration) median **${withCi(a.init.median, a.init.medianCi, ms)}**, p90 ${ms(a.init.p90)}, p99 ${ms(a.init.p99)} over ${a.init.n} cold starts.`,
    );
  if (a.restore)
    out.push(`- SnapStart restores: Restore Duration median ${withCi(a.restore.median, a.restore.medianCi, ms)} over ${a.restore.n}.`);
  out.push(
    `- Cold starts after idleness ${count(a.coldCauses.afterIdle)}, under concurrency (another request in flight) ${count(a.coldCauses.concurrent)}, first request of the period ${count(a.coldCauses.first)}.`,
  );
  if (a.reclaim.thresholdS !== undefined)
    out.push(`- Idle environments were reclaimed after about **${seconds(a.reclaim.thresholdS)}** (estimate below).`);
  out.push(
    `- Peak concurrency **${a.peak.concurrency}** at ${utcMinute(a.peak.atMs)}; ${count(a.environments.count)} environments (log streams), median ${a.environments.requestsMedian} requests each.`,
  );
  const statuses = Object.entries(a.statuses).filter(([s]) => s !== 'success');
  if (statuses.length > 0)
    out.push(`- Failed invocations by REPORT status: ${statuses.map(([s, n]) => `${s} ${n}`).join(', ')} (counted like the others).`);
  out.push('');

  out.push(
    '## Cold starts per day',
    '',
    '| day (UTC) | hours | invocations | cold starts | cold share [95 % CI] | peak concurrency |',
    '|---|---|---|---|---|---|',
  );
  for (const d of a.daily)
    out.push(
      `| ${d.date} | ${d.hours.toFixed(1)} | ${count(d.invocations)} | ${count(d.coldStarts)} | ${share(d)} | ${d.peakConcurrency} |`,
    );
  out.push(
    '',
    '## Cold starts per hour',
    '',
    `Every clock hour of the period is in \`hourly.csv\` and the chart; pooled by hour of day (UTC):`,
    '',
  );
  out.push('| hour (UTC) | requests per hour | cold starts per hour | cold share [95 % CI] | peak concurrency |', '|---|---|---|---|---|');
  for (const h of a.hourOfDay) {
    if (h.hours === 0) continue;
    out.push(
      `| ${String(h.hour).padStart(2, '0')}:00 | ${(h.invocations / h.hours).toFixed(1)} | ${(h.coldStarts / h.hours).toFixed(2)} | ${share(h)} | ${h.peakConcurrency} |`,
    );
  }
  out.push('', `![${OBSERVE_CHARTS.hourly.title}](${OBSERVE_CHARTS.hourly.file})`, '');

  out.push('## INIT duration', '');
  if (a.init || a.restore) {
    out.push(...DISTRIBUTION_HEAD);
    if (a.init) out.push(distributionRow('Init Duration, all cold starts', a.init, ms));
    for (const v of a.initByVersion) out.push(distributionRow(`Init Duration, version ${v.version}`, v.init, ms));
    if (a.restore) out.push(distributionRow('Restore Duration (SnapStart)', a.restore, ms));
    out.push(
      '',
      'Intervals are distribution-free (order statistics); a p90 needs 36 values and a p99 368 for one.',
      '',
      `![${OBSERVE_CHARTS.init.title}](${OBSERVE_CHARTS.init.file})`,
      '',
    );
  } else out.push('No cold start in the period carried Init Duration or Restore Duration.', '');
  if (a.warmDuration)
    out.push(`Warm requests ran ${ms(a.warmDuration.median)} (median Duration, p99 ${ms(a.warmDuration.p99)}, n ${a.warmDuration.n}).`, '');

  out.push('## Time between requests', '');
  if (a.interArrivalS) {
    const g = a.interArrivalS;
    out.push(
      ...DISTRIBUTION_HEAD,
      distributionRow('gap between consecutive arrivals', g, seconds),
      '',
      `Mean gap ${seconds(g.mean)}, coefficient of variation ${g.cv.toFixed(2)} (1 for Poisson arrivals; above 1 the traffic comes in bursts).`,
      '',
    );
  } else out.push('Only one request: no gaps.', '');

  out.push('## Idle gaps and idle reclaim', '');
  out.push(
    'A request that finds no other in flight is cold when every environment that served earlier requests has been reclaimed. Lambda does not publish how long it keeps an idle environment; the gaps before warm and cold requests bracket it for this function:',
    '',
  );
  const r = a.reclaim;
  out.push(`- longest idle time an environment survived (gap before a warm request, same environment): ${seconds(r.longestSurvivedS)}`);
  out.push(`- shortest idle time before a cold start that followed idleness: ${seconds(r.shortestColdS)}`);
  if (r.coldGaps)
    out.push(
      `- idle time before cold starts after idleness: median ${seconds(r.coldGaps.median)}, p90 ${seconds(r.coldGaps.p90)} (n ${r.coldGaps.n})`,
    );
  if (r.thresholdS !== undefined) {
    out.push(
      `- **estimated idle reclaim: ${seconds(r.thresholdS)}**: the idle time that best separates warm (shorter) from cold (longer) requests; ${percent(r.agreement ?? 0)} of requests after idleness fall on the side it predicts.`,
    );
    const model = modelColdShare(a, r.thresholdS);
    if (model !== undefined)
      out.push(
        `- The traffic model (Poisson arrivals at each hour's rate, one environment, reclaimed after ${seconds(r.thresholdS)}) predicts ${percent(model)} cold requests for this traffic; observed ${percent(a.total.coldStarts / Math.max(1, a.total.invocations))}.`,
      );
  } else
    out.push(
      '- no estimate: the period has no cold start after idleness, or no warm request after one (the reclaim time lies beyond the gaps seen, or below them).',
    );
  out.push('', '| idle gap before the request | requests | cold | cold share |', '|---|---|---|---|');
  for (const b of r.bins)
    out.push(
      `| ${seconds(b.fromS)} – ${Number.isFinite(b.toS) ? seconds(b.toS) : '∞'} | ${count(b.warm + b.cold)} | ${count(b.cold)} | ${percent(b.cold / (b.warm + b.cold))} |`,
    );
  out.push('', `![${OBSERVE_CHARTS.idle.title}](${OBSERVE_CHARTS.idle.file})`, '');

  out.push('## Concurrency', '');
  out.push(
    `Peak ${a.peak.concurrency} requests in flight at once (${utcMinute(a.peak.atMs)}); per day in the table above, per hour in \`hourly.csv\`. ${count(a.environments.count)} environments served the period.` +
      (a.environments.coldWithoutInit > 0
        ? ` ${a.environments.coldWithoutInit} environment(s) that started in the period served their first request without INIT: provisioned concurrency or initialised ahead by Lambda; those requests count as warm.`
        : ''),
    '',
  );

  out.push(
    '## How this was measured',
    '',
    '- Source: the REPORT record Lambda writes at the end of every invocation (text `REPORT RequestId: …` or JSON `platform.report`), read with CloudWatch Logs FilterLogEvents.',
    '- A request is **cold** when its REPORT carries Init Duration (or Restore Duration with SnapStart). Provisioned-concurrency and pre-initialised environments show none: their requests count as warm.',
    '- A request **started** at its REPORT timestamp minus Duration, Init Duration and Restore Duration; REPORT timestamps have millisecond resolution.',
    '- The **environment** is the log stream (`YYYY/MM/DD/[version]instance`): Lambda gives each execution environment its own stream.',
    '- Concurrency counts overlapping [start, end] intervals. Idle time is the gap between the end of the last request and the arrival of the next, taken only when nothing was in flight.',
    '',
  );
  return out.join('\n') + '\n';
}
