/** The A/A check's report (pure): parallel-aa.md. */
import type { AaComparison, AaTiming, ParallelAaRun } from './parallel-aa.js';

export interface ParallelAaReportInput {
  runId: string;
  header: string[];
  comparisons: AaComparison[];
  run: ParallelAaRun;
  status: string;
}

const ms = (v: number) => {
  const a = Math.abs(v);
  return `${a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3)} ms`;
};
const signed = (v: number) => (v >= 0 ? `+${ms(v)}` : `−${ms(-v)}`);

/** Cold samples per minute of each mode and the speed-up. */
export function speedText(timing: AaTiming): string {
  const rate = (m: keyof AaTiming) => (timing[m].wallMs > 0 ? (timing[m].coldSamples / timing[m].wallMs) * 60_000 : 0);
  const serial = rate('one at a time');
  const parallel = rate('side by side');
  return `${serial.toFixed(1)} cold samples per minute one at a time, ${parallel.toFixed(1)} side by side (${serial > 0 ? (parallel / serial).toFixed(2) : '–'}×)`;
}

/** What the check says about making side by side the default: every figure "no shift", or which did not pass. */
export function aaConclusion(comparisons: readonly AaComparison[]): { passed: boolean; text: string } {
  if (comparisons.length === 0) return { passed: false, text: 'Nothing was compared (no section ran side by side, or no samples).' };
  const failing = comparisons.filter((c) => c.verdict !== 'no shift');
  if (failing.length === 0)
    return {
      passed: true,
      text: `Passed: all ${comparisons.length} figures show no shift beyond their tolerance: running side by side did not change what was measured.`,
    };
  const list = failing.map((c) => `${c.section} · ${c.variant} · ${c.figure} (${c.verdict}, ${signed(c.diffMs)})`).join('; ');
  return { passed: false, text: `Not passed: ${failing.length} of ${comparisons.length} figures: ${list}.` };
}

export function parallelAaMarkdown(input: ParallelAaReportInput): string {
  const { comparisons, run } = input;
  const conclusion = aaConclusion(comparisons);
  const lines = [
    '# coldbench A/A check: environments one at a time vs side by side',
    '',
    ...input.header,
    '',
    `Status: ${input.status}.`,
    '',
    'The same variants, measured in alternating blocks of the same run: one environment at a time, and side by side as `--parallel auto` runs them (sandboxed, quotas summing to at most the CPUs but the harness’s, pinned off it after INIT; starts and INITs one at a time, warm loops alone). "Δ" is median(side by side) − median(one at a time) with a 95 % bootstrap interval. **No shift**: the interval lies within ±tolerance (3 % of the one-at-a-time median, never below the instrument’s resolution of ±186 µs, within which reports call a difference equivalent); **shifted**: wholly beyond it; else **inconclusive**.',
    '',
    '## How each memory size ran side by side',
    '',
    ...Object.entries(run.plans).map(([section, plan]) => `- ${section}: ${plan}`),
    '',
    `Speed: ${speedText(run.timing)}.`,
    '',
    '## Medians',
    '',
    '| section | variant | figure | one at a time (n) | side by side (n) | Δ [95 % CI] | tolerance | verdict |',
    '|---|---|---|---|---|---|---|---|',
    ...comparisons.map(
      (c) =>
        `| ${c.section} | ${c.variant} | ${c.figure} | ${ms(c.serial.median)} (${c.serial.n}) | ${ms(c.parallel.median)} (${c.parallel.n}) | ${signed(c.diffMs)} [${signed(c.ci[0])}, ${signed(c.ci[1])}] | ±${ms(c.toleranceMs)} | ${c.verdict === 'no shift' ? '✅ no shift' : c.verdict === 'shifted' ? '❌ shifted' : '❔ inconclusive'} |`,
    ),
    '',
    '## Conclusion',
    '',
    conclusion.text,
    '',
  ];
  return lines.join('\n');
}
