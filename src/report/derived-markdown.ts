import type { DerivationRecord } from '../core/derivation.js';
import type { ScenarioImports } from '../imports/model.js';
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
function loadedByRequest(record: DerivationRecord, module: string, shownAs: string | undefined, imports: ScenarioImports | undefined): boolean | undefined {
  const decision = record.decisions.find((d) => d.module === module && d.lazy);
  if (record.runtime === 'python') return record.loadedByRequest?.includes(module);
  if (decision?.how === 'first-request') return true;
  const candidate = imports?.candidates.find((c) => c.module === shownAs);
  if (!candidate || candidate.reason === 'unchecked') return undefined;
  return candidate.reason === 'on-request-path';
}

/**
 * "What lazy loading would change" for a scenario whose variants coldbench
 * derived from one handler: per chosen module, whether it was made lazy (or
 * why not), its import cost, whether the measured request needs it, and so
 * what lazy loading saves at every cold start and costs the first request;
 * then the measured totals of the derived variants against the original.
 */
export function derivedSection(record: DerivationRecord, variants: VariantSummary[], imports: ScenarioImports | undefined): string[] {
  const out = ['### What lazy loading would change', ''];
  out.push(
    `The variants were derived from \`${record.handler}\` (${record.file}), which was not modified: **preload** runs it as written, **prewarmed** too, behind a generated answer to the keep-warm ping; **lazy** and **initializer** run generated code. The generated files are in \`${record.folder}\` (${record.variants.filter((v) => v.strategy !== 'preload').map((v) => `${v.name}: ${v.files.map((f) => `\`${f}\``).join(', ')}`).join('; ')}). Each answered the scenario's event as the original does before sampling. Modules chosen from ${record.chosenFrom}.`,
    '',
  );
  if (record.decisions.length === 0) {
    out.push('None of the chosen modules is imported at the top level of the handler file: nothing was made lazy.', '');
  } else {
    out.push('| module | line | import cost (instrumented) | made lazy | loaded by the measured request | saved at every cold start (est.) | added to the first request (est.) |', '|---|---|---|---|---|---|---|');
    for (const d of record.decisions) {
      const chosen = record.modules.find((m) => m.module === d.module || m.module === d.module.split('.')[0]);
      const cost = chosen?.cumulativeMs;
      if (!d.lazy) {
        out.push(`| \`${d.module}\` | ${d.line} | ${ms(cost)} | no: ${d.why} | – | – | – |`);
        continue;
      }
      if (record.ranAtInit?.includes(d.module)) {
        out.push(`| \`${d.module}\` | ${d.line} | ${ms(cost)} | no: deferred here, but another module imported during INIT runs it (for example with \`from ${d.module} import …\`) | – | – | – |`);
        continue;
      }
      const loaded = loadedByRequest(record, d.module, chosen?.shownAs, imports);
      const how = d.how === 'first-request' ? 'yes, before the handler on the first request (a use is not in an async function)' : d.how === 'at-use' ? 'yes, where used' : 'yes, on first attribute access';
      const saved = cost === undefined ? '–' : ms(cost);
      const added = cost === undefined || loaded === undefined ? '–' : loaded ? ms(cost) : '0 (paid by the first request that uses it)';
      out.push(`| \`${d.module}\` | ${d.line} | ${ms(cost)} | ${how} | ${loaded === undefined ? 'unknown' : loaded ? 'yes' : 'no'} | ${saved} | ${added} |`);
    }
    out.push('');
    out.push(
      'The (est.) columns are estimates, not measurements: each import cost comes from one instrumented environment (the import breakdown), with its instrumentation and without an interval, so it can differ from the measured effect by tens of ms (instrumentation overhead, what other modules share, run-to-run variation). The measured difference of the derived variants, with its 95 % interval, follows below: trust it over the estimates.',
      '',
    );
    if (record.modules.every((m) => m.cumulativeMs === undefined)) out.push('Import costs are unknown because the modules were named with `--lazy` and the import breakdown was off or did not list them; the measured totals below still hold.', '');
  }
  for (const n of record.notes) out.push(`- ${n}`);
  if (record.notes.length > 0) out.push('');
  const byStrategy = (s: string) => variants.find((v) => v.strategy === s && record.variants.some((r) => r.name === v.variant));
  const preload = byStrategy('preload');
  const rows: string[] = [];
  for (const strategy of ['lazy', 'initializer'] as const) {
    const v = byStrategy(strategy);
    if (!v || !preload) continue;
    rows.push(`| ${v.variant} | ${diff(v, preload, 'init_ms')} | ${diff(v, preload, 'first_invoke_ms')} | ${diff(v, preload, 'cold_e2e_ms')} | ${diff(v, preload, 'warm_e2e_ms')} |`);
  }
  if (rows.length > 0) {
    out.push(`Measured, differences of medians against **${preload!.variant}** (the handler as written) with their 95 % bootstrap intervals (the comparison table above has the tests):`, '', '| derived variant | INIT | first invoke | cold e2e | warm e2e |', '|---|---|---|---|---|', ...rows, '');
  }
  return out;
}
