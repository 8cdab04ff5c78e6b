import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { roundOrder } from '../../src/overhead/run-overhead.js';
import { measureBenchPath, measureDedicatedLoop, measureEarlyEcho, measureEcho } from '../../src/overhead/warm-paths.js';
import { NODE_BOOTSTRAP, nodeRuntime } from '../../src/runtimes/node/node-runtime.js';
import { liveCount } from '../../src/targets/local/child-registry.js';
import { DEFAULT_PREWARM_EVENT, type Scenario } from '../../src/scenario/types.js';
import { ENV } from '../../src/overhead/run-overhead.js';

const here = path.join(PACKAGE_ROOT, 'bench', 'overhead');
const node = process.execPath;

describe("the overhead benchmark's warm paths", () => {
  it('echo: as many round trips as asked for, after the unrecorded ones, and no process left', async () => {
    const values = await measureEcho(node, [path.join(here, 'echo.mjs')], 30, 5, new AbortController().signal);
    expect(values).toHaveLength(30);
    expect(values.every((v) => v > 0)).toBe(true);
    expect(liveCount()).toBe(0);
  });

  it('bench path: the warm rows of a real run, read back from its samples.csv', async () => {
    const file = path.join(here, 'empty.mjs');
    const scenario: Scenario = {
      name: 'overhead-test',
      description: '',
      runtime: 'node',
      event: {},
      prewarmEvent: DEFAULT_PREWARM_EVENT,
      env: {},
      timeoutMs: 10_000,
      requires: [],
      dir: here,
      file,
      variants: [{ name: 'empty', strategy: 'preload', handler: { ref: 'empty.handler', file, exportName: 'handler' } }],
    };
    const values = await measureBenchPath(
      scenario,
      { region: 'us-east-1', runtimeFor: () => ({ runtime: nodeRuntime, interpreter: node }) },
      40,
      3,
    );
    expect(values).toHaveLength(40);
    expect(values.every((v) => v > 0 && v < 10_000)).toBe(true);
    expect(liveCount()).toBe(0);
    // A default run's shape: the warm rows spread over several environments.
    const early = await measureBenchPath(
      scenario,
      { region: 'us-east-1', runtimeFor: () => ({ runtime: nodeRuntime, interpreter: node }) },
      6,
      1,
      3,
    );
    expect(early).toHaveLength(6);
    expect(liveCount()).toBe(0);
  });

  it('early echo: the asked rows from as many fresh peers', async () => {
    const values = await measureEarlyEcho(
      node,
      [path.join(here, 'echo.mjs')],
      { warmup: 2, perEnvironment: 3, environments: 2 },
      new AbortController().signal,
    );
    expect(values).toHaveLength(6);
    expect(liveCount()).toBe(0);
  });

  it('dedicated loop: an abort ends it with the round trips measured so far', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const setup = {
      runtime: 'node',
      interpreter: node,
      bareArgs: [],
      harnessArgs: [NODE_BOOTSTRAP, path.join(here, 'empty.mjs'), 'handler'],
    };
    const values = await measureDedicatedLoop(setup, ENV, here, 10_000_000, 0, controller.signal);
    expect(values.length).toBeGreaterThan(0);
    expect(values.length).toBeLessThan(10_000_000);
    expect(liveCount()).toBe(0);
  });

  it('orders each round so that every job follows a different one from round to round', () => {
    const predecessors = new Map<string, Set<string>>();
    for (let round = 0; round < 8; round++) {
      const order = roundOrder(['a', 'b', 'c', 'd'], round);
      expect([...order].sort()).toEqual(['a', 'b', 'c', 'd']);
      for (let i = 1; i < order.length; i++)
        (predecessors.get(order[i]!) ?? predecessors.set(order[i]!, new Set()).get(order[i]!)!).add(order[i - 1]!);
    }
    for (const job of ['a', 'b', 'c', 'd']) expect(predecessors.get(job)!.size).toBeGreaterThanOrEqual(2);
  });
});
