import { describe, type Description } from '../stats/describe.js';
import { wilsonInterval } from '../stats/proportion.js';
import type { ObservedInvocation } from './invocation.js';
import type { ObservePeriod } from './period.js';
import { estimateReclaim, type ReclaimEstimate } from './reclaim.js';
import { sweepInvocations } from './sweep.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Invocations and cold starts in one stretch of time. */
export interface Tally {
  invocations: number;
  coldStarts: number;
  /** 95 % Wilson interval of the cold share; undefined without invocations. */
  coldShareCi?: [number, number];
  peakConcurrency: number;
}

/** One clock hour (UTC) of the period; the first and last may be partial (`hours` < 1). */
export interface HourBucket extends Tally {
  startMs: number;
  hours: number;
}

export interface DayBucket extends Tally {
  /** UTC date, `2026-11-16`. */
  date: string;
  hours: number;
}

/** One hour of the day (UTC), pooled over the days of the period. */
export interface HourOfDay extends Tally {
  hour: number;
  /** How many hours of this hour of day the period covers. */
  hours: number;
}

export interface ObservedAnalysis {
  period: ObservePeriod;
  total: Tally;
  hourly: HourBucket[];
  daily: DayBucket[];
  hourOfDay: HourOfDay[];
  peak: { concurrency: number; atMs: number };
  /** Init Duration of cold starts (ms); Restore Duration of SnapStart restores. */
  init?: Description;
  restore?: Description;
  /** INIT by function version, where the period saw more than one. */
  initByVersion: { version: string; init: Description }[];
  warmDuration?: Description;
  /** Gaps between consecutive arrivals of the function, in seconds. */
  interArrivalS?: Description;
  /** Cold starts by cause: after idleness (nothing in flight), under concurrency (others in flight), or the period's first request. */
  coldCauses: { afterIdle: number; concurrent: number; first: number };
  reclaim: ReclaimEstimate;
  environments: { count: number; requestsMedian: number; coldWithoutInit: number };
  versions: string[];
  memorySizesMb: number[];
  logFormats: { text: number; json: number };
  /** Invocations by REPORT status where the log gives one (`success`, `error`, `timeout`). */
  statuses: Record<string, number>;
}

function tally(list: readonly ObservedInvocation[], peakConcurrency: number): Tally {
  const coldStarts = list.filter((i) => i.kind === 'cold').length;
  const ci = wilsonInterval(coldStarts, list.length);
  return { invocations: list.length, coldStarts, ...(ci ? { coldShareCi: ci } : {}), peakConcurrency };
}

function describeOrNone(values: readonly number[]): Description | undefined {
  return values.length > 0 ? describe(values) : undefined;
}

/** Counts by key, in first-seen order. */
function countBy<T>(list: readonly T[], key: (t: T) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of list) {
    const k = key(item);
    if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/**
 * Everything report.md says about the observed period, from the invocations
 * (any order) whose REPORT lies in it. Pure.
 */
export function analyseInvocations(input: readonly ObservedInvocation[], period: ObservePeriod): ObservedAnalysis {
  const invocations = [...input].sort((a, b) => a.startMs - b.startMs || a.reportMs - b.reportMs);
  const firstHourMs = Math.floor(period.startMs / HOUR_MS) * HOUR_MS;
  const hourCount = Math.max(1, Math.ceil((period.endMs - firstHourMs) / HOUR_MS));
  const sweep = sweepInvocations(invocations, firstHourMs, HOUR_MS, hourCount);

  const byHour = new Map<number, ObservedInvocation[]>();
  invocations.forEach((inv) => {
    const k = Math.min(hourCount - 1, Math.max(0, Math.floor((inv.startMs - firstHourMs) / HOUR_MS)));
    (byHour.get(k) ?? byHour.set(k, []).get(k)!).push(inv);
  });
  const hourly: HourBucket[] = [];
  for (let k = 0; k < hourCount; k++) {
    const from = Math.max(period.startMs, firstHourMs + k * HOUR_MS);
    const to = Math.min(period.endMs, firstHourMs + (k + 1) * HOUR_MS);
    hourly.push({
      startMs: firstHourMs + k * HOUR_MS,
      hours: Math.max(0, to - from) / HOUR_MS,
      ...tally(byHour.get(k) ?? [], sweep.peakByBucket[k] ?? 0),
    });
  }

  const days = new Map<string, HourBucket[]>();
  for (const h of hourly) {
    const date = new Date(h.startMs).toISOString().slice(0, 10);
    (days.get(date) ?? days.set(date, []).get(date)!).push(h);
  }
  const daily: DayBucket[] = [...days].map(([date, hours]) => {
    const start = Date.parse(`${date}T00:00:00Z`);
    const list = invocations.filter((i) => i.startMs >= start && i.startMs < start + DAY_MS);
    return { date, hours: hours.reduce((s, h) => s + h.hours, 0), ...tally(list, Math.max(0, ...hours.map((h) => h.peakConcurrency))) };
  });

  const hourOfDay: HourOfDay[] = Array.from({ length: 24 }, (_, hour) => {
    const buckets = hourly.filter((h) => new Date(h.startMs).getUTCHours() === hour);
    const list = buckets.flatMap((b) => byHour.get(hourly.indexOf(b)) ?? []);
    return { hour, hours: buckets.reduce((s, b) => s + b.hours, 0), ...tally(list, Math.max(0, ...buckets.map((b) => b.peakConcurrency))) };
  });

  const cold = invocations.filter((i) => i.kind === 'cold');
  const coldCauses = { afterIdle: 0, concurrent: 0, first: 0 };
  const idle: { idleS: number; cold: boolean }[] = [];
  const warmEnvironmentGapsS: number[] = [];
  invocations.forEach((inv, i) => {
    const ctx = sweep.arrivals[i]!;
    if (ctx.idleS !== undefined) idle.push({ idleS: ctx.idleS, cold: inv.kind === 'cold' });
    if (inv.kind === 'warm' && ctx.environmentIdleS !== undefined) warmEnvironmentGapsS.push(ctx.environmentIdleS);
    if (inv.kind !== 'cold') return;
    if (ctx.inFlight > 0) coldCauses.concurrent++;
    else if (ctx.idleS !== undefined) coldCauses.afterIdle++;
    else coldCauses.first++;
  });

  const gapsS: number[] = [];
  for (let i = 1; i < invocations.length; i++) gapsS.push((invocations[i]!.startMs - invocations[i - 1]!.startMs) / 1000);

  const versions = [...new Set(invocations.map((i) => i.version ?? '(unnamed stream)'))];
  const initByVersion =
    versions.length > 1
      ? versions.flatMap((version) => {
          const values = cold.filter((i) => (i.version ?? '(unnamed stream)') === version && i.initMs !== undefined).map((i) => i.initMs!);
          return values.length > 0 ? [{ version, init: describe(values) }] : [];
        })
      : [];
  const environments = new Map<string, ObservedInvocation[]>();
  for (const inv of invocations) (environments.get(inv.logStream) ?? environments.set(inv.logStream, []).get(inv.logStream)!).push(inv);
  const requestCounts = [...environments.values()].map((l) => l.length).sort((a, b) => a - b);
  // An environment whose stream begins inside the period but whose first request shows no INIT was initialised ahead (provisioned concurrency, or by Lambda itself).
  const firstDay = new Date(period.startMs).toISOString().slice(0, 10).replace(/-/g, '/');
  const coldWithoutInit = [...environments.entries()].filter(
    ([stream, list]) => stream.slice(0, 10) > firstDay && list[0]!.kind === 'warm',
  ).length;

  const init = describeOrNone(cold.filter((i) => i.initMs !== undefined).map((i) => i.initMs!));
  const restore = describeOrNone(cold.filter((i) => i.restoreMs !== undefined).map((i) => i.restoreMs!));
  const warmDuration = describeOrNone(invocations.filter((i) => i.kind === 'warm').map((i) => i.durationMs));
  const interArrivalS = describeOrNone(gapsS);
  return {
    period,
    total: tally(invocations, sweep.peak),
    hourly,
    daily,
    hourOfDay,
    peak: { concurrency: sweep.peak, atMs: sweep.peakAtMs },
    ...(init ? { init } : {}),
    ...(restore ? { restore } : {}),
    initByVersion,
    ...(warmDuration ? { warmDuration } : {}),
    ...(interArrivalS ? { interArrivalS } : {}),
    coldCauses,
    reclaim: estimateReclaim(idle, warmEnvironmentGapsS),
    environments: {
      count: environments.size,
      requestsMedian: requestCounts.length ? requestCounts[Math.floor((requestCounts.length - 1) / 2)]! : 0,
      coldWithoutInit,
    },
    versions: versions.filter((v) => v !== '(unnamed stream)'),
    memorySizesMb: [...new Set(invocations.map((i) => i.memoryMb))].sort((a, b) => a - b),
    logFormats: {
      text: invocations.filter((i) => i.logFormat === 'text').length,
      json: invocations.filter((i) => i.logFormat === 'json').length,
    },
    statuses: countBy(invocations, (i) => i.status),
  };
}
