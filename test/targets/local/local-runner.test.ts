import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SampleRow } from '../../../src/core/model.js';
import { preflight, runLocal } from '../../../src/targets/local/local-runner.js';
import { liveCount } from '../../../src/targets/local/child-registry.js';
import { findScenarioFiles, loadScenarios } from '../../../src/scenario/load.js';
import { FIXTURES, fixtureScenario, runnerContext } from '../../helpers.js';

async function quickScenario() {
  const [scenario] = await loadScenarios(findScenarioFiles(path.join(FIXTURES, 'scenarios', 'quick')));
  return scenario!;
}

function run(scenarios: Parameters<typeof runLocal>[0], cold: number, warm: number, signal = new AbortController().signal) {
  const rows: SampleRow[] = [];
  const progress: string[] = [];
  const done = runLocal(scenarios, {
    ...runnerContext,
    runId: 'T',
    cold,
    warm,
    warmup: 2,
    signal,
    record: (r) => rows.push(r),
    progress: (l) => progress.push(l),
  });
  return { rows, progress, done };
}

describe('runLocal', () => {
  it('records one cold row per environment and the warm rows, with checked environment ids', async () => {
    const scenario = await quickScenario();
    const { rows, progress, done } = run([scenario], 3, 7);
    await done;
    for (const variant of ['preload', 'lazy', 'initializer', 'prewarmed', 'broken']) {
      const mine = rows.filter((r) => r.variant === variant);
      const cold = mine.filter((r) => r.kind === 'cold');
      const warm = mine.filter((r) => r.kind === 'warm');
      expect(cold).toHaveLength(3);
      expect(warm).toHaveLength(7);
      expect(cold.map((r) => r.sample)).toEqual([1, 2, 3]);
      expect(warm.map((r) => r.sample)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(new Set(cold.map((r) => r.environment)).size).toBe(3); // a new environment per cold sample
      for (const w of warm) expect(cold.map((r) => r.environment)).toContain(w.environment); // warm rows reuse one
      for (const r of cold) expect(r.initMs).toBeGreaterThan(0);
      for (const r of warm) expect(r.initMs).toBeUndefined();
    }
    const ok = rows.filter((r) => r.variant !== 'broken');
    expect(ok.every((r) => r.error === undefined && r.e2eMs! > 0 && r.invokeMs! >= 0)).toBe(true);
    // Failures are data: every request of the broken variant is a row with its error.
    const broken = rows.filter((r) => r.variant === 'broken');
    expect(broken.every((r) => r.error?.includes('broken on purpose'))).toBe(true);
    expect(progress).toHaveLength(15);
    expect(progress[0]).toMatch(/^\[ 1\/15\] quick · preload · round 1\/3: cold [\d.]+ ms/);
    expect(liveCount()).toBe(0);
  });

  it('measures a prewarmed environment after its ping: the cold row is its second request', async () => {
    const scenario = fixtureScenario({ variants: { prewarmed: { handler: 'counter.handler' }, preload: { handler: 'counter.handler' } } });
    const { rows, done } = run([scenario], 2, 0);
    await done;
    const pre = rows.filter((r) => r.variant === 'prewarmed');
    const plain = rows.filter((r) => r.variant === 'preload');
    expect(pre).toHaveLength(2); // the ping is not a row
    expect(pre.every((r) => r.kind === 'cold' && !r.error)).toBe(true);
    // Measured after INIT: the prewarmed cold e2e is a round trip, far below a process start.
    expect(Math.max(...pre.map((r) => r.e2eMs!))).toBeLessThan(Math.min(...plain.map((r) => r.e2eMs!)));
  });

  it('turns a timeout and an INIT crash into rows and carries on', async () => {
    const scenario = fixtureScenario({
      timeoutMs: 2000, // far above a cold start of the fine variant, even on a loaded machine
      variants: {
        hangs: { strategy: 'preload', handler: 'hangs.handler' },
        crash: { strategy: 'lazy', handler: 'syntax-error.handler' },
        fine: { strategy: 'preload', handler: 'esm-sync.handler' },
      },
    });
    const { rows, done } = run([scenario], 2, 2);
    await done;
    const hang = rows.filter((r) => r.variant === 'hangs');
    expect(hang).toHaveLength(2); // no warm samples from an environment that never answered
    expect(hang.every((r) => r.kind === 'cold' && r.error?.includes('timed out after 2000 ms'))).toBe(true);
    expect(rows.filter((r) => r.variant === 'crash').every((r) => r.error?.includes('SyntaxError'))).toBe(true);
    expect(rows.filter((r) => r.variant === 'fine' && !r.error)).toHaveLength(4);
    expect(liveCount()).toBe(0);
  });

  it('stops at once when aborted, keeping what was measured and leaving no process', async () => {
    const scenario = fixtureScenario({ variants: { preload: { handler: 'preload-200.handler' } } });
    const controller = new AbortController();
    const { rows, done } = run([scenario], 20, 0, controller.signal);
    // Abort in the middle of the third environment's INIT, whatever the machine's speed.
    while (rows.length < 2) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await done;
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => !r.error)).toBe(true); // the request cut short is not recorded as a failure
    expect(liveCount()).toBe(0);
  });

  it('keeps the warm rows measured before an interrupt, each from the environment of its cold row', async () => {
    const scenario = fixtureScenario({ variants: { preload: { handler: 'counter.handler' } } });
    const controller = new AbortController();
    const rows: SampleRow[] = [];
    const done = runLocal([scenario], {
      ...runnerContext,
      runId: 'T',
      cold: 1,
      warm: 1_000_000, // far more than the interrupt lets it take
      warmup: 2,
      signal: controller.signal,
      record: (r) => {
        rows.push(r);
        if (rows.filter((w) => w.kind === 'warm').length === 25) controller.abort();
      },
      progress: () => undefined,
    });
    await done;
    const [cold, ...warm] = rows;
    expect(cold!.kind).toBe('cold');
    expect(warm).toHaveLength(25); // every row measured before the interrupt, none after it
    expect(warm.map((r) => r.sample)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    for (const r of warm) {
      expect(r.kind).toBe('warm');
      expect(r.environment).toBe(cold!.environment);
      expect(r.error).toBeUndefined(); // served ≥ 2 from the same environment: no "not a warm request" flag
    }
    expect(liveCount()).toBe(0);
  });

  it('adaptive: stops after the minimum rounds once every cold median is within the target', async () => {
    const scenario = fixtureScenario({ variants: { preload: { handler: 'esm-sync.handler' }, lazy: { handler: 'esm-async.handler' } } });
    const rows: SampleRow[] = [];
    const progress: string[] = [];
    const sampling = await runLocal([scenario], {
      ...runnerContext,
      runId: 'T',
      cold: 99,
      warm: 13,
      warmup: 0,
      signal: new AbortController().signal,
      adaptive: { targetPct: 1000, minRounds: 6, maxRounds: 20 },
      record: (r) => rows.push(r),
      progress: (l) => progress.push(l),
    });
    expect(sampling.fixture).toMatchObject({ rounds: 6, stoppedBy: 'target' });
    for (const variant of ['preload', 'lazy']) {
      expect(rows.filter((r) => r.variant === variant && r.kind === 'cold')).toHaveLength(6);
      expect(rows.filter((r) => r.variant === variant && r.kind === 'warm')).toHaveLength(13); // spread over the 6 rounds
    }
    expect(progress[0]).toMatch(/^\[ 1\/≤40\] fixture · preload · round 1\/≤20: cold/);
    expect(progress.at(-1)).toMatch(/^fixture: 6 rounds, every cold e2e median within ±1000 %/);
  });

  it('adaptive: takes rounds up to the cap when the cold starts vary too much, and says so', async () => {
    const scenario = fixtureScenario({ variants: { preload: { handler: 'jitter-init.handler' } } });
    const rows: SampleRow[] = [];
    const sampling = await runLocal([scenario], {
      ...runnerContext,
      runId: 'T',
      cold: 99,
      warm: 0,
      warmup: 0,
      signal: new AbortController().signal,
      adaptive: { targetPct: 1, minRounds: 6, maxRounds: 8 },
      record: (r) => rows.push(r),
      progress: () => undefined,
    });
    expect(sampling.fixture!.rounds).toBe(8);
    expect(sampling.fixture!.stoppedBy).toBe('cap');
    expect(sampling.fixture!.halfWidthPct).toBeGreaterThan(1);
    expect(rows.filter((r) => r.kind === 'cold')).toHaveLength(8);
  });

  it('adaptive: stops at the minimum when no variant ever succeeds', async () => {
    const scenario = fixtureScenario({ variants: { preload: { handler: 'throws.handler' } } });
    const sampling = await runLocal([scenario], {
      ...runnerContext,
      runId: 'T',
      cold: 99,
      warm: 0,
      warmup: 0,
      signal: new AbortController().signal,
      adaptive: { targetPct: 5, minRounds: 6, maxRounds: 50 },
      record: () => undefined,
      progress: () => undefined,
    });
    expect(sampling.fixture).toEqual({ rounds: 6, stoppedBy: 'no-data', halfWidthPct: null });
  });

  it('preflight reports a missing export with file and field', async () => {
    const scenario = fixtureScenario({
      variants: {
        preload: { handler: 'no-export.handler' },
        init: { strategy: 'initializer', handler: 'esm-sync.handler', initializer: 'esm-sync.initializer' },
        crash: { strategy: 'lazy', handler: 'syntax-error.handler' },
      },
    });
    const problems = await preflight([scenario], runnerContext);
    expect(problems).toHaveLength(2); // the crash is data, not a configuration problem
    expect(problems[0]).toContain('field "variants.preload.handler"');
    expect(problems[0]).toContain('no exported function "handler"');
    expect(problems[1]).toContain('field "variants.init.initializer"');
  });
});
