import { describe, expect, it } from 'vitest';
import type { DerivationRecord } from '../../src/core/derivation.js';
import { derivedSection } from '../../src/report/derived-markdown.js';
import type { VariantSummary } from '../../src/core/summary.js';

const record: DerivationRecord = {
  scenario: 'fn',
  runtime: 'python',
  handler: 'app.handler',
  file: '/fn/app.py',
  chosenFrom: 'flag --lazy',
  modules: [
    { module: 'heavy', shownAs: 'heavy', cumulativeMs: 200 },
    { module: 'rare', shownAs: 'rare', cumulativeMs: 100 },
    { module: 'fromheavy', shownAs: 'fromheavy', cumulativeMs: 50 },
  ],
  decisions: [
    { module: 'heavy', line: 1, lazy: true, bindings: ['heavy'] },
    { module: 'rare', line: 2, lazy: true, bindings: ['rare'] },
    { module: 'fromheavy', line: 3, lazy: false, bindings: ['V'], why: 'a from-import' },
  ],
  notes: [],
  folder: 'derived/fn',
  variants: [
    { name: 'preload', strategy: 'preload', files: ['/fn/app.py'] },
    { name: 'lazy', strategy: 'lazy', files: ['derived/fn/lazy/coldbench_lazy.py'] },
  ],
  loadedByRequest: ['heavy'],
};

/** Five values around each median (±2 ms in steps of 1; warm 0.3 ms exactly), so the measured differences get intervals. */
const around = (m: number) => [m - 2, m - 1, m, m + 1, m + 2];
const summary = (variant: string, init: number, first: number, cold: number): VariantSummary =>
  ({
    scenario: 'fn',
    variant,
    strategy: variant,
    metrics: { init_ms: { median: init }, first_invoke_ms: { median: first }, cold_e2e_ms: { median: cold }, warm_e2e_ms: { median: 0.3 } },
    values: { init_ms: around(init), first_invoke_ms: around(first), cold_e2e_ms: around(cold), warm_e2e_ms: [0.3, 0.3, 0.3] },
  }) as unknown as VariantSummary;

describe('What lazy loading would change', () => {
  it('per module: made lazy or why not, needed by the request, saving and first-request cost; then measured totals', () => {
    const lines = derivedSection(record, [summary('preload', 350, 0.5, 370), summary('lazy', 50, 200.5, 270)], undefined);
    expect(lines.slice(4, 9)).toEqual([
      '| module | line | import cost (instrumented) | made lazy | loaded by the measured request | saved at every cold start (est.) | added to the first request (est.) |',
      '|---|---|---|---|---|---|---|',
      '| `heavy` | 1 | 200 ms | yes, on first attribute access | yes | 200 ms | 200 ms |',
      '| `rare` | 2 | 100 ms | yes, on first attribute access | no | 100 ms | 0 (paid by the first request that uses it) |',
      '| `fromheavy` | 3 | 50.0 ms | no: a from-import | – | – | – |',
    ]);
    // the estimates carry their caveat; the measured differences their intervals
    expect(lines[10]).toMatch(
      /^The \(est\.\) columns are estimates, not measurements: each import cost comes from one instrumented environment/,
    );
    expect(lines.slice(-3)).toEqual([
      '|---|---|---|---|---|',
      '| lazy | −300 ms [−303 ms, −297 ms] | +200 ms [+197 ms, +203 ms] | −100 ms [−103 ms, −97.0 ms] | ±0.0 µs [±0.0 µs, ±0.0 µs] |',
      '',
    ]);
  });

  it('names only the derived variants, compares with a hand-written preload, and says what the response check did', () => {
    const partial: DerivationRecord = {
      ...record,
      variants: [{ name: 'lazy', strategy: 'lazy', files: ['derived/fn/lazy/coldbench_lazy.py'] }],
      responseCheck: { compared: true, ignored: ['$.url'] },
    };
    const lines = derivedSection(partial, [summary('preload', 350, 0.5, 370), summary('lazy', 50, 200.5, 270)], undefined);
    expect(lines[2]).toContain('**lazy** runs generated code that defers the chosen imports.');
    expect(lines[2]).not.toContain('**preload** runs it as written');
    expect(lines[2]).toContain('**preload** is hand-written.');
    expect(lines[2]).toContain('compared everywhere except at `$.url`');
    expect(lines.join('\n')).toContain('Measured, differences of medians against **preload** (a hand-written preload variant)');
    const skipped = derivedSection(
      { ...record, responseCheck: { compared: false, why: 'skipped with --no-response-check' } },
      [],
      undefined,
    );
    expect(skipped[2]).toContain(
      "The derived variants' responses were not compared with the original's: skipped with --no-response-check.",
    );
    expect(skipped[2]).not.toContain('as the original does');
  });

  it('says when no module was chosen, and takes costs of --lazy modules from the breakdown', () => {
    const none = derivedSection({ ...record, modules: [], decisions: [] }, [], undefined);
    expect(none.join('\n')).toContain('No module was chosen: flag --lazy names no heavy top-level import');
    expect(none.join('\n')).not.toContain('None of the chosen modules');
    const imports = {
      scenario: 'fn',
      runtime: 'python',
      variant: 'preload',
      method: 'm',
      initMs: 100,
      modules: [{ module: 'mustache', depth: 1, selfMs: 1, cumulativeMs: 12 }],
      candidates: [],
      firstInvoke: [{ module: 'jinja2', depth: 0, selfMs: 5, cumulativeMs: 40 }],
    };
    const named = derivedSection(
      {
        ...record,
        modules: [{ module: 'mustache', shownAs: 'mustache' }],
        decisions: [{ module: 'mustache', line: 1, lazy: true, bindings: ['mustache'] }],
        loadedByRequest: [],
        firstInvokeImports: ['jinja2'],
        variants: [...record.variants, { name: 'initializer', strategy: 'initializer', files: [] }],
      },
      [],
      imports,
    );
    expect(named.join('\n')).toContain('| `mustache` | 1 | 12.0 ms |');
    expect(named.join('\n')).not.toContain('Import costs are unknown');
    expect(named.join('\n')).toContain(
      "The original's first request imported 1 module itself (heaviest, in the import breakdown: `jinja2` 40.0 ms): the derived initializer imports them during INIT",
    );
  });
});
