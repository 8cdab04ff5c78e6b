import { ESTIMATED_PING_BILLED_MS, type PlanOutcome } from '../traffic/plans.js';
import { INIT_BILLING_SOURCE, PRICE_TABLE } from '../traffic/prices.js';
import { scenarioTraffic } from '../traffic/scenario.js';
import { DEFAULT_SIMULATED_REQUESTS, rateLabel } from '../traffic/settings.js';
import { CHART_KINDS, chartFile, hasTrafficChart } from './charts.js';
import { ms, percent, usd } from './format.js';
import type { RunMeta } from '../core/model.js';
import type { ObservedTraffic } from '../core/observed.js';
import { strategyOf } from '../core/strategies.js';
import { whatIfObserved } from '../traffic/observed.js';
import { whatIfMarkdown } from './observed-section.js';
import type { VariantSummary } from '../core/summary.js';
import { baselineOf, PRE_STARTED } from './verdict.js';

function listRates(rates: number[]): string {
  return rates.map(rateLabel).join(', ');
}

/** How two plans' p99s compare: a lies lower or higher when the 95 % intervals of the two tails do not overlap, alike when they do; untested when either rests on too few samples (†). */
export type TailComparison = 'lower' | 'higher' | 'alike' | 'untested';

/**
 * A test of the tail, not of the median: each p99 has a distribution-free
 * 95 % interval from the measured samples it rests on; two p99s differ when
 * their intervals do not overlap (conservative: the error rate of this rule is
 * well below 5 %). Two plans of the same variant whose p99 both fall on its
 * warm requests are the same tail.
 */
export function compareP99(a: PlanOutcome, b: PlanOutcome): TailComparison {
  const deployed = (r: PlanOutcome) => r.plan.split(', ')[0]; // the variant at its memory size
  if (deployed(a) === deployed(b) && a.p99.restsOn === 'warm' && b.p99.restsOn === 'warm') return 'alike';
  const x = a.p99.ci;
  const y = b.p99.ci;
  if (!x || !y) return 'untested';
  if (x[1] < y[0]) return 'lower';
  if (y[1] < x[0]) return 'higher';
  return 'alike';
}

const dagger = (r: PlanOutcome) => (r.p99.ci ? '' : ' †');

/** Sentences that answer: where does pre-warming pay, when does lazy beat the baseline at p99, what is best per rate. */
export function trafficConclusions(results: readonly PlanOutcome[], variants: readonly VariantSummary[], baselineName?: string): string[] {
  const lines: string[] = [];
  const rates = [...new Set(results.map((r) => r.ratePerSecond))];
  const base = baselineOf(
    variants.filter((v) => !strategyOf(v.strategy).keptWarmByPings),
    baselineName,
  );
  const at = (rate: number, kind: string, variant?: string) =>
    results.find((r) => r.ratePerSecond === rate && r.kind === kind && (variant === undefined || r.variant === variant));
  for (const rate of rates) {
    const here = results.filter((r) => r.ratePerSecond === rate);
    const best = here.reduce((x, y) => (y.p99.valueMs < x.p99.valueMs ? y : x));
    const lowestCost = Math.min(...here.map((r) => r.cost.total));
    const cheapest = here.filter((r) => r.cost.total <= lowestCost * 1.005); // within 0.5 %: a tie
    const cheapText = cheapest.length === here.length ? 'cost alike for every plan' : `cheapest ${cheapest.map((r) => r.plan).join(' / ')}`;
    let p99Text: string;
    if (!best.p99.ci) {
      p99Text = `lowest p99 ${best.plan} (${ms(best.p99.valueMs)} †), but it rests on too few samples to tell the plans apart at the tail`;
    } else {
      const fastest = here.filter((r) => r === best || compareP99(r, best) === 'alike');
      const untested = here.filter((r) => compareP99(r, best) === 'untested');
      p99Text =
        fastest.length === here.length
          ? 'p99 alike for every plan (their 95 % intervals overlap)'
          : `lowest p99 ${fastest.map((r) => r.plan).join(' / ')} (${ms(best.p99.valueMs)})${untested.length > 0 ? `; not comparable at the tail (†, too few samples): ${untested.map((r) => r.plan).join(' / ')}` : ''}`;
    }
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
        return [{ rate, verdict: compareP99(a, b) }];
      });
      const where = (verdict: TailComparison) => verdicts.filter((v) => v.verdict === verdict).map((v) => v.rate);
      const parts = [
        where('lower').length ? `lower at ${listRates(where('lower'))}` : '',
        where('alike').length ? `alike at ${listRates(where('alike'))}` : '',
        where('higher').length ? `higher at ${listRates(where('higher'))}` : '',
        where('untested').length
          ? `not comparable at ${listRates(where('untested'))} (†: too few samples for an interval of the tail)`
          : '',
      ].filter(Boolean);
      if (parts.length > 0) lines.push(`p99 of **${lazy.variant}** against **${base.variant}** on demand: ${parts.join('; ')}.`);
    }
  }
  return lines;
}

/** The cold-requests cell: the share, and for provisioned concurrency the share that spilled over to on-demand environments. */
function coldCell(r: PlanOutcome): string {
  return r.kind === 'provisioned' ? `${percent(r.coldShare)} (spill-over ${percent(r.spillShare)})` : percent(r.coldShare);
}

/** The traffic model's part of a scenario section in report.md. */
export function trafficSection(meta: RunMeta, scenario: string, variants: VariantSummary[], observed?: ObservedTraffic): string[] {
  const { results, settings, memoryMb, memoryAssumed } = scenarioTraffic(meta, variants);
  if (results.length === 0) return [];
  const overridden = Object.keys(settings.prices ?? {});
  const requests = settings.simulatedRequests ?? DEFAULT_SIMULATED_REQUESTS;
  const hasPrewarmed = results.some((r) => r.kind !== 'on-demand');
  const out = [
    '### Traffic model',
    '',
    `What users would see with Poisson arrivals at each rate, simulated (${requests.toLocaleString('en-US')} requests per plan and rate after a warm-up of one idle-reclaim time, seed 1): every request needs an environment of its own while it runs, so requests that overlap start more environments; a request goes to the most recently used idle environment, else a new one starts (a cold start); environments idle longer than ${settings.idleReclaimSeconds} s are reclaimed (an assumption: Lambda does not publish it; set --idle-reclaim); ${memoryMb} MB${memoryAssumed ? ' (assumed: a local run has no memory size; set --cost-memory)' : ''}. Cold requests take the measured cold e2e${meta.target === 'local' ? ' (locally: an environment started on this machine, not on Lambda)' : ''}, warm ones the warm e2e, each drawn from the measured samples.${hasPrewarmed ? ` Keep-warm pings every ${settings.pingIntervalSeconds} s occupy an environment like a request (for the warm round trip without the handler), and are billed ${settings.pingBilledMs !== undefined ? `${settings.pingBilledMs} ms each, as measured` : `${ESTIMATED_PING_BILLED_MS} ms each (estimated: the wrapper answers a ping without calling the handler, in microseconds, and Lambda bills at least 1 ms)`}; provisioned ×1 serves requests on one provisioned environment and sends the overflow to on-demand environments (the spill-over, cold when no on-demand environment is warm). A prewarmed variant's real cold start (when no started environment is free) is estimated as its ${PRE_STARTED} plus its INIT plus the baseline's start overhead.` : ''} INIT is billed for on-demand environments (since 2025-08-01, ${INIT_BILLING_SOURCE}), not per request for provisioned ones, which pay for their configured time. Prices of ${PRICE_TABLE.asOf} from ${PRICE_TABLE.source}${overridden.length ? `, overridden: ${overridden.join(', ')}` : ''}. Tail claims compare each plan's distribution-free 95 % interval of p99 from the samples it rests on (non-overlapping: different); they are per pair of plans, not corrected for the number of plans. See coldbench's docs/reports.md.`,
    '',
    '| rate | plan | cold requests | environments at once (max) | p50 | p99 | cost per 1M requests | of which pings / provisioned |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const extra = r.kind === 'keep-warm' ? usd(r.cost.pings) : r.kind === 'provisioned' ? usd(r.cost.provisioned) : '–';
    out.push(
      `| ${rateLabel(r.ratePerSecond)} | ${r.plan} | ${coldCell(r)} | ${r.maxBusy} | ${ms(r.p50Ms)} | ${ms(r.p99.valueMs)}${dagger(r)} | ${usd(r.cost.total)} | ${extra} |`,
    );
  }
  out.push('');
  if (results.some((r) => !r.p99.ci)) {
    out.push(
      '† the p99 falls on requests whose measured samples are too few for a distribution-free 95 % interval of the quantile it needs (at a cold share c, the p99 of cold requests is their (1 − 0.01/c) quantile): an estimate near the largest values measured, not a measured tail.',
      '',
    );
  }
  out.push(...trafficConclusions(results, variants, meta.baseline).map((l) => `- ${l}`), '');
  if (hasTrafficChart(settings.ratesPerSecond)) out.push(`![${CHART_KINDS.traffic}](${chartFile(scenario, 'traffic')})`, '');
  if (observed)
    out.push(
      ...whatIfMarkdown(
        whatIfObserved(
          variants,
          observed,
          settings,
          baselineOf(
            variants.filter((v) => !strategyOf(v.strategy).keptWarmByPings),
            meta.baseline,
          ),
        ),
      ),
    );
  return out;
}
