import { CANDIDATE_RULE } from '../imports/breakdown.js';
import { preStarted } from '../core/strategies.js';
import type { ScenarioImports } from '../imports/model.js';
import { ALPHA } from '../stats/two-sample.js';
import { CHART_KINDS, chartFile, distributionCharts } from './charts.js';
import { codeBlock, escapeCell, interval, ms, pValue, resolutionText, signed } from './format.js';
import { memorySweeps, memorySweepSection } from './memory-sweep.js';
import { memorySweepChartFile } from './charts.js';
import { derivedSection } from './derived-markdown.js';
import { backgroundSection } from './background-note.js';
import { importsSection } from './imports-markdown.js';
import type { ObservedTraffic } from '../core/observed.js';
import type { RunMeta, RunResult, SampleRow } from '../core/model.js';
import { QUANTILE_SUPPORT, qualityNotes } from './quality.js';
import { summarize, type MetricId, type VariantSummary } from '../core/summary.js';
import { trafficSection } from './traffic-section.js';
import { DEFAULT_RESOLUTION_SOURCE, resolutionOf } from '../stats/resolution.js';
import { baselineOf, leaders, PRE_STARTED, scenarioJudgements, type Judgement, type ScenarioJudgements } from './verdict.js';

const median = (v: VariantSummary, m: MetricId) => v.metrics[m]?.median;

/** § beside a prewarmed variant's cold figures: what they measure. */
const PRE_STARTED_MARK = ' §';

function withCi(v: VariantSummary, m: MetricId): string {
  const d = v.metrics[m];
  if (!d) return '–';
  const mark = preStarted(v.strategy) && m === 'cold_e2e_ms' ? PRE_STARTED_MARK : '';
  return d.medianCi ? `${ms(d.median)} ${interval(d.medianCi)}${mark}` : `${ms(d.median)}${mark}`;
}

/** A tail quantile, marked † when the sample count is too small for its 95 % interval. */
function tail(v: VariantSummary, m: MetricId, q: 'p90' | 'p99'): string {
  const d = v.metrics[m];
  if (!d) return '–';
  const supported = q === 'p90' ? d.p90Ci : d.p99Ci;
  return `${ms(d[q])}${supported ? '' : ' †'}`;
}

function names(list: readonly VariantSummary[]): string {
  return list.map((v) => `**${v.variant}**`).join(', ');
}

/** The resolution in microseconds, as the rule is stated: `±186 µs`. */

function verdictWord(j: Judgement, resolutionMs: number): string {
  const word =
    j.verdict === 'equivalent'
      ? `equivalent within the instrument's resolution (${resolutionText(resolutionMs)})`
      : j.verdict === 'no-difference'
        ? 'no significant difference'
        : j.verdict;
  return j.disagreement ? `${word}; ${j.disagreement}` : word;
}

function pCell(j: Judgement): string {
  return j.family > 1 ? `${pValue(j.comparison.pValue)} (${pValue(j.pHolm)})` : pValue(j.comparison.pValue);
}

function comparisonTable(judged: ScenarioJudgements, base: VariantSummary, resolutionMs: number): string[] {
  const rows = judged.rows.map(({ variant: v, label, judgement: j }) => {
    const c = j.comparison;
    const ratio = c.baseMedian !== 0 ? c.diffMedian / c.baseMedian : 0;
    const pct =
      c.baseMedian === 0
        ? ''
        : Math.abs(ratio) >= 10
          ? ` (×${Math.round(1 + ratio)})`
          : ` (${c.diffMedian >= 0 ? '+' : '−'}${Math.abs(Math.round(ratio * 100))} %)`;
    return `| ${v.variant} | ${label} | ${signed(c.diffMedian)}${pct} ${interval(c.diffCi, true)} | ${pCell(j)} | ${c.effect < 0 ? '−' : ''}${Math.abs(c.effect).toFixed(2)} (${c.effectLabel}) | ${verdictWord(j, resolutionMs)} |`;
  });
  if (rows.length === 0) return [];
  return [
    `Against the baseline **${base.variant}**: difference of medians with its 95 % bootstrap interval, Mann–Whitney U p-value${judged.family > 1 ? ` (in brackets: adjusted by Holm's method over the ${judged.family} comparisons of this table, which the verdicts use)` : ''}, Cliff's δ (negative: the variant tends to be faster). A difference whose interval lies within ${resolutionText(resolutionMs)} is equivalent within the instrument's resolution, whatever its p-value.`,
    '',
    `| variant | metric | difference [95 % CI] | p${judged.family > 1 ? ' (Holm)' : ''} | effect δ | verdict |`,
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

function fastestLine(variants: VariantSummary[], metric: MetricId, what: string, resolutionMs: number): string | undefined {
  const lead = leaders(variants, metric, resolutionMs);
  if (lead.variants.length === 0) return undefined;
  const holm = lead.family > 1 ? `Holm-corrected over the ${lead.family} comparisons with the lowest median` : '';
  if (lead.variants.length === 1) {
    const winner = lead.variants[0]!;
    const others = variants.filter((v) => v !== winner && v.metrics[metric]);
    const runnerUp = others.reduce<VariantSummary | undefined>(
      (a, b) => (!a || median(b, metric)! < median(a, metric)! ? b : a),
      undefined,
    );
    const gap = runnerUp ? `, ${ms(median(runnerUp, metric)! - median(winner, metric)!)} ahead of **${runnerUp.variant}**` : '';
    return `Fastest ${what}: ${names(lead.variants)} (median ${ms(median(winner, metric))}${gap}${holm ? `; ${holm}` : ''}).`;
  }
  const tooFew = lead.variants.some((v) => (v.values[metric]?.length ?? 0) < 3);
  const equivalent =
    lead.equivalent.length > 0
      ? `; ${names(lead.equivalent)} equivalent to the lowest within the instrument's resolution (${resolutionText(resolutionMs)})`
      : '';
  return `Fastest ${what}: no significant difference between ${names(lead.variants)}${holm ? ` (${holm})` : ''}${equivalent}${tooFew ? ' (fewer than 3 samples allow no test: take more)' : ''}.`;
}

function verdictLines(variants: VariantSummary[], base: VariantSummary, judged: ScenarioJudgements, resolutionMs: number): string[] {
  const lines: string[] = [];
  const failing = variants.filter((v) => v.errors.cold + v.errors.warm > 0);
  // A prewarmed variant's cold row is a request to an environment started before it: it does not compete for the fastest cold start.
  const starting = variants.filter((v) => !preStarted(v.strategy));
  const cold = fastestLine(starting, 'cold_e2e_ms', 'cold start', resolutionMs);
  if (cold) lines.push(cold);
  const warm = fastestLine(variants, 'warm_e2e_ms', 'warm request', resolutionMs);
  if (warm) lines.push(warm);
  for (const v of variants) {
    if (v === base) continue;
    const j = judged.get(v, 'cold_e2e_ms');
    if (!j) continue;
    const c = j.comparison;
    // A prewarmed variant's cold row is a request to an environment started before it: said so, and set against the baseline's cold start.
    const isPreStarted = preStarted(v.strategy);
    const subject = isPreStarted ? `its ${PRE_STARTED} (INIT ran before it)` : 'cold start';
    const against = isPreStarted ? ` than **${base.variant}**'s cold start` : '';
    const p = j.family > 1 ? `p ${pValue(c.pValue)}, Holm-adjusted ${pValue(j.pHolm)}` : `p ${pValue(c.pValue)}`;
    let line: string;
    if (j.verdict === 'faster' || j.verdict === 'slower') {
      const pct = Math.round((Math.abs(c.diffMedian) / c.baseMedian) * 100);
      line = `**${v.variant}** vs **${base.variant}**: ${subject} ${j.verdict}${against} by ${ms(Math.abs(c.diffMedian))} (${pct} %, 95 % CI ${interval(c.diffCi, true)}, ${p})`;
    } else if (j.verdict === 'equivalent') {
      line = `**${v.variant}** vs **${base.variant}**: ${subject} equivalent${isPreStarted ? ` to **${base.variant}**'s cold start` : ''} within the instrument's resolution (${resolutionText(resolutionMs)}; 95 % CI ${interval(c.diffCi, true)})`;
    } else {
      line = `**${v.variant}** vs **${base.variant}**: no significant difference between ${isPreStarted ? `${subject} and **${base.variant}**'s cold start` : 'their cold starts'} (${p})`;
    }
    lines.push(`${line}${j.disagreement ? `; ${j.disagreement}` : ''}.`);
  }
  if (failing.length > 0) lines.push(`Failures in ${names(failing)}: their figures cover only the requests that succeeded (see Errors).`);
  return lines;
}

function scenarioSection(
  meta: RunMeta,
  scenario: RunMeta['scenarios'][number],
  variants: VariantSummary[],
  imports: ScenarioImports | undefined,
  rows: readonly SampleRow[],
  observed?: ObservedTraffic,
): string[] {
  const base = baselineOf(variants, meta.baseline);
  if (!base) return [];
  const resolutionMs = resolutionOf(meta).ms;
  const judged = scenarioJudgements(variants, base, resolutionMs);
  const out = [`## ${scenario.name} (${scenario.runtime})`, ''];
  if (scenario.description) out.push(scenario.description, '');
  if (meta.baseline && base.variant !== meta.baseline)
    out.push(`> This scenario has no variant named \`${meta.baseline}\`: **${base.variant}** is its baseline.`, '');
  const stop = meta.sampling?.mode === 'auto' ? meta.sampling.scenarios[scenario.name] : undefined;
  if (stop && meta.sampling?.mode === 'auto') {
    const why =
      stop.stoppedBy === 'target'
        ? `every variant's cold e2e median was known within ±${meta.sampling.targetPct} %`
        : stop.stoppedBy === 'cap'
          ? `the cap of ${meta.sampling.maxRounds} rounds was reached before every variant's cold e2e median was known within ±${meta.sampling.targetPct} %`
          : stop.stoppedBy === 'no-data'
            ? 'no variant produced a successful cold sample'
            : 'the run was interrupted';
    const width = stop.halfWidthPct === null ? '' : ` (widest half-width then: ${stop.halfWidthPct.toFixed(1)} %)`;
    out.push(
      `Adaptive sampling took ${stop.rounds} rounds: stopped because ${why}${width}. The stop depended on the data, so the intervals and p-values below were computed after a data-dependent stop: their 95 % coverage and 5 % error rate are nominal, not exact (stopping when an interval is narrow favours samples that happened to agree). Treat borderline results as provisional, or repeat with a fixed --cold N.`,
      '',
    );
  }
  out.push(
    `| variant | strategy | cold e2e median [95 % CI] | cold e2e p90 | cold e2e p99 | INIT median | first invoke median | warm e2e median [95 % CI] | warm e2e p99 | samples cold / warm | errors |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const v of variants) {
    out.push(
      `| ${v.variant}${v === base ? ' (baseline)' : ''} | ${v.strategy} | ${withCi(v, 'cold_e2e_ms')} | ${tail(v, 'cold_e2e_ms', 'p90')} | ${tail(v, 'cold_e2e_ms', 'p99')} | ${ms(median(v, 'init_ms'))} | ${ms(median(v, 'first_invoke_ms'))} | ${withCi(v, 'warm_e2e_ms')} | ${tail(v, 'warm_e2e_ms', 'p99')} | ${v.coldCount} / ${v.warmCount} | ${v.errors.cold + v.errors.warm || ''} |`,
    );
  }
  out.push(
    '',
    `† fewer samples than a distribution-free 95 % interval of that quantile needs (p90: ${QUANTILE_SUPPORT.p90}, p99: ${QUANTILE_SUPPORT.p99}): an estimate near the largest values seen, not a measured tail.`,
    '',
  );
  if (variants.some((v) => preStarted(v.strategy))) {
    out.push(
      `§ ${PRE_STARTED}: the environment was started and pinged before this request, so its INIT is not in the figure; it is not a cold start.`,
      '',
    );
  }
  out.push(...comparisonTable(judged, base, resolutionMs));
  out.push(...verdictLines(variants, base, judged, resolutionMs).map((l) => `- ${l}`), '');
  const notes = qualityNotes(variants);
  if (notes.length > 0) out.push('Data quality:', '', ...notes.map((n) => `- ${n}`), '');
  out.push(...backgroundSection(rows));
  const charts = distributionCharts(variants);
  for (const kind of charts) out.push(`![${CHART_KINDS[kind]}](${chartFile(scenario.name, kind)})`, '');
  out.push(...trafficSection(meta, scenario.name, variants, observed));
  const errors = variants.filter((v) => v.errors.first);
  if (errors.length > 0) {
    out.push('### Errors', '');
    for (const v of errors) {
      const first = v.errors.first!.split('\n').slice(0, 8).join('\n');
      out.push(
        `**${v.variant}**: ${v.errors.cold} cold and ${v.errors.warm} warm requests failed; the first error:`,
        '',
        ...codeBlock(first),
        '',
      );
    }
  }
  if (imports) out.push(...importsSection(imports));
  const derived = meta.derived?.find((d) => d.scenario === scenario.name);
  if (derived) out.push(...derivedSection(derived, variants, imports));
  return out;
}

function resolutionLine(meta: RunMeta): string {
  const r = resolutionOf(meta);
  const where = r.measured ? 'measured for this run' : `default: ${DEFAULT_RESOLUTION_SOURCE}`;
  return `${resolutionText(r.ms)} (${where}): a difference whose 95 % interval lies within it is reported as equivalent, not as faster or slower`;
}

function samplingLine(meta: RunMeta): string {
  if (meta.sampling?.mode === 'auto') {
    const s = meta.sampling;
    return `cold: adaptive (--cold auto), rounds until every variant's cold e2e median is known within ±${s.targetPct} % (95 % CI), at least ${s.minRounds} and at most ${s.maxRounds}; ${meta.samples.warm} warm`;
  }
  return `${meta.samples.cold} cold, ${meta.samples.warm} warm`;
}

/** report.md: what a person reads, rendered from the run's data alone. */
export function markdownReport(result: RunResult): string {
  const { meta } = result;
  const summaries = summarize(result);
  const interpreters = Object.entries(meta.interpreters)
    .map(([name, i]) => `${name} ${i.version}`)
    .join(', ');
  const out = [
    `# coldbench report: ${meta.runId}`,
    '',
    ...(meta.status !== 'complete'
      ? [
          `> **${meta.status === 'partial' ? 'Partial run' : 'Run in progress'}**: the run did not finish; the figures cover the samples taken so far.`,
          '',
        ]
      : []),
    '| | |',
    '|---|---|',
    `| target | ${meta.target}${meta.region ? ` (${meta.region})` : ''} |`,
    `| started / ended | ${meta.startedAt} / ${meta.endedAt ?? '–'} |`,
    ...(meta.rerendered
      ? [
          `| rendered again | by \`npm run report\` (${meta.rerendered.by}) at ${meta.rerendered.at}, from this folder's samples.csv and run.json |`,
        ]
      : []),
    `| harness | coldbench ${meta.harness.version}${meta.harness.gitCommit ? ` at ${meta.harness.gitCommit.slice(0, 10)}${meta.harness.gitDirty ? ' (uncommitted changes)' : ''}` : ''} |`,
    `| runtimes | ${interpreters || '–'} |`,
    ...Object.entries(meta.interpreters).flatMap(([name, i]) => (i.bytecode ? [`| ${name} bytecode | ${i.bytecode} |`] : [])),
    `| host | ${meta.host.cpu}, ${meta.host.cores} cores, ${meta.host.memoryGb} GB, ${meta.host.os} ${meta.host.release} (${meta.host.arch}) |`,
    `| samples per variant | ${samplingLine(meta)} (after ${meta.samples.warmup} unrecorded warm-up requests per environment) |`,
    `| baseline | ${meta.baseline ?? 'preload'} |`,
    `| instrument resolution | ${resolutionLine(meta)} |`,
    `| order | ${meta.order} |`,
    ...(meta.isolation ? [`| environments | ${meta.isolation.map(escapeCell).join('<br>')} |`] : []),
    ...(meta.target === 'local'
      ? [
          `| page cache | ${
            meta.pageCache.mode === 'warm'
              ? 'warm: files stay cached between samples (use --disk-cold to read them from storage)'
              : `disk-cold: the scenario's and its dependencies' files are evicted before every cold sample (${Object.entries(
                  meta.pageCache.filesPerScenario,
                )
                  .map(([s, n]) => `${s}: ${n} files`)
                  .join(
                    ', ',
                  )}; ${meta.pageCache.residentBytesAfterEviction === null ? 'not verified, fincore missing' : `verified on the scenario folders: ${meta.pageCache.residentBytesAfterEviction} bytes resident after eviction`})`
          } |`,
        ]
      : []),
    '',
    ...(meta.skipped?.length ? ['**Skipped scenarios:**', '', ...meta.skipped.map((s) => `- \`${s.scenario}\`: ${s.reason}`), ''] : []),
    `${meta.target === 'aws' ? "Cold e2e is the client's time for the Invoke that followed a configuration change (a fresh execution environment; for `prewarmed`, the Invoke after the keep-warm ping). INIT, first invoke, billed duration and memory come from the REPORT line of that Invoke." : 'Cold e2e is the time from asking for a new environment to its first response (for `prewarmed`, from sending the first request after the keep-warm ping). INIT is module loading plus the initializer, timed inside the environment; first invoke is the handler alone on that first request.'} Medians come with a distribution-free 95 % confidence interval (order statistics). Each variant is compared with the baseline by the difference of medians with a 95 % bootstrap interval (2000 resamples, fixed seed: the same data give the same report) and a two-sided Mann–Whitney U test; a difference is called significant when its p-value, adjusted by Holm's method over the comparisons of the scenario's table, is below ${ALPHA} and its interval excludes zero (the family-wise error rate of a scenario's verdicts is then at most 5 %); a difference whose interval lies within the instrument's resolution is called equivalent instead; otherwise the report says "no significant difference", and says so when the effect size and the test disagree. Tail figures (p90, p99) are marked † where the samples are too few for a 95 % interval of that quantile. docs/reports.md explains each figure.`,
    '',
  ];
  if (result.imports?.length)
    out.push(
      `*Where INIT goes* breaks INIT down per module in one extra, instrumented cold environment per scenario, which is never a sample. ${CANDIDATE_RULE}`,
      '',
    );
  for (const scenario of meta.scenarios) {
    const variants = summaries.filter((s) => s.scenario === scenario.name);
    if (variants.length === 0) continue;
    const imports = result.imports?.find((i) => i.scenario === scenario.name);
    const rows = result.samples.filter((r) => r.scenario === scenario.name);
    out.push(...scenarioSection(meta, scenario, variants, imports, rows, result.observed));
  }
  for (const sweep of memorySweeps(summaries))
    out.push(...memorySweepSection(sweep, resolutionOf(meta).ms, memorySweepChartFile(sweep.scenario)));
  return out.join('\n').trimEnd() + '\n';
}
