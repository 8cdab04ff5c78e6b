import type { RunResult } from '../core/model.js';
import type { VariantSummary } from '../core/summary.js';

/** Version of the results.json layout; raised when a field changes meaning. */
export const JSON_EXPORT_VERSION = 1;

/**
 * results.json: the run for scripts, so that nothing needs to parse markdown
 * (hyperfine's --export-json is the model): what was run, every variant's
 * statistics per metric, and every sample as measured (full precision).
 */
export function jsonExport(result: RunResult, summaries: VariantSummary[]): string {
  return (
    JSON.stringify(
      {
        version: JSON_EXPORT_VERSION,
        run: result.meta,
        results: summaries.map((s) => ({
          scenario: s.scenario,
          variant: s.variant,
          strategy: s.strategy,
          runtime: s.runtime,
          ...(s.memoryMb !== undefined ? { memoryMb: s.memoryMb } : {}),
          samples: { cold: s.coldCount, warm: s.warmCount },
          errors: { cold: s.errors.cold, warm: s.errors.warm, ...(s.errors.first ? { first: s.errors.first } : {}) },
          metrics: s.metrics,
        })),
        samples: result.samples,
        ...(result.imports ? { imports: result.imports } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}
