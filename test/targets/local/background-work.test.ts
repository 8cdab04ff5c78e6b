import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { parseSamplesCsv } from '../../../src/compare/parse-run.js';
import { findScenarioFiles, loadScenarios } from '../../../src/scenario/load.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { LocalEnvironment, type SandboxRequest } from '../../../src/targets/local/local-environment.js';
import { environmentSpec } from '../../../src/targets/local/local-runner.js';
import { capture, FIXTURES, pythonContext, runnerContext, tempDir } from '../../helpers.js';
import { NO_SANDBOX } from './sandbox/sandboxed.js';

const SCENARIOS = path.join(FIXTURES, 'scenarios-background');
const scenarios = await loadScenarios(findScenarioFiles(SCENARIOS));
const scenario = (name: string) => scenarios.find((s) => s.name === name)!;
const sleep = (msDelay: number) => new Promise((r) => setTimeout(r, msDelay));

const open: LocalEnvironment[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

/** An environment of one variant of a background fixture scenario; sandboxed when `sandbox` is given. */
async function start(s: Scenario, variant: string, sandbox?: SandboxRequest): Promise<LocalEnvironment> {
  const context = s.runtime === 'python' ? await pythonContext() : runnerContext;
  const v = s.variants.find((x) => x.name === variant)!;
  const env = new LocalEnvironment({ ...environmentSpec(s, v, context), ...(sandbox ? { sandbox } : {}) });
  open.push(env);
  return env;
}

describe('work a handler leaves pending after its response', () => {
  it('is reported by both bootstraps after every response, and nothing for a handler that leaves nothing (bare processes)', async () => {
    const thread = await start(scenario('background-python'), 'thread');
    const timer = await start(scenario('background-node'), 'timer');
    const plainPython = await start(scenario('background-python'), 'preload');
    const plainNode = await start(scenario('background-node'), 'preload');
    for (const [env, pending] of [
      [thread, { Thread: 1 }],
      [timer, { Timeout: 1 }],
      [plainPython, {}],
      [plainNode, {}],
    ] as const) {
      // what came after a response is complete once the next response arrived, or the environment closed
      // the thread sleeps 100 ms: long enough to be still running when the response has been written, even on a loaded machine
      const first = await env.request({ delayMs: 100 });
      const second = await env.request({ delayMs: 100 });
      expect(first.after.pending).toEqual(pending);
      await env.close();
      expect(second.after.pending).toEqual(pending);
      // a bare process is never frozen, and its CPU is not read
      expect(second.after.frozen).toBeUndefined();
      expect(second.after.cpuMs).toBeUndefined();
    }
  });

  describe.skipIf(NO_SANDBOX !== undefined)('sandboxed', () => {
    it('a Python thread left running does not run while the environment is frozen, and runs once the next request thaws it', async () => {
      const run = async (freeze: boolean) => {
        const env = await start(scenario('background-python'), 'thread', { memoryMb: 1769, freeze });
        const marker = `coldbench-background-${freeze}-${process.pid}`;
        const first = await env.request({ delayMs: 100, file: `/tmp/${marker}` });
        await sleep(600); // the thread was due after 100 ms
        // The file the thread writes, in the environment's private /tmp, seen through its mount namespace.
        const written = existsSync(`/proc/${env.pid}/root/tmp/${marker}`);
        const secondSentAt = Date.now();
        const second = await env.request({ delayMs: 100 });
        await env.close();
        return { first, written, ranAfterSecondSent: (second.body as { previousRanAt: number }).previousRanAt - secondSentAt };
      };
      const frozen = await run(true);
      expect(frozen.first.after).toMatchObject({ pending: { Thread: 1 }, frozen: true });
      expect(frozen.written).toBe(false);
      expect(frozen.ranAfterSecondSent).toBeGreaterThanOrEqual(-1); // ran only once thawed (clocks in whole ms)
      const running = await run(false);
      expect(running.first.after).toMatchObject({ pending: { Thread: 1 }, frozen: false });
      expect(running.written).toBe(true);
      expect(running.ranAfterSecondSent).toBeLessThan(-300); // ran during the pause, ~100 ms after the response
    });

    it('a Node timer left pending runs only inside the next request (the bootstrap blocks reading it, frozen or not)', async () => {
      const env = await start(scenario('background-node'), 'timer', { memoryMb: 1769 });
      const first = await env.request({ delayMs: 20 });
      await sleep(300);
      const secondSentAt = Date.now();
      const second = await env.request({ delayMs: 20 });
      expect(first.after).toMatchObject({ pending: { Timeout: 1 }, frozen: true });
      expect(first.after.cpuMs ?? 0).toBeGreaterThanOrEqual(0);
      expect((second.body as { previousRanAt: number }).previousRanAt).toBeGreaterThanOrEqual(secondSentAt - 1);
    });

    it('says "not frozen" after responses that the next request followed back to back, and frozen after the last', async () => {
      const env = await start(scenario('background-node'), 'timer', { memoryMb: 1769 });
      await env.request({});
      env.backToBack(true);
      const a = await env.request({});
      const b = await env.request({});
      env.backToBack(false);
      await env.close();
      expect(a.after).toMatchObject({ pending: { Timeout: 1 }, frozen: false });
      expect(a.after.cpuMs).toBeUndefined();
      expect(b.after).toMatchObject({ pending: { Timeout: 1 }, frozen: true });
    });
  });

  it('reaches samples.csv and report.md: one note for the variant that leaves work, none for the one that does not', {
    timeout: 120_000,
  }, async () => {
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    const code = await main(['--scenarios', SCENARIOS, '--cold', '2', '--warm', '4', '--warmup', '1', '--no-imports', '--out', out], io);
    expect(code, err.join('\n')).toBe(0);
    const rows = parseSamplesCsv(readFileSync(path.join(out, 'samples.csv'), 'utf8'));
    const of = (variant: string, name: string) => rows.filter((r) => r.variant === variant && r.scenario === name);
    expect(of('thread', 'background-python').map((r) => r.pendingAfter)).toEqual(Array(6).fill('Thread=1'));
    expect(of('timer', 'background-node').map((r) => r.pendingAfter)).toEqual(Array(6).fill('Timeout=1'));
    for (const name of ['background-python', 'background-node'])
      expect(of('preload', name).map((r) => r.pendingAfter)).toEqual(Array(6).fill('none'));
    if (!NO_SANDBOX) {
      // cold rows: frozen while the harness waited; warm rows: the second followed the first back to back, the last was frozen
      const thread = of('thread', 'background-python');
      expect(thread.map((r) => `${r.kind} ${r.frozenAfter}`)).toEqual([
        'cold true',
        'warm false',
        'warm true',
        'cold true',
        'warm false',
        'warm true',
      ]);
      for (const r of thread) expect(r.cpuAfterMs === undefined).toBe(!r.frozenAfter);
    }
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain('see samples.csv `pending_after`). On Lambda the execution environment is frozen');
    expect(report).toContain('- **thread**: 1 thread pending after 6 of 6 responses. Here the environment');
    expect(report).toContain('- **timer**: 1 timer pending after 6 of 6 responses. Here the environment');
    expect(report).toContain(
      NO_SANDBOX
        ? 'Here the environment was not frozen between requests'
        : 'Here the environment was frozen after 4 of these 6 responses; after the other 2 the next request followed back to back',
    );
    expect(report).not.toContain('- **preload**: ');
  });
});
