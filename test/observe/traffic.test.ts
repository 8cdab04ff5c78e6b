import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VariantSummary } from '../../src/core/summary.js';
import { observedCsv } from '../../src/observe/observed-csv.js';
import { readObservedTraffic, type ObservedTraffic } from '../../src/observe/traffic.js';
import { whatIfObserved } from '../../src/traffic/observed.js';
import { whatIfMarkdown } from '../../src/report/observed-section.js';
import { pricesWith } from '../../src/traffic/prices.js';
import { DEFAULT_TRAFFIC } from '../../src/traffic/settings.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'coldbench-observe-traffic-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

const META = { kind: 'observe', function: 'orders', period: { start: '2026-11-16T00:00:00.000Z', end: '2026-11-16T02:00:00.000Z' } };
const row = (startS: number, kind: 'cold' | 'warm') => {
  const startMs = Date.parse(META.period.start) + startS * 1000;
  return {
    startMs,
    reportMs: startMs + 50,
    requestId: `r${startS}`,
    logStream: 'e',
    environment: 'e',
    kind,
    ...(kind === 'cold' ? { initMs: 200 } : {}),
    durationMs: 50,
    billedMs: 50,
    maxMemoryMb: 60,
    memoryMb: 1024,
    logFormat: 'text' as const,
  };
};

describe('readObservedTraffic', () => {
  it('reads arrival times from the period start, sorted, with hourly rates', () => {
    const dir = folder('ok', {
      'run.json': JSON.stringify(META),
      'observed.csv': observedCsv([row(10, 'cold'), row(3700, 'cold'), row(20, 'warm')]),
    });
    const t = readObservedTraffic(dir);
    expect(t.arrivalTimesS).toEqual([10, 20, 3700]);
    expect(t.coldStartTimesS).toEqual([10, 3700]);
    expect(t).toMatchObject({
      periodS: 7200,
      invocations: 3,
      coldStarts: 2,
      memoryMb: 1024,
      functionName: 'orders',
      periodStart: META.period.start,
    });
    expect(t.hourlyRates).toEqual([2 / 3600, 1 / 3600]);
  });

  it('says which folder is not an observe run and why', () => {
    expect(() => readObservedTraffic(path.join(tmp, 'nothing'))).toThrow(/--traffic-from .*nothing: no such folder/);
    const bench = folder('bench', { 'run.json': JSON.stringify({ runId: 'x', target: 'local' }), 'samples.csv': 'run_id\n' });
    expect(() => readObservedTraffic(bench)).toThrow(/bench: run.json has kind null, not "observe"/);
    const unfinished = folder('unfinished', { 'run.json': JSON.stringify(META) });
    expect(() => readObservedTraffic(unfinished)).toThrow(/unfinished: no observed.csv/);
    const broken = folder('broken', { 'run.json': JSON.stringify(META), 'observed.csv': 'time,kind\n' });
    expect(() => readObservedTraffic(broken)).toThrow(/broken.*observed.csv: missing column/);
  });
});

function summary(variant: string, strategy: VariantSummary['strategy'], coldMs: number): VariantSummary {
  const cold = Array.from({ length: 20 }, (_, i) => coldMs + i);
  const warm = Array.from({ length: 20 }, (_, i) => 5 + i * 0.1);
  return {
    scenario: 's',
    variant,
    strategy,
    runtime: 'node',
    coldCount: 20,
    warmCount: 20,
    errors: { cold: 0, warm: 0 },
    metrics: {},
    values: {
      cold_e2e_ms: cold,
      warm_e2e_ms: warm,
      init_ms: cold.map((c) => c - 50),
      first_invoke_ms: cold.map(() => 10),
      warm_invoke_ms: warm.map(() => 2),
    },
  };
}

describe('whatIfObserved: the observed arrivals replayed through the traffic simulation', () => {
  // 36 requests 100 s apart from t = 1 s, a 1000 s pause, then 10 more 100 s apart: with a 300 s idle
  // reclaim and the pool empty at the start, exactly two of them find no warm environment.
  const first = Array.from({ length: 36 }, (_, i) => 1 + 100 * i);
  const second = Array.from({ length: 10 }, (_, i) => first[35]! + 1000 + 100 * i);
  const arrivalTimesS = [...first, ...second];
  const traffic: ObservedTraffic = {
    dir: 'x',
    functionName: 'orders',
    periodStart: META.period.start,
    periodS: 7200,
    arrivalTimesS,
    coldStartTimesS: [],
    invocations: arrivalTimesS.length,
    coldStarts: 4,
    hourlyRates: [0.01, 0],
    memoryMb: 1024,
    idleReclaimEstimateS: 300,
  };
  const settings = { ...DEFAULT_TRAFFIC, pingIntervalSeconds: 120 };
  const variants = [summary('preload', 'preload', 400), summary('lazy', 'lazy', 250), summary('warm', 'prewarmed', 400)];
  const w = whatIfObserved(variants, traffic, settings);

  it('replays each request at its time with the idle reclaim estimated from the log', () => {
    expect(w.idleReclaimSeconds).toBe(300);
    const preload = w.plans.find((p) => p.plan === 'preload, on demand')!;
    expect(preload.coldStarts).toBe(2);
    expect(preload.coldStartsAvoided).toBe(2);
    expect(preload.maxConcurrent).toBe(1);
    const lazy = w.plans.find((p) => p.plan === 'lazy, on demand')!;
    expect(lazy.coldStarts).toBe(2);
    expect(lazy.p99Ms).toBeLessThan(preload.p99Ms); // 2 of 46 cold: the p99 is a cold request, and lazy's are faster
  });

  it('keeps pre-warmed plans free of cold starts, and prices the period from what the simulation billed', () => {
    const keepWarm = w.plans.find((p) => p.kind === 'keep-warm')!;
    expect(keepWarm.coldStarts).toBe(0);
    expect(keepWarm.coldStartsAvoided).toBe(4);
    const provisioned = w.plans.find((p) => p.kind === 'provisioned')!;
    expect(provisioned.coldStarts).toBe(0);
    // Provisioned concurrency is paid for the whole replayed span at least: one 1 GB environment.
    const span = arrivalTimesS[arrivalTimesS.length - 1]! - arrivalTimesS[0]!;
    expect(provisioned.costUsd).toBeGreaterThan(span * pricesWith().provisionedGbSecond * 0.99);
    const onDemand = w.plans.find((p) => p.plan === 'preload, on demand')!;
    expect(onDemand.costUsd).toBeLessThan(provisioned.costUsd);
  });

  it('renders a section; denser traffic or a longer reclaim gives fewer cold starts', () => {
    const lines = whatIfMarkdown(w).join('\n');
    expect(lines).toContain('### On the observed traffic of orders');
    expect(lines).toMatch(/\| preload, on demand \| 2 \| 2 \|/);
    const longer = whatIfObserved(variants, { ...traffic, idleReclaimEstimateS: 2000 }, settings);
    expect(longer.plans.find((p) => p.plan === 'preload, on demand')!.coldStarts).toBe(1);
    const noEstimate = whatIfObserved(variants, { ...traffic, idleReclaimEstimateS: undefined }, { ...settings, idleReclaimSeconds: 60 });
    expect(noEstimate.idleReclaimSeconds).toBe(60);
    expect(noEstimate.plans.find((p) => p.plan === 'preload, on demand')!.coldStarts).toBe(arrivalTimesS.length);
  });
});
