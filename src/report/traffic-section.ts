import { compareSamples } from '../stats/two-sample.js';
import type { PlanOutcome } from '../traffic/plans.js';
import { PRICE_TABLE } from '../traffic/prices.js';
import { scenarioTraffic } from '../traffic/scenario.js';
import { rateLabel } from '../traffic/settings.js';
import { CHART_KINDS, chartFile, hasTrafficChart } from './charts.js';
import { ms, percent, usd } from './format.js';
import type { RunMeta } from '../core/model.js';
import type { VariantSummary } from '../core/summary.js';
import { baselineOf } from './verdict.js';

function listRates(rates: number[]): string {
  return rates.map(rateLabel).join(', ');
}

/** Below this cold share the p99 of a plan is a warm request's. */
const WARM_REGIME = 0.01;

/**
 * Whether two plans' p99 latencies are indistinguishable: when both p99s are
 * warm requests (cold share under 1 %), when the two variants' warm e2e do not
 * differ significantly; otherwise when they are within 5 % of each other.
 */
export function sameP99(a: PlanOutcome, b: PlanOutcome, variants: readonly VariantSummary[]): boolean {
  if (a.coldShare < WARM_REGIME && b.coldShare < WARM_REGIME) {
    if (a.variant === b.variant) return true;
    const va = variants.find((v) => v.variant === a.variant)?.values.warm_e2e_ms;
    const vb = variants.find((v) => v.variant === b.variant)?.values.warm_e2e_ms;
    const test = va && vb ? compareSamples(va, vb) : undefined;
    return !test?.significant;
  }
  return Math.abs(a.p99Ms - b.p99Ms) <= 0.05 * Math.min(a.p99Ms, b.p99Ms);
}

/** Sentences that answer: where does pre-warming pay, when does lazy beat the baseline at p99, what is best per rate. */
export function trafficConclusions(results: readonly PlanOutcome[], variants: readonly VariantSummary[], baselineName?: string): string[] {
  const lines: string[] = [];
  const rates = [...new Set(results.map((r) => r.ratePerSecond))];
  const base = baselineOf(variants.filter((v) => v.strategy !== 'prewarmed'), baselineName);
  const at = (rate: number, kind: string, variant?: string) => results.find((r) => r.ratePerSecond === rate && r.kind === kind && (variant === undefined || r.variant === variant));
  for (const rate of rates) {
    const here = results.filter((r) => r.ratePerSecond === rate);
    const best = here.reduce((x, y) => (y.p99Ms < x.p99Ms ? y : x));
    const lowestCost = Math.min(...here.map((r) => r.cost.total));
    const cheapest = here.filter((r) => r.cost.total <= lowestCost * 1.005); // within 0.5 %: a tie
    const fastest = here.filter((r) => r === best || sameP99(r, best, variants));
    const p99Text = fastest.length === here.length ? 'p99 alike for every plan' : `lowest p99 ${fastest.map((r) => r.plan).join(' / ')} (${ms(best.p99Ms)})`;
    const cheapText = cheapest.length === here.length ? 'cost alike for every plan' : `cheapest ${cheapest.map((r) => r.plan).join(' / ')}`;
    lines.push(`At ${rateLabel(rate)}: ${p99Text}; ${cheapText} (${usd(lowestCost)} per million).`);
  }
  if (base) {
    const cheaperWarm = rates.filter((rate) => {
      const warm = at(rate, 'keep-warm');
      const own = at(rate, 'on-demand', base.variant);
      return warm && own && warm.cost.total <= own.cost.total;
    });
    const warmPlan = results.find((r) => r.kind === 'keep-warm');
    if (warmPlan) {
      lines.push(
        cheaperWarm.length > 0
          ? `Pre-warming pays for itself in cost, not only in latency, where the INIT it saves outweighs the pings: ${warmPlan.plan} costs no more than **${base.variant}** on demand at ${listRates(cheaperWarm)}.`
          : `Pre-warming never costs less than **${base.variant}** on demand at these rates: its pings cost more than the INIT it saves; it buys latency only.`,
      );
    }
    for (const lazy of variants.filter((v) => v.strategy === 'lazy' && v !== base)) {
      const verdicts = rates.flatMap((rate) => {
        const a = at(rate, 'on-demand', lazy.variant);
        const b = at(rate, 'on-demand', base.variant);
        if (!a || !b) return [];
        return [{ rate, verdict: sameP99(a, b, variants) ? 'alike' : a.p99Ms < b.p99Ms ? 'lower' : 'higher' }];
      });
      const where = (verdict: string) => verdicts.filter((v) => v.verdict === verdict).map((v) => v.rate);
      const parts = [
        where('lower').length ? `lower at ${listRates(where('lower'))}` : '',
        where('alike').length ? `alike at ${listRates(where('alike'))}` : '',
        where('higher').length ? `higher at ${listRates(where('higher'))}` : '',
      ].filter(Boolean);
      if (parts.length > 0) lines.push(`p99 of **${lazy.variant}** against **${base.variant}** on demand: ${parts.join('; ')}.`);
    }
  }
  return lines;
}

/** The traffic model's part of a scenario section in report.md. */
export function trafficSection(meta: RunMeta, scenario: string, variants: VariantSummary[]): string[] {
  const { results, settings, memoryMb, memoryAssumed } = scenarioTraffic(meta, variants);
  if (results.length === 0) return [];
  const overridden = Object.keys(settings.prices ?? {});
  const out = [
    '### Traffic model',
    '',
    `What users would see with Poisson arrivals at each rate, one environment serving them, idle environments reclaimed after ${settings.idleReclaimSeconds} s (an assumption: Lambda does not publish it; set --idle-reclaim), keep-warm pings every ${settings.pingIntervalSeconds} s, ${memoryMb} MB${memoryAssumed ? ' (assumed: a local run has no memory size; set --cost-memory)' : ''}. Cold requests take the measured cold e2e${meta.target === 'local' ? ' (locally: a process start, not Lambda\'s sandbox start)' : ''}, warm ones the warm e2e; INIT is billed on demand (since 2025-08-01). Prices of ${PRICE_TABLE.asOf} from ${PRICE_TABLE.source}${overridden.length ? `, overridden: ${overridden.join(', ')}` : ''}. See coldbench's docs/reading-reports.md, "Traffic model", for the model.`,
    '',
    '| rate | plan | cold requests | p50 | p99 | cost per 1M requests | of which pings / provisioned |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const extra = r.kind === 'keep-warm' ? usd(r.cost.pings) : r.kind === 'provisioned' ? usd(r.cost.provisioned) : '–';
    out.push(`| ${rateLabel(r.ratePerSecond)} | ${r.plan} | ${percent(r.coldShare)} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)}${r.beyondModel ? ' ‡' : ''} | ${usd(r.cost.total)} | ${extra} |`);
  }
  out.push('');
  if (results.some((r) => r.beyondModel)) out.push('‡ requests overlap at this rate (rate × latency > 0.1): one environment is not enough, so the model underestimates cold starts there.', '');
  out.push(...trafficConclusions(results, variants, meta.baseline).map((l) => `- ${l}`), '');
  if (hasTrafficChart(settings.ratesPerSecond)) out.push(`![${CHART_KINDS.traffic}](${chartFile(scenario, 'traffic')})`, '');
  return out;
}
