import { heavyFirstInvokeImports, topModules } from '../imports/breakdown.js';
import type { ScenarioImports } from '../imports/model.js';
import { ms } from './format.js';

export const TOP_MODULES = 10;

const pct = (share: number) => `${Math.round(share * 100)} %`;

/** The "Where INIT goes" part of a scenario's section in report.md. */
export function importsSection(imports: ScenarioImports): string[] {
  const out = ['### Where INIT goes', ''];
  if (imports.error) {
    out.push(
      `The instrumented environment of **${imports.variant}** failed, so there is no breakdown: ${imports.error.split('\n')[0]}`,
      '',
    );
    return out;
  }
  out.push(
    `One extra cold environment of **${imports.variant}**, instrumented (${imports.method}), not one of the samples; its INIT took ${ms(imports.initMs)} with the instrumentation. The modules its imports loaded, by cumulative time (all ${imports.modules.length} in imports.csv):`,
    '',
  );
  const top = topModules(imports, TOP_MODULES);
  if (top.length === 0) {
    out.push('No module was loaded during INIT besides the handler module itself.', '');
  } else {
    out.push('| module | imported by | self | cumulative | share of INIT |', '|---|---|---|---|---|');
    for (const m of top)
      out.push(
        `| \`${m.module}\` | ${m.parent ? `\`${m.parent}\`` : '–'} | ${ms(m.selfMs)} | ${ms(m.cumulativeMs)} | ${pct(imports.initMs > 0 ? m.cumulativeMs / imports.initMs : 0)} |`,
      );
    out.push('');
  }
  const lazy = imports.candidates.filter((c) => c.reason === 'not-on-request-path');
  const needed = imports.candidates.filter((c) => c.reason === 'on-request-path');
  const unchecked = imports.candidates.filter((c) => c.reason === 'unchecked');
  const list = (cs: typeof imports.candidates) => cs.map((c) => `\`${c.module}\` (${ms(c.cumulativeMs)}, ${pct(c.share)})`).join(', ');
  if (lazy.length > 0)
    out.push(
      `- Candidates for lazy loading: ${list(lazy)}: heavy, and **${imports.requestPathVariant}** served the measured request without loading them.`,
    );
  if (needed.length > 0)
    out.push(
      `- Heavy but needed by the measured request (**${imports.requestPathVariant}** loaded them for it): ${list(needed)}; lazy loading only moves their cost into the first invoke.`,
    );
  if (unchecked.length > 0) {
    out.push(
      imports.requestPathVariant
        ? `- Heavy top-level imports that **${imports.requestPathVariant}** still loads at start-up, so whether the request needs them is not checked: ${list(unchecked)}.`
        : `- Heaviest top-level imports (no lazy variant to check them against the request path): ${list(unchecked)}.`,
    );
  }
  if (imports.candidates.length === 0) out.push('- No top-level import is heavy enough to be worth loading lazily.');
  const firstInvoke = heavyFirstInvokeImports(imports);
  if (firstInvoke.length > 0) {
    out.push(
      `- Imported by **${imports.variant}**'s first request, not during INIT (an import inside the handler, a framework loading on first use): ${firstInvoke
        .slice(0, TOP_MODULES)
        .map((m) => `\`${m.module}\` (${ms(m.cumulativeMs)})`)
        .join(', ')}. Their cost is in the first invoke: an initializer or a pre-warmed environment can take it off the request path.`,
    );
  }
  out.push('');
  return out;
}
