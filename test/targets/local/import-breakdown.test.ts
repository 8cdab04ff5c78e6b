import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { breakdownVariantOf as breakdownVariant } from '../../../src/imports/breakdown.js';
import { breakDownImports } from '../../../src/targets/local/import-breakdown.js';
import { validateScenario } from '../../../src/scenario/validate.js';
import { FIXTURES, pythonContext, pythonFixtureScenario, resolvePython, runnerContext } from '../../helpers.js';

describe('import-time breakdown in an extra instrumented environment', () => {
  beforeAll(async () => {
    await resolvePython();
  });

  it('finds the planted costs of a Node module graph: ES module bodies, CommonJS require chains, parents', async () => {
    const dir = path.join(FIXTURES, 'node-graph');
    const result = validateScenario(
      { name: 'graph', runtime: 'node', event: {}, variants: { preload: { handler: 'entry.handler' }, lazy: { handler: 'lazy.handler' } } },
      path.join(dir, 'scenario.ts'),
      existsSync,
    );
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const imports = await breakDownImports(result.scenario, { ...runnerContext, signal: new AbortController().signal });
    expect(imports.error).toBeUndefined();
    expect(imports.variant).toBe('preload');
    const m = new Map(imports.modules.map((r) => [r.module, r]));
    expect([...m.keys()].sort()).toEqual(['entry.mjs', 'esm-100.mjs', 'inner.cjs', 'leaf.mjs', 'outer.cjs', 'spin.cjs']);

    expect(m.get('entry.mjs')).toMatchObject({ depth: 0 });
    expect(m.get('entry.mjs')!.cumulativeMs).toBeGreaterThan(265);
    expect(m.get('entry.mjs')!.selfMs).toBeLessThan(30);

    const esm = m.get('esm-100.mjs')!;
    expect(esm).toMatchObject({ parent: 'entry.mjs', depth: 1 });
    expect(esm.selfMs).toBeGreaterThan(95);
    expect(esm.selfMs).toBeLessThan(300);
    expect(m.get('leaf.mjs')).toMatchObject({ parent: 'esm-100.mjs', depth: 2 });

    const outer = m.get('outer.cjs')!;
    expect(outer).toMatchObject({ parent: 'entry.mjs', depth: 1 });
    expect(outer.selfMs).toBeGreaterThan(18);
    expect(outer.selfMs).toBeLessThan(120); // its own 20 ms, not inner.cjs's 150
    expect(outer.cumulativeMs).toBeGreaterThan(165);
    const inner = m.get('inner.cjs')!;
    expect(inner).toMatchObject({ parent: 'outer.cjs', depth: 2 });
    expect(inner.selfMs).toBeGreaterThan(145);

    expect(imports.initMs).toBeGreaterThan(265);
    expect(imports.requestPathVariant).toBe('lazy');
    const verdicts = Object.fromEntries(imports.candidates.map((c) => [c.module, c.reason]));
    expect(verdicts).toEqual({ 'outer.cjs': 'on-request-path', 'esm-100.mjs': 'not-on-request-path' });
  });

  it("finds a planted 200 ms Python import with -X importtime, needed by the lazy variant's request", async () => {
    const scenario = pythonFixtureScenario({
      variants: { preload: { handler: 'preload_200.handler' }, lazy: { handler: 'lazy_200.handler' } },
    });
    const imports = await breakDownImports(scenario, await pythonContext());
    expect(imports.error).toBeUndefined();
    const planted = imports.modules.find((r) => r.module === 'planted')!;
    expect(planted).toMatchObject({ parent: 'preload_200', depth: 1 });
    expect(planted.selfMs).toBeGreaterThan(190);
    expect(imports.modules.find((r) => r.module === 'preload_200')).toMatchObject({ depth: 0 });
    expect(imports.initMs).toBeGreaterThan(190);
    expect(imports.candidates).toEqual([
      { module: 'planted', cumulativeMs: planted.cumulativeMs, share: planted.cumulativeMs / imports.initMs, reason: 'on-request-path' },
    ]);
  });

  it('lists the heaviest imports unchecked when there is no lazy variant, and reports a failing environment as data', async () => {
    const scenario = pythonFixtureScenario({ variants: { preload: { handler: 'preload_200.handler' } } });
    const imports = await breakDownImports(scenario, await pythonContext());
    expect(imports.candidates.map((c) => [c.module, c.reason])).toEqual([['planted', 'unchecked']]);

    const broken = pythonFixtureScenario({ variants: { preload: { handler: 'init_error.handler' } } });
    const failed = await breakDownImports(broken, await pythonContext());
    expect(failed.error).toContain('planted INIT failure');
    expect(failed.modules).toEqual([]);
  });
});

describe('breakdownVariantOf', () => {
  const v = (name: string, strategy: 'preload' | 'lazy') => ({ name, strategy }) as Parameters<typeof breakdownVariant>[0][number];
  it('takes the --baseline variant when given, else the report baseline rule', () => {
    const variants = [v('lazy', 'lazy'), v('eager', 'preload'), v('preload', 'preload')];
    expect(breakdownVariant(variants).name).toBe('preload');
    expect(breakdownVariant(variants, 'eager').name).toBe('eager');
    expect(breakdownVariant(variants, 'nope').name).toBe('preload');
    expect(breakdownVariant([v('lazy', 'lazy'), v('eager', 'preload')]).name).toBe('eager');
  });
});
