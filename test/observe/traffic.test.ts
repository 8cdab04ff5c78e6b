import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VariantSummary } from '../../src/core/summary.js';
import { observedCsv } from '../../src/observe/observed-csv.js';
import { readObservedTraffic, type ObservedTraffic } from '../../src/observe/traffic.js';
import { whatIfMarkdown, whatIfObserved } from '../../src/observe/what-if.js';
import { coldShare, keepWarmCost, provisionedCost } from '../../src/traffic/model.js';
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
  return { startMs, reportMs: startMs + 50, requestId: `r${startS}`, logStream: 'e', environment: 'e', kind, ...(kind === 'cold' ? { initMs: 200 } : {}), durationMs: 50, billedMs: 50, maxMemoryMb: 60, memoryMb: 1024, logFormat: 'text' as const };
};

describe('readObservedTraffic', () => {
  it('reads arrival times from the period start, sorted, with hourly rates', () => {
    const dir = folder('ok', { 'run.json': JSON.stringify(META), 'observed.csv': observedCsv([row(10, 'cold'), row(3700, 'cold'), row(20, 'warm')]) });
    const t = readObservedTraffic(dir);
    expect(t.arrivalTimesS).toEqual([10, 20, 3700]);
    expect(t.coldStartTimesS).toEqual([10, 3700]);
    expect(t).toMatchObject({ periodS: 7200, invocations: 3, coldStarts: 2, memoryMb: 1024, functionName: 'orders', periodStart: META.period.start });
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
    values: { cold_e2e_ms: cold, warm_e2e_ms: warm, init_ms: cold.map((c) => c - 50), first_invoke_ms: cold.map(() => 10), warm_invoke_ms: warm.map(() => 2) },
  };
}

describe('whatIfObserved (current traffic model as placeholder)', () => {
  // Two hours: 36 requests in the first (0.01/s), none in the second; 4 of them were cold.
  const traffic: ObservedTraffic = {
    dir: 'x',
    functionName: 'orders',
    periodStart: META.period.start,
    periodS: 7200,
    arrivalTimesS: [],
    coldStartTimesS: [],
    invocations: 36,
    coldStarts: 4,
    hourlyRates: [0.01, 0],
    memoryMb: 1024,
    idleReclaimEstimateS: 300,
  };
  const variants = [summary('preload', 'preload', 400), summary('lazy', 'lazy', 250), summary('warm', 'prewarmed', 400)];
  const w = whatIfObserved(variants, traffic, DEFAULT_TRAFFIC);

  it('models each on-demand strategy hour by hour with the observed idle reclaim', () => {
    const preload = w.plans.find((p) => p.plan === 'preload, on demand')!;
    expect(w.idleReclaimSeconds).toBe(300);
    expect(preload.coldStarts).toBeCloseTo(36 * coldShare(0.01, 300), 10);
    expect(preload.coldStartsAvoided).toBeCloseTo(4 - 36 * coldShare(0.01, 300), 10);
    const lazy = w.plans.find((p) => p.plan === 'lazy, on demand')!;
    expect(lazy.coldStarts).toBeCloseTo(preload.coldStarts, 10);
    expect(lazy.p99Ms).toBeLessThan(preload.p99Ms); // 5 % cold: the p99 is a cold request, and lazy's are faster
  });

  it('keeps pre-warmed plans free of cold starts and charges their standing cost in the hour without requests', () => {
    const prices = pricesWith();
    const billed = { coldMs: 410, warmMs: 2 };
    const keepWarm = w.plans.find((p) => p.kind === 'keep-warm')!;
    expect(keepWarm.coldStarts).toBe(0);
    expect(keepWarm.coldStartsAvoided).toBe(4);
    const busyHour = (36 / 1e6) * keepWarmCost(0.01, 300, billed, 1, prices).total;
    const idleHour = 12 * (prices.request + (2 / 1000) * prices.gbSecond); // 3600 s / 300 s pings
    expect(keepWarm.costUsd).toBeCloseTo(busyHour + idleHour, 12);
    const provisioned = w.plans.find((p) => p.kind === 'provisioned')!;
    expect(provisioned.costUsd).toBeCloseTo((36 / 1e6) * provisionedCost(0.01, billed, 1, prices).total + 3600 * prices.provisionedGbSecond, 10);
  });

  it('renders a section, and busier traffic gives a smaller cold share', () => {
    const lines = whatIfMarkdown(w).join('\n');
    expect(lines).toContain('### On the observed traffic of orders');
    expect(lines).toMatch(/\| preload, on demand \| 2 \| 2 \|/);
    const busy = whatIfObserved(variants, { ...traffic, hourlyRates: [0.1, 0.1], invocations: 720 }, DEFAULT_TRAFFIC);
    const share = (x: typeof w) => x.plans.find((p) => p.plan === 'preload, on demand')!.coldStarts / x.invocations;
    expect(share(busy)).toBeLessThan(share(w));
    const noEstimate = whatIfObserved(variants, { ...traffic, idleReclaimEstimateS: undefined }, { ...DEFAULT_TRAFFIC, idleReclaimSeconds: 60 });
    expect(noEstimate.idleReclaimSeconds).toBe(60);
  });
});
