import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveScenario } from '../../src/derive/derive.js';
import { checkEquivalence } from '../../src/derive/equivalence.js';
import { scenarioFromHandler } from '../../src/derive/handler-scenario.js';
import { LocalEnvironment } from '../../src/targets/local/local-environment.js';
import { environmentSpec } from '../../src/targets/local/local-runner.js';
import type { Scenario, Variant } from '../../src/scenario/types.js';
import { FIXTURES, pythonContext, resolvePython, runnerContext, tempDir } from '../helpers.js';

const DERIVE = path.join(FIXTURES, 'derive');
const EVENT = path.join(DERIVE, 'event.json');
const nodeContext = { ...runnerContext, signal: new AbortController().signal };

/** INIT and first invoke of one fresh environment of a variant, and its response. */
async function coldStart(scenario: Scenario, variant: Variant, context: typeof nodeContext) {
  const env = new LocalEnvironment(environmentSpec(scenario, variant, context));
  try {
    if (variant.strategy === 'prewarmed') await env.request(scenario.prewarmEvent);
    const r = await env.request(scenario.event);
    const { initMs } = await env.init;
    return { initMs, invokeMs: r.invokeMs, body: r.body, ok: r.ok, error: r.error };
  } finally {
    await env.close();
  }
}

const hashes = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(path.join(dir, f)))
        .digest('hex'),
    ]),
  );
const byName = (s: Scenario, name: string) => s.variants.find((v) => v.name === name)!;

describe('derived variants of one handler, run for real', () => {
  beforeAll(async () => {
    await resolvePython();
  });

  it('ES module: the planted 200 ms import moves from INIT (preload, initializer) to the first invoke (lazy); top-level, side-effect imports stay; responses equal', async () => {
    const dir = path.join(DERIVE, 'esm');
    const before = hashes(dir);
    const scenario = scenarioFromHandler(
      { handler: path.join(dir, 'index.handler'), event: EVENT, lazy: ['./heavy.mjs', './heavy-ns.mjs', './config.mjs', './side.mjs'] },
      '/',
    );
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', 'esm'), out, nodeContext);
    expect(record.decisions.map((d) => [d.module, d.lazy, d.how ?? d.why])).toEqual([
      ['./heavy.mjs', true, 'at-use'],
      ['./heavy-ns.mjs', true, 'first-request'],
      ['./config.mjs', false, '`makeConfig` is used at module top level (line 8), which runs before any request'],
      ['./side.mjs', false, 'side-effect import (no bindings): it runs for its effects at load time'],
    ]);
    // Named with --lazy, the modules still get their costs from the original's instrumented environment.
    expect(record.modules.find((m) => m.module === './heavy.mjs')!.cumulativeMs).toBeGreaterThan(190);
    expect(await checkEquivalence(derived, record, nodeContext)).toEqual({ problems: [], notes: [] });
    const preload = await coldStart(derived, byName(derived, 'preload'), nodeContext);
    const lazy = await coldStart(derived, byName(derived, 'lazy'), nodeContext);
    const init = await coldStart(derived, byName(derived, 'initializer'), nodeContext);
    const warm = await coldStart(derived, byName(derived, 'prewarmed'), nodeContext);
    expect(preload.body).toEqual({ doubled: 42, label: 'heavy', described: 'ns:21', region: 'local', side: true });
    for (const r of [lazy, init, warm]) expect(r.body).toEqual(preload.body);
    expect(preload.initMs).toBeGreaterThan(190);
    expect(preload.invokeMs).toBeLessThan(50);
    expect(lazy.initMs).toBeLessThan(100);
    expect(lazy.invokeMs).toBeGreaterThan(190);
    expect(init.initMs).toBeGreaterThan(190);
    expect(init.invokeMs).toBeLessThan(50);
    expect(warm.invokeMs).toBeLessThan(50);
    expect(hashes(dir)).toEqual(before); // the user's files are only read
    expect(readdirSync(path.join(out, 'derived', 'esm', 'lazy')).sort()).toEqual(['coldbench-lazy.mjs', 'index.mjs']);
  });

  it('CommonJS: the planted require moves into the first invoke; a top-level use and a side-effect require stay; __dirname is the original folder', async () => {
    const dir = path.join(DERIVE, 'cjs');
    const scenario = scenarioFromHandler(
      { handler: path.join(dir, 'index.handler'), event: EVENT, lazy: ['./heavy.cjs', './used.cjs', './side.cjs'] },
      '/',
    );
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', 'cjs'), out, nodeContext);
    expect(record.decisions.map((d) => [d.module, d.lazy])).toEqual([
      ['./heavy.cjs', true],
      ['./used.cjs', false],
      ['./side.cjs', false],
    ]);
    expect(await checkEquivalence(derived, record, nodeContext)).toEqual({ problems: [], notes: [] });
    const preload = await coldStart(derived, byName(derived, 'preload'), nodeContext);
    const lazy = await coldStart(derived, byName(derived, 'lazy'), nodeContext);
    const init = await coldStart(derived, byName(derived, 'initializer'), nodeContext);
    expect(preload.body).toEqual({ doubled: 42, greeting: 'HELLO', side: true, dir: 'cjs' });
    expect(lazy.body).toEqual(preload.body);
    expect(preload.initMs).toBeGreaterThan(190);
    expect(lazy.initMs).toBeLessThan(100);
    expect(lazy.invokeMs).toBeGreaterThan(190);
    expect(init.initMs).toBeGreaterThan(190);
    expect(init.invokeMs).toBeLessThan(50);
  });

  it('Python: heavy imports found by the breakdown; LazyLoader moves the needed one into the first invoke and never runs the unused one; from-imports and top-level uses stay eager', async () => {
    const context = await pythonContext();
    const dir = path.join(DERIVE, 'py');
    const scenario = scenarioFromHandler({ handler: path.join(dir, 'app.handler'), event: EVENT }, '/');
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', 'py'), out, context);
    expect(record.modules.map((m) => m.module).sort()).toEqual(['fromheavy', 'heavy', 'rare']);
    expect(record.modules.find((m) => m.module === 'heavy')!.cumulativeMs).toBeGreaterThan(190);
    expect(record.decisions.map((d) => [d.module, d.lazy])).toEqual([
      ['heavy', true],
      ['rare', true],
      ['fromheavy', false],
    ]);
    expect(await checkEquivalence(derived, record, context)).toEqual({ problems: [], notes: [] });
    expect(record.loadedByRequest).toEqual(['heavy']);
    const preload = await coldStart(derived, byName(derived, 'preload'), context);
    const lazy = await coldStart(derived, byName(derived, 'lazy'), context);
    const init = await coldStart(derived, byName(derived, 'initializer'), context);
    expect(preload.body).toEqual({ doubled: 42, value: 7, made: 'made' });
    expect(lazy.body).toEqual(preload.body);
    expect(init.body).toEqual(preload.body);
    // preload: 200 + 100 + 50 ms in INIT; lazy: only the from-import's 50 ms in INIT, heavy's 200 ms in the first invoke, rare never.
    expect(preload.initMs).toBeGreaterThan(340);
    expect(lazy.initMs).toBeGreaterThan(45);
    expect(lazy.initMs).toBeLessThan(150);
    expect(lazy.invokeMs).toBeGreaterThan(190);
    expect(lazy.invokeMs).toBeLessThan(290);
    expect(init.initMs).toBeGreaterThan(340);
    expect(init.invokeMs).toBeLessThan(50);
  });

  it('refuses a derived variant whose response differs, showing where', async () => {
    const scenario = scenarioFromHandler(
      { handler: path.join(DERIVE, 'differs', 'index.handler'), event: EVENT, lazy: ['./heavy.mjs'] },
      '/',
    );
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', 'differs'), out, nodeContext);
    const { problems } = await checkEquivalence(derived, record, nodeContext);
    expect(problems).toHaveLength(1); // the initializer variant loads the module during INIT, as the original does
    expect(problems[0]).toContain('derived variant "lazy"');
    expect(problems[0]).toContain("differs from the original's at $.loadedBefore: original true, derived false");
  });
});

describe('a Python lazy module that another import runs during INIT', () => {
  it('is reported as deferred in name only, and the derived variant still answers like the original', async () => {
    const context = await pythonContext();
    const scenario = scenarioFromHandler({ handler: path.join(DERIVE, 'py-indirect', 'app.handler'), event: EVENT, lazy: ['slow'] }, '/');
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', 'py-indirect'), out, context);
    expect(record.decisions.map((d) => [d.module, d.lazy])).toEqual([['slow', true]]);
    expect(await checkEquivalence(derived, record, context)).toEqual({ problems: [], notes: [] });
    expect(record.ranAtInit).toEqual(['slow']);
    expect(record.loadedByRequest).toEqual([]);
    const lazy = await coldStart(derived, byName(derived, 'lazy'), context);
    expect(lazy.body).toEqual({ value: 3, tripled: 9 });
    expect(lazy.initMs).toBeGreaterThan(90);
  });
});

describe('a Node lazy module that another module imports statically', () => {
  it('is reported as deferred in name only (ranAtInit), from an instrumented environment of the lazy variant', async () => {
    const scenario = scenarioFromHandler(
      { handler: path.join(DERIVE, 'esm-indirect', 'index.handler'), event: EVENT, lazy: ['../esm/heavy.mjs'] },
      '/',
    );
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', 'esm-indirect'), out, nodeContext);
    expect(record.decisions.map((d) => [d.module, d.lazy])).toEqual([['../esm/heavy.mjs', true]]);
    expect(record.ranAtInit).toEqual(['../esm/heavy.mjs']);
    const lazy = await coldStart(derived, byName(derived, 'lazy'), nodeContext);
    expect(lazy.body).toEqual({ doubled: 42, tripled: 63 });
    expect(lazy.initMs).toBeGreaterThan(190);
  });
});
