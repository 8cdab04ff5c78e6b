import { interval, ms, pValue, signed } from '../report/format.js';
import { metricLabel } from '../report/verdict.js';
import type { RunComparison } from './compare.js';

const FLAG = {
  regression: '🔴 regression',
  improvement: '🟢 improvement',
  unchanged: 'unchanged',
  equivalent: 'unchanged',
  untested: 'too few samples',
} as const;

/** The status cell: an `equivalent` change says it lies within the instrument's resolution. */
function flag(status: keyof typeof FLAG, resolutionMs: number): string {
  return status === 'equivalent'
    ? `unchanged: within the instrument's resolution (±${Number((resolutionMs * 1000).toPrecision(3))} µs)`
    : FLAG[status];
}

/** The comparison of two runs as markdown: environment differences, then per scenario a table of changes. */
export function comparisonMarkdown(c: RunComparison): string {
  const regressions = c.changes.filter((x) => x.status === 'regression');
  const improvements = c.changes.filter((x) => x.status === 'improvement');
  const out = [
    `# coldbench comparison: ${c.before.runId} → ${c.after.runId}`,
    '',
    `Each metric of the later run against the earlier: change of the median with its 95 % bootstrap interval and a Mann–Whitney U test. A change is flagged when it is significant (p < 0.05, interval excluding zero), its interval is not within the instrument's resolution, and the median moved by at least ${c.thresholdPct} % (--threshold). The p-values are per metric, not corrected for the ${c.changes.length} comparisons: among that many unchanged metrics about ${Math.round(c.changes.length * 0.05 * 10) / 10} would pass p < 0.05 by chance, which the threshold on the size of the move is there to filter.`,
    '',
    `**${regressions.length} regression${regressions.length === 1 ? '' : 's'}, ${improvements.length} improvement${improvements.length === 1 ? '' : 's'}** in ${c.changes.length} compared metrics.`,
    '',
  ];
  if (c.environment.length > 0) {
    out.push(
      '> **The runs differ in their environment**: part of any change may come from these, not from the code.',
      '',
      '| | before | after |',
      '|---|---|---|',
    );
    for (const d of c.environment) out.push(`| ${d.what} | ${d.before} | ${d.after} |`);
    out.push('');
  } else {
    out.push('Both runs: same target, runtimes, host and sample counts.', '');
  }
  const scenarios = [...new Set(c.changes.map((x) => x.scenario))];
  for (const scenario of scenarios) {
    out.push(
      `## ${scenario}`,
      '',
      '| variant | metric | before (median) | after (median) | change [95 % CI] | p | status |',
      '|---|---|---|---|---|---|---|',
    );
    for (const x of c.changes.filter((y) => y.scenario === scenario)) {
      const pct = `${x.relative >= 0 ? '+' : '−'}${(Math.abs(x.relative) * 100).toFixed(1)} %`;
      const change = x.test
        ? `${signed(x.test.diffMedian)} (${pct}) ${interval(x.test.diffCi, true)}`
        : `${signed(x.after.median - x.before.median)} (${pct})`;
      const variant = `${x.variant}${x.memoryMb !== undefined ? ` @ ${x.memoryMb} MB` : ''}`;
      out.push(
        `| ${variant} | ${metricLabel(x, x.metric, x.label)} | ${ms(x.before.median)} (n ${x.before.n}) | ${ms(x.after.median)} (n ${x.after.n}) | ${change} | ${x.test ? pValue(x.test.pValue) : '–'} | ${flag(x.status, c.resolutionMs)} |`,
      );
    }
    out.push('');
  }
  if (c.onlyBefore.length > 0) out.push(`Only in the earlier run: ${c.onlyBefore.join(', ')}.`, '');
  if (c.onlyAfter.length > 0) out.push(`Only in the later run: ${c.onlyAfter.join(', ')}.`, '');
  if (c.changes.length === 0) out.push('The runs have no scenario and variant in common: nothing to compare.', '');
  return out.join('\n').trimEnd() + '\n';
}
