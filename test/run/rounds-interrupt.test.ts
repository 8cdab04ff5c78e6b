import { describe, expect, it } from 'vitest';
import type { SampleRow } from '../../src/core/model.js';
import { measureSections } from '../../src/run/rounds.js';
import type { Section } from '../../src/run/target.js';
import { measureOnlyTarget } from './measure-only-target.js';
import { AfterResponseRows } from '../../src/targets/local/after-response-rows.js';
import { fixtureScenario } from '../helpers.js';

describe('rows answered before an interrupt', () => {
  it('are kept when recorded after it; rows of requests the interrupt cut short are not', async () => {
    const scenario = fixtureScenario({ variants: { a: { strategy: 'preload', handler: 'esm-sync.handler' } } });
    const controller = new AbortController();
    // A target whose environment answers one request, is interrupted, and only then learns what came after it (as the local target's held rows).
    const target = measureOnlyTarget(async (_unit, _warm, record, signal) => {
      const rows = new AfterResponseRows(record, signal);
      rows.hold('cold', { environment: 'e1', e2eMs: 10 }, undefined);
      controller.abort();
      rows.hold('warm', { environment: 'e1', error: 'cut short' }, undefined);
      rows.flush();
      record('warm', { environment: 'e1', error: 'also cut short' });
    });
    const section: Section = {
      name: 'fixture',
      scenario,
      units: [{ scenario, variant: scenario.variants[0]!, section: 'fixture' }],
    };
    const rows: SampleRow[] = [];
    const sampling = await measureSections(target, [section], {
      runId: 'r',
      cold: 3,
      warm: 0,
      signal: controller.signal,
      record: (r) => rows.push(r),
      progress: () => undefined,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'cold', environment: 'e1', e2eMs: 10, sample: 1 });
    expect(sampling.fixture!.stoppedBy).toBe('interrupted');
  });
});
