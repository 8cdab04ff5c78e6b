import { CANDIDATE_RULE } from '../imports/breakdown.js';
import type { ScenarioImports } from '../imports/model.js';
import { ms, signedMs } from './format.js';
import { importsSection } from './imports-markdown.js';
import type { RunResult } from './model.js';
import { summarize, type MetricId, type VariantSummary } from './summary.js';
import { baselineOf, compareMedians, leaders } from './verdict.js';

const median = (v: VariantSummary, m: MetricId) => v.metrics[m]?.median;

function withCi(v: VariantSummary, m: MetricId): string {
  const d = v.metrics[m];
  if (!d) return '–';
  return d.medianCi ? `${ms(d.median)} [${ms(d.medianCi[0])}–${ms(d.medianCi[1])}]` : ms(d.median);
}

function versus(v: VariantSummary, base: VariantSummary, m: MetricId): string {
  if (v === base) return 'baseline';
  const a = v.metrics[m];
  const b = base.metrics[m];
  if (!a || !b) return '–';
  const c = compareMedians(a, b);
  return `${signedMs(c.diffMs, c.baseMs)}${c.clear ? '' : ` (not clear: ${c.why})`}`;
}

function names(list: VariantSummary[]): string {
  return list.map((v) => `**${v.variant}**`).join(', ');
}

function verdictLines(variants: VariantSummary[], base: VariantSummary): string[] {
  const lines: string[] = [];
  const failing = variants.filter((v) => v.errors.cold + v.errors.warm > 0);
  for (const [metric, what] of [['cold_e2e_ms', 'cold start'], ['warm_e2e_ms', 'warm request']] as const) {
    const lead = leaders(variants, metric);
    if (lead.length === 0) continue;
    if (lead.length === 1) {
      const winner = lead[0]!;
      const others = variants.filter((v) => v !== winner && v.metrics[metric]);
      const runnerUp = others.reduce<VariantSummary | undefined>((a, b) => (!a || median(b, metric)! < median(a, metric)! ? b : a), undefined);
      const gap = runnerUp ? `, ${ms(median(runnerUp, metric)! - median(winner, metric)!)} ahead of **${runnerUp.variant}**` : '';
      lines.push(`Fastest ${what}: ${names(lead)} (median ${ms(median(winner, metric))}${gap}).`);
    } else {
      const tooFew = lead.some((v) => !v.metrics[metric]!.medianCi);
      lines.push(`Fastest ${what}: no clear difference between ${names(lead)}${tooFew ? ' (fewer than 6 samples give no 95 % interval for a median: take more)' : ''}.`);
    }
  }
  for (const v of variants) {
    if (v === base) continue;
    const cold = v.metrics.cold_e2e_ms && base.metrics.cold_e2e_ms ? compareMedians(v.metrics.cold_e2e_ms, base.metrics.cold_e2e_ms) : undefined;
    if (cold?.clear) {
      const pct = Math.round((Math.abs(cold.diffMs) / cold.baseMs) * 100);
      lines.push(`**${v.variant}** vs **${base.variant}**: cold start ${cold.diffMs < 0 ? 'faster' : 'slower'} by ${ms(Math.abs(cold.diffMs))} (${pct} %).`);
    }
  }
  if (failing.length > 0) lines.push(`Failures in ${names(failing)}: their figures cover only the requests that succeeded (see Errors).`);
  return lines;
}

function scenarioSection(title: string, description: string, variants: VariantSummary[], imports: ScenarioImports | undefined): string[] {
  const base = baselineOf(variants);
  if (!base) return [];
  const out = [`## ${title}`, ''];
  if (description) out.push(description, '');
  out.push(
    `| variant | strategy | cold e2e median [95 % CI] | cold e2e p90 | INIT median | first invoke median | warm e2e median | warm e2e p99 | cold vs ${base.variant} | warm vs ${base.variant} | samples cold / warm | errors |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const v of variants) {
    out.push(
      `| ${v.variant} | ${v.strategy} | ${withCi(v, 'cold_e2e_ms')} | ${ms(v.metrics.cold_e2e_ms?.p90)} | ${ms(median(v, 'init_ms'))} | ${ms(median(v, 'first_invoke_ms'))} | ${ms(median(v, 'warm_e2e_ms'))} | ${ms(v.metrics.warm_e2e_ms?.p99)} | ${versus(v, base, 'cold_e2e_ms')} | ${versus(v, base, 'warm_e2e_ms')} | ${v.coldCount} / ${v.warmCount} | ${v.errors.cold + v.errors.warm || ''} |`,
    );
  }
  out.push('', ...verdictLines(variants, base).map((l) => `- ${l}`), '');
  const errors = variants.filter((v) => v.errors.first);
  if (errors.length > 0) {
    out.push('### Errors', '');
    for (const v of errors) {
      const first = v.errors.first!.split('\n').slice(0, 8).join('\n');
      out.push(`**${v.variant}**: ${v.errors.cold} cold and ${v.errors.warm} warm requests failed; the first error:`, '', '```', first, '```', '');
    }
  }
  if (imports) out.push(...importsSection(imports));
  return out;
}

/** report.md: what a person reads, rendered from the run's data alone. */
export function markdownReport(result: RunResult): string {
  const { meta } = result;
  const summaries = summarize(result);
  const interpreters = Object.entries(meta.interpreters).map(([name, i]) => `${name} ${i.version}`).join(', ');
  const out = [
    `# coldbench report: ${meta.runId}`,
    '',
    ...(meta.status !== 'complete' ? [`> **${meta.status === 'partial' ? 'Partial run' : 'Run in progress'}**: the run did not finish; the figures cover the samples taken so far.`, ''] : []),
    '| | |',
    '|---|---|',
    `| target | ${meta.target}${meta.region ? ` (${meta.region})` : ''} |`,
    `| started / ended | ${meta.startedAt} / ${meta.endedAt ?? '–'} |`,
    `| harness | coldbench ${meta.harness.version}${meta.harness.gitCommit ? ` at ${meta.harness.gitCommit.slice(0, 10)}${meta.harness.gitDirty ? ' (uncommitted changes)' : ''}` : ''} |`,
    `| runtimes | ${interpreters || '–'} |`,
    ...Object.entries(meta.interpreters).flatMap(([name, i]) => (i.bytecode ? [`| ${name} bytecode | ${i.bytecode} |`] : [])),
    `| host | ${meta.host.cpu}, ${meta.host.cores} cores, ${meta.host.memoryGb} GB, ${meta.host.os} ${meta.host.release} (${meta.host.arch}) |`,
    `| samples per variant | ${meta.samples.cold} cold, ${meta.samples.warm} warm (after ${meta.samples.warmup} unrecorded warm-up requests per environment) |`,
    `| order | ${meta.order} |`,
    `| page cache | ${meta.pageCache.mode === 'warm' ? 'warm: files stay cached between samples (use --disk-cold to read them from storage)' : `disk-cold: the scenario's and its dependencies' files are evicted before every cold sample (${Object.entries(meta.pageCache.filesPerScenario).map(([s, n]) => `${s}: ${n} files`).join(', ')}; ${meta.pageCache.residentBytesAfterEviction === null ? 'not verified, fincore missing' : `verified: ${meta.pageCache.residentBytesAfterEviction} bytes resident after eviction`})`} |`,
    '',
    ...(meta.skipped?.length ? ['**Skipped scenarios:**', '', ...meta.skipped.map((s) => `- \`${s.scenario}\`: ${s.reason}`), ''] : []),
    'Cold e2e is the time from asking for a new environment to its first response (for `prewarmed`, from sending the first request after the keep-warm ping). INIT is module loading plus the initializer, timed inside the environment; first invoke is the handler alone on that first request. Medians come with a distribution-free 95 % confidence interval; a difference is called clear only when the intervals do not overlap and it is at least 5 %. With fewer than 100 samples, p99 is close to the maximum.',
    '',
  ];
  if (result.imports?.length) out.push(`*Where INIT goes* breaks INIT down per module in one extra, instrumented cold environment per scenario, which is never a sample. ${CANDIDATE_RULE}`, '');
  for (const scenario of meta.scenarios) {
    const variants = summaries.filter((s) => s.scenario === scenario.name);
    if (variants.length === 0) continue;
    const imports = result.imports?.find((i) => i.scenario === scenario.name);
    out.push(...scenarioSection(`${scenario.name} (${scenario.runtime})`, scenario.description, variants, imports));
  }
  return out.join('\n').trimEnd() + '\n';
}
