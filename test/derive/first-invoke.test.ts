import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveScenario } from '../../src/derive/derive.js';
import { scenarioFromHandler } from '../../src/derive/handler-scenario.js';
import { breakDownImports } from '../../src/targets/local/import-breakdown.js';
import { LocalEnvironment } from '../../src/targets/local/local-environment.js';
import { environmentSpec } from '../../src/targets/local/local-runner.js';
import type { Scenario, Variant } from '../../src/scenario/types.js';
import { FIXTURES, pythonContext, runnerContext, tempDir } from '../helpers.js';

const DERIVE = path.join(FIXTURES, 'derive');
const EVENT = path.join(DERIVE, 'event.json');
const nodeContext = { ...runnerContext, signal: new AbortController().signal };

async function coldStart(scenario: Scenario, variant: Variant, context: typeof nodeContext) {
  const env = new LocalEnvironment(environmentSpec(scenario, variant, context));
  try {
    if (variant.strategy === 'prewarmed') await env.request(scenario.prewarmEvent);
    const r = await env.request(scenario.event);
    return { initMs: (await env.init).initMs, invokeMs: r.invokeMs, body: r.body };
  } finally {
    await env.close();
  }
}

const byName = (s: Scenario, name: string) => s.variants.find((v) => v.name === name)!;

describe("imports made by the handler's first request (a wrapper that imports the real work inside the handler)", () => {
  it('Python: the breakdown lists them for the first invoke; the derived initializer imports them during INIT and the prewarmed ping imports them, so the first invoke is light', async () => {
    const context = await pythonContext();
    const scenario = scenarioFromHandler({ handler: path.join(DERIVE, 'first-invoke-py', 'handler.handler'), event: EVENT }, '/');
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', scenario.name), out, context);
    expect(record.modules.map((m) => m.module)).not.toContain('function'); // INIT never sees it
    expect(record.firstInvokeImports).toContain('function.function');
    const imports = await breakDownImports(derived, { ...context });
    const first = imports.firstInvoke!.find((m) => m.module === 'function.function');
    expect(first!.cumulativeMs).toBeGreaterThan(140);
    expect(imports.firstInvoke!.find((m) => m.module === 'slowtemplates')!.parent).toBe('function.function');
    const preload = await coldStart(derived, byName(derived, 'preload'), context);
    const init = await coldStart(derived, byName(derived, 'initializer'), context);
    const warm = await coldStart(derived, byName(derived, 'prewarmed'), context);
    expect(preload.body).toEqual({ body: '{"rendered": "<p>21</p>"}' });
    expect(init.body).toEqual(preload.body);
    expect(warm.body).toEqual(preload.body);
    expect(preload.initMs).toBeLessThan(100);
    expect(preload.invokeMs).toBeGreaterThan(140);
    expect(init.initMs).toBeGreaterThan(140);
    expect(init.invokeMs).toBeLessThan(50);
    expect(warm.invokeMs).toBeLessThan(50);
  });

  it('Node: a dynamic import inside the handler is loaded by the derived initializer during INIT and by the prewarmed ping', async () => {
    const scenario = scenarioFromHandler({ handler: path.join(DERIVE, 'first-invoke-node', 'index.handler'), event: EVENT }, '/');
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', scenario.name), out, nodeContext);
    expect(record.firstInvokeImports).toEqual([new URL('first-invoke-node/work.mjs', `file://${DERIVE}/`).href]);
    const preload = await coldStart(derived, byName(derived, 'preload'), nodeContext);
    const init = await coldStart(derived, byName(derived, 'initializer'), nodeContext);
    const warm = await coldStart(derived, byName(derived, 'prewarmed'), nodeContext);
    expect(preload.body).toEqual({ rendered: '<p>21</p>' });
    expect(init.body).toEqual(preload.body);
    expect(preload.invokeMs).toBeGreaterThan(140);
    expect(init.initMs).toBeGreaterThan(140);
    expect(init.invokeMs).toBeLessThan(50);
    expect(warm.invokeMs).toBeLessThan(50);
  });
});
