import { describe, expect, it } from 'vitest';
import type { DerivationRecord } from '../../src/core/derivation.js';
import { relabelForDerivation } from '../../src/derive/relabel.js';
import type { ScenarioImports } from '../../src/imports/model.js';

const imports: ScenarioImports = {
  scenario: 'fn',
  runtime: 'python',
  variant: 'preload',
  method: 'python -X importtime',
  initMs: 100,
  modules: [],
  requestPathVariant: 'lazy',
  candidates: [
    { module: 'asyncio', cumulativeMs: 50, share: 0.5, reason: 'on-request-path' },
    { module: 'numpy', cumulativeMs: 30, share: 0.3, reason: 'on-request-path' },
    { module: 'email.message', cumulativeMs: 10, share: 0.1, reason: 'on-request-path' },
  ],
};

const record = {
  runtime: 'python',
  modules: [
    { module: 'asyncio', shownAs: 'asyncio' },
    { module: 'numpy', shownAs: 'numpy' },
    { module: 'email.message', shownAs: 'email.message' },
  ],
  decisions: [
    { module: 'asyncio', line: 1, lazy: true, bindings: ['asyncio'] },
    { module: 'numpy', line: 2, lazy: true, bindings: ['np'] },
    { module: 'email.message', line: 3, lazy: false, bindings: ['EmailMessage'], why: 'from-import' },
  ],
  loadedByRequest: ['numpy'],
} as unknown as DerivationRecord;

describe('request-path verdicts of a derived scenario', () => {
  it('Python: lazy modules by what the request ran; imports left as written are unchecked', () => {
    expect(relabelForDerivation(imports, record).candidates.map((c) => [c.module, c.reason])).toEqual([
      ['asyncio', 'not-on-request-path'],
      ['numpy', 'on-request-path'],
      ['email.message', 'unchecked'],
    ]);
  });
});
