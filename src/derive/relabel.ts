import type { ScenarioImports } from '../imports/model.js';
import type { DerivationRecord } from '../core/derivation.js';

/**
 * The import breakdown's request-path verdicts, corrected for derived variants.
 * The breakdown asks which heavy imports the lazy variant loaded for its
 * request; a derived lazy variant also loads, at start-up, every import it had
 * to leave as written, and a Python lazy module is bound (not run) at start-up.
 * So: an import left as written is `unchecked`; a Python lazy module is on
 * the request path when the request ran it (the equivalence probe); a Node
 * lazy module keeps the breakdown's verdict. Pure.
 */
export function relabelForDerivation(imports: ScenarioImports, record: DerivationRecord): ScenarioImports {
  const specifierOf = (shown: string) => record.modules.find((m) => m.shownAs === shown)?.module ?? shown;
  return {
    ...imports,
    candidates: imports.candidates.map((c) => {
      const module = specifierOf(c.module);
      const decision = record.decisions.find((d) => d.module === module && d.lazy);
      if (!decision || record.ranAtInit?.includes(module)) return { ...c, reason: 'unchecked' as const };
      if (record.runtime === 'python')
        return { ...c, reason: record.loadedByRequest?.includes(module) ? ('on-request-path' as const) : ('not-on-request-path' as const) };
      return c;
    }),
  };
}
