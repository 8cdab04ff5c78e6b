import { describe, expect, it } from 'vitest';
import { analyseInvocations } from '../../src/observe/analyse.js';
import type { ObservedInvocation } from '../../src/observe/invocation.js';
import { observedCsv, parseObservedCsv } from '../../src/observe/observed-csv.js';
import { estimateReclaim } from '../../src/observe/reclaim.js';
import { sweepInvocations } from '../../src/observe/sweep.js';

const T0 = Date.parse('2026-11-16T00:00:00Z');

function inv(startS: number, durationS: number, env: string, initS?: number): ObservedInvocation {
  const startMs = T0 + startS * 1000;
  const initMs = initS !== undefined ? initS * 1000 : undefined;
  return {
    startMs,
    reportMs: startMs + (initMs ?? 0) + durationS * 1000,
    requestId: `r${startS}`,
    logStream: `2026/11/16/[1]${env}`,
    version: '1',
    environment: env,
    kind: initMs !== undefined ? 'cold' : 'warm',
    ...(initMs !== undefined ? { initMs } : {}),
    durationMs: durationS * 1000,
    billedMs: Math.ceil(durationS * 1000),
    maxMemoryMb: 70,
    memoryMb: 256,
    logFormat: 'text',
  };
}

// a: cold at 0 s; warm at 100 s (idle 99.5 s); b: cold at 100.2 s while a is busy (concurrency); a: cold again at 1000 s after 899 s idle.
const SAMPLE = [inv(0, 0.3, 'a', 0.2), inv(100, 1, 'a'), inv(100.2, 0.5, 'b', 0.3), inv(1000, 0.1, 'c', 0.2), inv(1200, 0.1, 'c')];

describe('sweepInvocations', () => {
  it('counts requests in flight, idle time and per-environment gaps', () => {
    const s = sweepInvocations(SAMPLE, T0, 3_600_000, 1);
    expect(s.arrivals.map((a) => a.inFlight)).toEqual([0, 0, 1, 0, 0]);
    expect(s.arrivals[1]!.idleS).toBeCloseTo(99.5, 6);
    expect(s.arrivals[2]!.idleS).toBeUndefined();
    expect(s.arrivals[3]!.idleS).toBeCloseTo(1000 - 101, 6);
    expect(s.arrivals[4]!.environmentIdleS).toBeCloseTo(1200 - 1000.3, 6);
    expect(s.peak).toBe(2);
    expect(s.peakAtMs).toBe(T0 + 100_200);
    expect(s.peakByBucket).toEqual([2]);
  });

  it('does not count a request that ends the instant another starts as overlapping', () => {
    const s = sweepInvocations([inv(0, 1, 'a'), inv(1, 1, 'a')], T0, 1000, 3);
    expect(s.peak).toBe(1);
    expect(s.arrivals[1]!.idleS).toBe(0);
    expect(s.peakByBucket).toEqual([1, 1, 0]);
  });
});

describe('estimateReclaim', () => {
  it('puts the threshold between the longest warm gap and the shortest cold one', () => {
    const idle = [10, 50, 200, 280, 290]
      .map((s) => ({ idleS: s, cold: false }))
      .concat([310, 400, 900].map((s) => ({ idleS: s, cold: true })));
    const r = estimateReclaim(idle, [290]);
    expect(r.thresholdS).toBe(300);
    expect(r.agreement).toBe(1);
    expect(r.longestSurvivedS).toBe(290);
    expect(r.shortestColdS).toBe(310);
    expect(r.bins.find((b) => b.fromS === 300)).toEqual({ fromS: 300, toS: 360, warm: 0, cold: 1 });
  });

  it('tolerates overlap (the best split misclassifies the fewest) and gives none without both kinds', () => {
    const idle = [100, 250, 320].map((s) => ({ idleS: s, cold: false })).concat([280, 340, 600].map((s) => ({ idleS: s, cold: true })));
    const r = estimateReclaim(idle, []);
    expect(r.agreement).toBeCloseTo(5 / 6, 10);
    expect([265, 330]).toContain(r.thresholdS);
    expect(estimateReclaim([{ idleS: 5, cold: false }], []).thresholdS).toBeUndefined();
  });
});

describe('analyseInvocations', () => {
  const a = analyseInvocations(SAMPLE, { startMs: T0, endMs: T0 + 2 * 3_600_000 });
  it('tallies cold starts by cause, hour and day', () => {
    expect(a.total).toMatchObject({ invocations: 5, coldStarts: 3, peakConcurrency: 2 });
    expect(a.coldCauses).toEqual({ afterIdle: 1, concurrent: 1, first: 1 });
    expect(a.hourly.map((h) => [h.invocations, h.coldStarts, h.peakConcurrency, h.hours])).toEqual([
      [5, 3, 2, 1],
      [0, 0, 0, 1],
    ]);
    expect(a.daily).toHaveLength(1);
    expect(a.daily[0]).toMatchObject({ date: '2026-11-16', invocations: 5, coldStarts: 3, hours: 2 });
    expect(a.hourOfDay[0]).toMatchObject({ invocations: 5, hours: 1 });
    expect(a.init?.n).toBe(3);
    expect(a.init?.median).toBe(200);
    expect(a.environments.count).toBe(3);
    expect(a.logFormats).toEqual({ text: 5, json: 0 });
  });

  it('observed.csv round-trips the invocations', () => {
    const text = observedCsv(SAMPLE);
    expect(text.split('\n')[0]).toBe(
      'time,report_time,request_id,version,environment,kind,init_ms,restore_ms,duration_ms,billed_ms,max_memory_mb,memory_mb,status,log_format',
    );
    const back = parseObservedCsv(text, 'observed.csv');
    expect(back.map((r) => [r.kind, r.initMs, r.durationMs, r.environment, r.startMs])).toEqual(
      SAMPLE.map((r) => [r.kind, r.initMs, r.durationMs, r.environment, r.startMs]),
    );
    expect(() => parseObservedCsv('time,kind\n2026-11-16T00:00:00Z,cold\n', 'x/observed.csv')).toThrow(
      /x\/observed.csv: missing column\(s\) report_time/,
    );
    expect(() => parseObservedCsv(text.replace(',cold,', ',lukewarm,'), 'o.csv')).toThrow(/o.csv, line 2: kind "lukewarm"/);
  });
});

describe('analyseInvocations: environments and statuses', () => {
  it('counts environments started in the period whose first request had no INIT, and failed requests by status', () => {
    const preInitialised = { ...inv(4000, 0.1, 'p'), logStream: '2026/11/17/[1]p' };
    const timedOut = { ...inv(5000, 3, 'c'), status: 'timeout' };
    const a = analyseInvocations([...SAMPLE, preInitialised, timedOut], { startMs: T0, endMs: T0 + 2 * 86_400_000 });
    expect(a.environments.coldWithoutInit).toBe(1);
    expect(a.statuses).toEqual({ timeout: 1 });
  });
});
