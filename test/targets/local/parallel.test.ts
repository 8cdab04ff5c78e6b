import { describe, expect, it } from 'vitest';
import type { SampleRow } from '../../../src/core/model.js';
import { measureSections } from '../../../src/run/rounds.js';
import { LocalTarget } from '../../../src/targets/local/local-target.js';
import { formatCpuList } from '../../../src/targets/local/sandbox/cgroup-plan.js';
import { harnessCpus, sandboxHost } from '../../../src/targets/local/sandbox/detect.js';
import { fixtureScenario, runnerContext } from '../../helpers.js';
import { processesWith, sandboxedNode } from './sandbox/sandboxed.js';

const host = sandboxHost();
const cpus = harnessCpus();
const noParallel = !('support' in host)
  ? 'no sandbox here'
  : !host.support.cpuPinning
    ? 'no cpuset controller'
    : cpus.length < 2
      ? 'a single CPU'
      : undefined;
if (noParallel) console.warn(`parallel environment tests skipped: ${noParallel}`);

/** A sandboxed local target with --parallel auto and `warmup` unrecorded warm requests per environment. */
const sideBySide = (warmup: number) =>
  new LocalTarget({
    ...runnerContext,
    sandbox: { support: ('support' in host ? host.support : undefined)!, initCpu: 'boost', ephemeralStorageMb: 512 },
    warmup,
    parallel: 'auto',
    skipPreflight: true,
  });

describe.skipIf(noParallel !== undefined)('environments side by side (real processes, cgroups and cpusets)', () => {
  it('pins an environment off the harness’s CPU from INIT’s end, and unpins it for a warm loop', async () => {
    const pinTo = formatCpuList(cpus.slice(1));
    const env = sandboxedNode('cpus-allowed.handler', { memoryMb: 128, pinInvokeTo: pinTo });
    const first = await env.request({});
    expect(first.body).toEqual({ cpus: pinTo });
    env.unpin();
    const later = await env.request({});
    expect(later.body).toEqual({ cpus: formatCpuList(cpus) });
  });

  it('runs throttled cold requests side by side: the run takes far less than its cold starts one after another', {
    timeout: 60_000,
  }, async () => {
    // 60 ms of CPU in the first invoke at 128 MB (0.072 CPU): about 830 ms each, bound by the quota, not by the machine.
    const scenario = fixtureScenario({
      memoryMb: 128,
      timeoutMs: 20_000,
      env: { BURN_AT: 'invoke', BURN_MS: '60' },
      variants: { a: { strategy: 'lazy', handler: 'cpu-burn.handler' }, b: { strategy: 'lazy', handler: 'cpu-burn.handler' } },
    });
    const target = sideBySide(1);
    const sections = await target.prepare([scenario], new AbortController().signal);
    expect(target.concurrencyOf(sections[0]!)).toBeGreaterThan(1);
    const rows: SampleRow[] = [];
    const started = performance.now();
    await measureSections(target, sections, {
      runId: 'test',
      cold: 3,
      warm: 6,
      signal: new AbortController().signal,
      record: (r) => rows.push(r),
      progress: () => undefined,
    });
    const wallMs = performance.now() - started;
    await target.cleanup();
    const cold = rows.filter((r) => r.kind === 'cold');
    expect(cold.map((r) => r.error).filter(Boolean)).toEqual([]);
    expect(cold).toHaveLength(6);
    expect(new Set(cold.map((r) => r.environment)).size).toBe(6);
    expect(cold.every((r) => r.invokeMs! > 400)).toBe(true); // throttled: 60 ms of CPU at 7 % of a CPU
    const warm = rows.filter((r) => r.kind === 'warm');
    expect(warm).toHaveLength(12);
    expect(warm.map((r) => r.error).filter(Boolean)).toEqual([]);
    // Every warm row comes from the environment of a cold row of its variant.
    for (const w of warm) expect(cold.some((c) => c.environment === w.environment && c.variant === w.variant)).toBe(true);
    const sumOfColdMs = cold.reduce((s, r) => s + r.e2eMs!, 0);
    expect(wallMs).toBeLessThan(0.6 * sumOfColdMs);
    expect(target.describe().order).toMatch(/128 MB: up to \d+ environments at a time/);
    expect(target.describe().isolation?.[0]).toMatch(/pinned to CPU/);
  });

  it('stops at once when interrupted side by side, keeps what it measured, and leaves no process behind', { timeout: 60_000 }, async () => {
    const marker = `COLDBENCH_PARALLEL_ABORT_${process.pid}`;
    const scenario = fixtureScenario({
      memoryMb: 128,
      timeoutMs: 20_000,
      env: { BURN_AT: 'invoke', BURN_MS: '150', MARKER: marker },
      variants: { a: { strategy: 'lazy', handler: 'cpu-burn.handler' }, b: { strategy: 'preload', handler: 'cpu-burn.handler' } },
    });
    const target = sideBySide(0);
    const controller = new AbortController();
    const sections = await target.prepare([scenario], controller.signal);
    const rows: SampleRow[] = [];
    const run = measureSections(target, sections, {
      runId: 'test',
      cold: 20,
      warm: 0,
      signal: controller.signal,
      record: (r) => rows.push(r),
      progress: () => undefined,
    });
    // 150 ms of CPU at 0.072 CPU: every cold request takes about 2 s; stop while several run.
    await new Promise((r) => setTimeout(r, 1500));
    expect(processesWith(marker).length).toBeGreaterThan(1);
    controller.abort();
    const started = performance.now();
    const sampling = await run;
    expect(performance.now() - started).toBeLessThan(5000);
    await target.cleanup();
    expect(sampling[sections[0]!.name]!.stoppedBy).toBe('interrupted');
    expect(rows.every((r) => !r.error)).toBe(true); // requests cut short are not samples
    expect(processesWith(marker)).toEqual([]);
  });
});
