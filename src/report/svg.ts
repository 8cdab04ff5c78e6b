import { CHART_KINDS, chartFile, distributionCharts, hasTrafficChart, memorySweepChartFile, type DistributionKind } from './charts.js';
import { memorySweeps, type MemorySweep } from './memory-sweep.js';
import { preStarted } from '../core/strategies.js';
import type { RunMeta, RunResult } from '../core/model.js';
import { summarize, type MetricId, type VariantSummary } from '../core/summary.js';
import { distributionChart } from './svg/distribution.js';
import { stackedChart } from './svg/stacked.js';
import { PRICE_TABLE } from '../traffic/prices.js';
import { scenarioTraffic } from '../traffic/scenario.js';
import { rateLabel } from '../traffic/settings.js';
import { ms, usd } from './format.js';
import { lineChart, type Panel } from './svg/lines.js';
import { PRE_STARTED } from './verdict.js';

export interface SvgFile {
  file: string;
  svg: string;
}

function phasesRows(variants: readonly VariantSummary[]) {
  return variants
    .filter((v) => v.metrics.cold_e2e_ms)
    .map((v) => {
      const e2e = v.metrics.cold_e2e_ms!.median;
      const init = v.metrics.init_ms?.median ?? 0;
      const invoke = v.metrics.first_invoke_ms?.median ?? 0;
      const offPath = preStarted(v.strategy);
      return {
        label: v.variant,
        segments: [
          { name: 'INIT (load + initializer)', value: init, faded: offPath },
          { name: 'first invoke (handler)', value: invoke },
          { name: 'other (start, transport)', value: Math.max(0, e2e - invoke - (offPath ? 0 : init)) },
        ],
        ...(offPath ? { note: '(INIT paid before the request)' } : {}),
      };
    });
}

function chart(kind: DistributionKind, scenario: string, variants: readonly VariantSummary[]): string {
  const title = `${scenario}: ${CHART_KINDS[kind].split(':')[0]}`;
  switch (kind) {
    case 'cold': {
      const anyPreStarted = variants.some((v) => preStarted(v.strategy));
      const subtitle = `every cold sample per variant; box: interquartile range, bold line: median${anyPreStarted ? `; prewarmed: ${PRE_STARTED}, not a cold start` : ''}`;
      return distributionChart(
        title,
        subtitle,
        variants.map((v) => ({
          label: preStarted(v.strategy) ? `${v.variant} (pre-started)` : v.variant,
          values: v.values.cold_e2e_ms ?? [],
        })),
      );
    }
    case 'warm':
      return distributionChart(
        title,
        'every warm sample per variant; box: interquartile range, bold line: median',
        variants.map((v) => ({ label: v.variant, values: v.values.warm_e2e_ms ?? [] })),
      );
    case 'phases':
      return stackedChart(title, 'medians of the cold samples: where the dependency cost lands', phasesRows(variants));
  }
}

/** The traffic chart of a scenario: p99 and cost per million across rates, a line per plan; undefined when there is nothing to draw. */
function trafficChart(meta: RunMeta, scenario: string, variants: readonly VariantSummary[]): string | undefined {
  const { results, settings, memoryMb } = scenarioTraffic(meta, variants);
  if (results.length === 0 || !hasTrafficChart(settings.ratesPerSecond)) return undefined;
  const plans = [...new Set(results.map((r) => r.plan))];
  const series = (pick: (r: (typeof results)[number]) => number, tail = false) =>
    plans.map((plan) => {
      const of = results.filter((r) => r.plan === plan);
      return {
        name: plan,
        dashed: !plan.endsWith('on demand'),
        points: of.map((r) => [r.ratePerSecond, pick(r)] as const),
        // † in the report: a p99 that rests on too few samples is drawn hollow.
        ...(tail ? { hollow: of.map((r) => !r.p99.ci) } : {}),
      };
    });
  return lineChart(
    `${scenario}: traffic model`,
    `simulated; idle reclaim ${settings.idleReclaimSeconds} s, pings every ${settings.pingIntervalSeconds} s, ${memoryMb} MB, prices of ${PRICE_TABLE.asOf}; hollow: p99 on too few samples (†)`,
    'arrival rate',
    rateLabel,
    [
      { title: 'p99 request latency', format: ms, series: series((r) => r.p99.valueMs, true) },
      { title: 'cost per million requests (USD)', format: usd, series: series((r) => r.cost.total) },
    ],
  );
}

/** The charts of a run, one SVG document per scenario and kind, named as report.md links them. */
export function svgCharts(result: RunResult): SvgFile[] {
  const summaries = summarize(result);
  const files: SvgFile[] = [];
  for (const scenario of result.meta.scenarios) {
    const variants = summaries.filter((s) => s.scenario === scenario.name);
    if (variants.length === 0) continue;
    for (const kind of distributionCharts(variants))
      files.push({ file: chartFile(scenario.name, kind), svg: chart(kind, scenario.name, variants) });
    const traffic = trafficChart(result.meta, scenario.name, variants);
    if (traffic) files.push({ file: chartFile(scenario.name, 'traffic'), svg: traffic });
  }
  for (const sweep of memorySweeps(summaries)) files.push({ file: memorySweepChartFile(sweep.scenario), svg: memorySweepChart(sweep) });
  return files;
}

/** Cold e2e, INIT and first invoke medians of every variant across memory sizes: one panel each, one line per variant. */
function memorySweepChart(sweep: MemorySweep): string {
  const panel = (metric: MetricId, title: string): Panel => ({
    title,
    format: ms,
    series: sweep.variants
      .map((variant) => ({
        name: variant,
        dashed: preStarted(sweep.at(variant, sweep.memorySizes[0]!)?.strategy ?? 'preload'),
        points: sweep.memorySizes.flatMap((m) => {
          const d = sweep.at(variant, m)?.metrics[metric];
          return d && d.median > 0 ? [[m, d.median] as const] : [];
        }),
      }))
      .filter((s) => s.points.length > 0),
  });
  return lineChart(
    `${sweep.scenario}: across memory sizes`,
    'medians; below 1,769 MB the handler gets memory/1769 of a CPU, INIT up to 2 CPUs; dashed: first request to a pre-started environment',
    'memory size (MB)',
    (v) => `${v}`,
    [panel('cold_e2e_ms', 'cold e2e'), panel('init_ms', 'INIT'), panel('first_invoke_ms', 'first invoke')],
  );
}
