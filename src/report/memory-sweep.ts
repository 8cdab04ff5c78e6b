import type { MetricId, VariantSummary } from '../core/summary.js';
import { preStarted } from '../core/strategies.js';
import { ms, resolutionText } from './format.js';
import { leaders } from './verdict.js';

/** One scenario measured at several memory sizes: its sections' summaries by size. */
export interface MemorySweep {
  /** The scenario's name without the `@<mb>mb` of its sections. */
  scenario: string;
  memorySizes: number[];
  /** Variant names in the order the run declared them. */
  variants: string[];
  at(variant: string, memoryMb: number): VariantSummary | undefined;
}

const SECTION = /^(.*)@(\d+)mb(@.*)?$/;

/**
 * The scenarios of a run that were measured at two memory sizes or more (their
 * sections are `name@<mb>mb`, possibly `@<arch>` after it). Pure.
 */
export function memorySweeps(summaries: readonly VariantSummary[]): MemorySweep[] {
  const groups = new Map<string, VariantSummary[]>();
  for (const s of summaries) {
    const m = SECTION.exec(s.scenario);
    if (!m || s.memoryMb === undefined) continue;
    const key = `${m[1]}${m[3] ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const sweeps: MemorySweep[] = [];
  for (const [scenario, list] of groups) {
    const memorySizes = [...new Set(list.map((s) => s.memoryMb!))].sort((a, b) => a - b);
    if (memorySizes.length < 2) continue;
    const variants = [...new Set(list.map((s) => s.variant))];
    sweeps.push({
      scenario,
      memorySizes,
      variants,
      at: (variant, memoryMb) => list.find((s) => s.variant === variant && s.memoryMb === memoryMb),
    });
  }
  return sweeps;
}

/** Which variants start fastest at one memory size: the leaders of cold e2e among variants whose cold row is a cold start. */
export function winnersAt(sweep: MemorySweep, memoryMb: number, resolutionMs: number): { names: string[]; family: number } {
  const starting = sweep.variants
    .map((v) => sweep.at(v, memoryMb))
    .filter((s): s is VariantSummary => s !== undefined && !preStarted(s.strategy));
  const l = leaders(starting, 'cold_e2e_ms', resolutionMs);
  return { names: l.variants.map((v) => v.variant), family: l.family };
}

const METRIC_ROWS: [MetricId, string][] = [
  ['cold_e2e_ms', 'cold e2e'],
  ['init_ms', 'INIT'],
  ['first_invoke_ms', 'first invoke'],
];

/**
 * "Across memory sizes": per variant, the medians of cold e2e, INIT and first
 * invoke at every memory size, and which strategy starts fastest at each size
 * (the lowest cold e2e median and every variant not shown slower than it, Holm
 * over those comparisons). Pure.
 */
export function memorySweepSection(sweep: MemorySweep, resolutionMs: number, chartFile: string): string[] {
  const sizes = sweep.memorySizes;
  const out = [
    `## ${sweep.scenario} across memory sizes`,
    '',
    `The same variants at ${sizes.map((m) => `${m} MB`).join(', ')}: below 1,769 MB the handler gets memory/1769 of a CPU while INIT runs with up to 2 (see each section's environments line), so a dependency loaded on the first request costs more at small sizes than the same dependency loaded during INIT. Medians:`,
    '',
    `| variant | figure | ${sizes.map((m) => `${m} MB`).join(' | ')} |`,
    `|---|---|${sizes.map(() => '---|').join('')}`,
  ];
  for (const variant of sweep.variants) {
    for (const [metric, label] of METRIC_ROWS) {
      const cells = sizes.map((m) => {
        const d = sweep.at(variant, m)?.metrics[metric];
        return d ? ms(d.median) : '–';
      });
      if (cells.every((c) => c === '–')) continue;
      const pre = preStarted(sweep.at(variant, sizes[0]!)?.strategy ?? 'preload') && metric === 'cold_e2e_ms' ? ' §' : '';
      out.push(`| ${variant} | ${label}${pre} | ${cells.join(' | ')} |`);
    }
  }
  out.push('', 'Fastest cold start at each memory size (the lowest median, and every variant not shown slower than it):', '');
  for (const m of sizes) {
    const w = winnersAt(sweep, m, resolutionMs);
    if (w.names.length === 0) continue;
    const text =
      w.names.length === 1
        ? `**${w.names[0]}**`
        : `${w.names.map((n) => `**${n}**`).join(', ')} (not told apart${w.family > 1 ? `; Holm over ${w.family} comparisons` : ''}, resolution ${resolutionText(resolutionMs)})`;
    out.push(`- ${m} MB: ${text}`);
  }
  out.push('', `![${sweep.scenario}: cold e2e, INIT and first invoke across memory sizes](${chartFile})`, '');
  return out;
}
