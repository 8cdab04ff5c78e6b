import type { DerivationRecord } from '../core/derivation.js';
import type { ScenarioImports } from '../imports/model.js';
import { heavyFirstInvokeImports } from '../imports/breakdown.js';
import { interval, ms, signed } from './format.js';
import { compareVariants } from './verdict.js';
import type { MetricId, VariantSummary } from '../core/summary.js';

const median = (v: VariantSummary | undefined, m: MetricId) => v?.metrics[m]?.median;

/** The measured difference of medians, with its 95 % bootstrap interval where both variants have enough values. */
function diff(v: VariantSummary, base: VariantSummary, metric: MetricId): string {
  const a = median(v, metric);
  const b = median(base, metric);
  if (a === undefined || b === undefined) return '–';
  const c = compareVariants(v, base, metric);
  return c ? `${signed(a - b)} ${interval(c.diffCi, true)}` : signed(a - b);
}

/** Did the derived lazy variant's measured request load this module? */
function loadedByRequest(
  record: DerivationRecord,
  module: string,
  shownAs: string | undefined,
  imports: ScenarioImports | undefined,
): boolean | undefined {
  const decision = record.decisions.find((d) => d.module === module && d.lazy);
  if (record.runtime === 'python') return record.loadedByRequest?.includes(module);
  if (decision?.how === 'first-request') return true;
  const candidate = imports?.candidates.find((c) => c.module === shownAs);
  if (!candidate || candidate.reason === 'unchecked') return undefined;
  return candidate.reason === 'on-request-path';
}

const STRATEGY_TEXT: Record<string, string> = {
  preload: 'runs it as written',
  prewarmed: 'runs it as written, behind a generated answer to the keep-warm ping',
  lazy: 'runs generated code that defers the chosen imports',
  initializer: 'runs the same generated code with an `initializer()` that loads them during INIT',
};

/** The first paragraph: which variants were derived and how, where their code is, what the response check did. */
function introduction(record: DerivationRecord, variants: VariantSummary[]): string {
  const derived = record.variants.map((v) => `**${v.name}** ${STRATEGY_TEXT[v.strategy] ?? `(${v.strategy})`}`).join('; ');
  const generated = record.variants.filter((v) => v.strategy !== 'preload');
  const handWritten = variants.filter((v) => !record.variants.some((r) => r.name === v.variant)).map((v) => `**${v.variant}**`);
  const check = record.responseCheck;
  const checked =
    check === undefined
      ? ''
      : check.compared
        ? check.ignored.length > 0
          ? ` Before sampling, each derived variant answered the scenario's event as the original does, compared everywhere except at ${check.ignored.map((p) => `\`${p}\``).join(', ')}, where the original itself answered differently in two fresh environments.`
          : " Before sampling, each derived variant answered the scenario's event as the original does."
        : ` The derived variants' responses were not compared with the original's: ${check.why}.`;
  return [
    `These variants were derived from \`${record.handler}\` (${record.file}), which was not modified: ${derived}.`,
    handWritten.length > 0 ? ` ${handWritten.join(', ')} ${handWritten.length === 1 ? 'is' : 'are'} hand-written.` : '',
    generated.length > 0
      ? ` The generated files are in \`${record.folder}\` (${generated.map((v) => `${v.name}: ${v.files.map((f) => `\`${f}\``).join(', ')}`).join('; ')}).`
      : '',
    checked,
    ` Modules chosen from ${record.chosenFrom}.`,
  ].join('');
}

/** The original's own first-request imports, and what the derived initializer and prewarmed variants do with them. */
function firstInvokeLines(record: DerivationRecord, imports: ScenarioImports | undefined): string[] {
  const heavy = imports ? heavyFirstInvokeImports(imports) : [];
  const ahead = record.firstInvokeImports ?? [];
  if (ahead.length === 0 && heavy.length === 0) return [];
  const who = [
    record.variants.some((v) => v.strategy === 'initializer') ? 'the derived initializer imports them during INIT' : '',
    record.variants.some((v) => v.strategy === 'prewarmed') ? "the derived prewarmed variant's keep-warm ping imports them" : '',
  ]
    .filter(Boolean)
    .join(', and ');
  const heaviest =
    heavy.length > 0
      ? ` (heaviest, in the import breakdown: ${heavy
          .slice(0, 5)
          .map((m) => `\`${m.module}\` ${ms(m.cumulativeMs)}`)
          .join(', ')})`
      : '';
  return [
    `The original's first request imported ${ahead.length || heavy.length} module${(ahead.length || heavy.length) === 1 ? '' : 's'} itself${heaviest}${who ? `: ${who}, so that they are loaded before the first request` : ''}.`,
    '',
  ];
}

/**
 * "What lazy loading would change" for a scenario whose variants coldbench
 * derived from one handler: which variants were derived and how; per chosen
 * module, whether it was made lazy (or why not), its import cost, whether the
 * measured request needs it, and so what lazy loading saves at every cold start
 * and costs the first request; the original's first-request imports; then the
 * measured totals of the derived variants against the preload variant (derived
 * or hand-written).
 */
export function derivedSection(record: DerivationRecord, variants: VariantSummary[], imports: ScenarioImports | undefined): string[] {
  const out = ['### What lazy loading would change', ''];
  out.push(introduction(record, variants), '');
  const costOf = (module: string, shownAs: string | undefined, known: number | undefined) =>
    known ?? imports?.modules.find((m) => m.depth === 1 && (m.module === shownAs || m.module === module))?.cumulativeMs;
  if (record.modules.length === 0) {
    out.push(
      `No module was chosen: ${record.chosenFrom} names no heavy top-level import, so the lazy and initializer variants run the handler's imports as written.`,
      '',
    );
  } else if (record.decisions.length === 0) {
    out.push(
      `None of the chosen modules (${record.modules.map((m) => `\`${m.module}\``).join(', ')}) is imported at the top level of the handler file: nothing was made lazy.`,
      '',
    );
  } else {
    out.push(
      '| module | line | import cost (instrumented) | made lazy | loaded by the measured request | saved at every cold start (est.) | added to the first request (est.) |',
      '|---|---|---|---|---|---|---|',
    );
    let costsKnown = 0;
    for (const d of record.decisions) {
      const chosen = record.modules.find((m) => m.module === d.module || m.module === d.module.split('.')[0]);
      const cost = costOf(d.module, chosen?.shownAs, chosen?.cumulativeMs);
      if (cost !== undefined) costsKnown++;
      if (!d.lazy) {
        out.push(`| \`${d.module}\` | ${d.line} | ${ms(cost)} | no: ${d.why} | – | – | – |`);
        continue;
      }
      if (record.ranAtInit?.includes(d.module)) {
        const why =
          record.runtime === 'python'
            ? `another module imported during INIT runs it (for example with \`from ${d.module} import …\`)`
            : 'another module of the function imports it statically, so it still loads during INIT';
        out.push(`| \`${d.module}\` | ${d.line} | ${ms(cost)} | no: deferred here, but ${why} | – | – | – |`);
        continue;
      }
      const loaded = loadedByRequest(record, d.module, chosen?.shownAs, imports);
      const how =
        d.how === 'first-request'
          ? 'yes, before the handler on the first request (a use is not in an async function)'
          : d.how === 'at-use'
            ? 'yes, where used'
            : 'yes, on first attribute access';
      const saved = cost === undefined ? '–' : ms(cost);
      const added = cost === undefined || loaded === undefined ? '–' : loaded ? ms(cost) : '0 (paid by the first request that uses it)';
      out.push(
        `| \`${d.module}\` | ${d.line} | ${ms(cost)} | ${how} | ${loaded === undefined ? 'unknown' : loaded ? 'yes' : 'no'} | ${saved} | ${added} |`,
      );
    }
    out.push('');
    out.push(
      'The (est.) columns are estimates, not measurements: each import cost comes from one instrumented environment (the import breakdown), with its instrumentation and without an interval, so it can differ from the measured effect by tens of ms (instrumentation overhead, what other modules share, run-to-run variation). The measured difference of the derived variants, with its 95 % interval, follows below: trust it over the estimates.',
      '',
    );
    if (costsKnown === 0)
      out.push(
        'Import costs are unknown: the instrumented environment of the original failed or did not list these modules; the measured totals below still hold.',
        '',
      );
  }
  out.push(...firstInvokeLines(record, imports));
  for (const n of record.notes) out.push(`- ${n}`);
  if (record.notes.length > 0) out.push('');
  const isDerived = (v: VariantSummary) => record.variants.some((r) => r.name === v.variant);
  const derivedBy = (s: string) => variants.find((v) => v.strategy === s && isDerived(v));
  const preload = derivedBy('preload') ?? variants.find((v) => v.strategy === 'preload');
  const rows: string[] = [];
  for (const strategy of ['lazy', 'initializer'] as const) {
    const v = derivedBy(strategy);
    if (!v || !preload) continue;
    rows.push(
      `| ${v.variant} | ${diff(v, preload, 'init_ms')} | ${diff(v, preload, 'first_invoke_ms')} | ${diff(v, preload, 'cold_e2e_ms')} | ${diff(v, preload, 'warm_e2e_ms')} |`,
    );
  }
  if (rows.length > 0) {
    const what = isDerived(preload!) ? 'the handler as written' : 'a hand-written preload variant';
    out.push(
      `Measured, differences of medians against **${preload!.variant}** (${what}) with their 95 % bootstrap intervals (the comparison table above has the tests):`,
      '',
      '| derived variant | INIT | first invoke | cold e2e | warm e2e |',
      '|---|---|---|---|---|',
      ...rows,
      '',
    );
  }
  return out;
}
