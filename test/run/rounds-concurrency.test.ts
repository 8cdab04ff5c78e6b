import { describe, expect, it } from 'vitest';
import { measureSections } from '../../src/run/rounds.js';
import type { Section, Target } from '../../src/run/target.js';
import { measureOnlyTarget } from './measure-only-target.js';
import { fixtureScenario } from '../helpers.js';

/** A target that measures nothing but how many environments of each unit and in all were in flight at once. */
function countingTarget(concurrency: number, roundsOverlap: boolean) {
  const inFlight = new Map<string, number>();
  const seen = { perUnit: 0, total: 0, order: [] as string[] };
  let total = 0;
  const target = measureOnlyTarget(
    async (unit, _warm, record) => {
      const n = (inFlight.get(unit.variant.name) ?? 0) + 1;
      inFlight.set(unit.variant.name, n);
      total++;
      seen.perUnit = Math.max(seen.perUnit, n);
      seen.total = Math.max(seen.total, total);
      seen.order.push(unit.variant.name);
      // The first variant's environments take longer, as a throttled lazy first invoke does.
      await new Promise((r) => setTimeout(r, unit.variant.name === 'a' ? 30 : 5));
      record('cold', { environment: `${unit.variant.name}${seen.order.length}`, e2eMs: 1 });
      inFlight.set(unit.variant.name, inFlight.get(unit.variant.name)! - 1);
      total--;
    },
    { concurrency, roundsOverlap },
  );
  return { target, seen };
}

const scenario = fixtureScenario({
  variants: { a: { strategy: 'lazy', handler: 'esm-sync.handler' }, b: { strategy: 'preload', handler: 'esm-sync.handler' } },
});
const section: Section = {
  name: 'fixture',
  scenario,
  units: scenario.variants.map((variant) => ({ scenario, variant, section: 'fixture' })),
};
const run = (target: Target) =>
  measureSections(target, [section], {
    runId: 'r',
    cold: 6,
    warm: 0,
    signal: new AbortController().signal,
    record: () => undefined,
    progress: () => undefined,
  });

describe('how many environments measureSections runs at once', () => {
  it('keeps rounds whole where a unit takes one cold sample at a time (AWS): never two environments of a unit at once', async () => {
    const { target, seen } = countingTarget(8, false);
    const sampling = await run(target);
    expect(seen.perUnit).toBe(1);
    expect(seen.total).toBe(2);
    expect(sampling.fixture).toMatchObject({ rounds: 6, stoppedBy: 'cap' });
  });

  it('lets later rounds start while earlier ones finish where the target allows it (local), up to its concurrency', async () => {
    const { target, seen } = countingTarget(4, true);
    const sampling = await run(target);
    expect(seen.perUnit).toBeGreaterThan(1);
    expect(seen.total).toBe(4);
    expect(seen.order).toHaveLength(12);
    expect(sampling.fixture).toMatchObject({ rounds: 6, stoppedBy: 'cap' });
  });
});
