/**
 * A seeded generator of a Lambda function's CloudWatch log, for tests and the
 * committed example: requests arrive as a Poisson process whose rate depends
 * on the hour of day, plus one burst a day; each request goes to the idle
 * environment used most recently, or starts a new one (a cold start with a
 * log-normal Init Duration); an environment idle for longer than a reclaim time
 * drawn anew for every idle period (uniform in [reclaimMinS, reclaimMaxS]) is
 * gone. A deployment part-way through replaces every environment. Each
 * environment writes its own stream `YYYY/MM/DD/[version]instance` with START,
 * an application line, END and REPORT, in text or JSON log format.
 */
import { formatJsonReport, formatTextReport } from '../../src/targets/aws/report-line.js';
import { seededRandom } from '../../src/stats/rng.js';

export interface Planted {
  seed: number;
  startMs: number;
  days: number;
  /** Requests per second by hour of day (UTC): `dayRate` from `dayFromHour` to `dayToHour`, else `nightRate`. */
  dayRate: number;
  nightRate: number;
  dayFromHour: number;
  dayToHour: number;
  reclaimMinS: number;
  reclaimMaxS: number;
  initMedianMs: number;
  initSigma: number;
  durationMedianMs: number;
  memoryMb: number;
  /** Each day at this hour: `burstSize` requests within 200 ms, each running `burstDurationMs`. */
  burstHour: number;
  burstSize: number;
  burstDurationMs: number;
  format: 'text' | 'json';
  /** Version before and after the deployment at `deployAfterDays`. */
  versions: [string, string];
  deployAfterDays: number;
}

export const PLANTED_WEEK: Planted = {
  seed: 20261116,
  startMs: Date.parse('2026-11-16T00:00:00Z'),
  days: 7,
  dayRate: 0.006,
  nightRate: 0.002,
  dayFromHour: 8,
  dayToHour: 20,
  reclaimMinS: 270,
  reclaimMaxS: 330,
  initMedianMs: 250,
  initSigma: 0.25,
  durationMedianMs: 40,
  memoryMb: 512,
  burstHour: 14,
  burstSize: 12,
  burstDurationMs: 800,
  format: 'text',
  versions: ['3', '4'],
  deployAfterDays: 3.5,
};

export interface GeneratedEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  eventId: string;
}

export interface GeneratedInvocation {
  startMs: number;
  endMs: number;
  cold: boolean;
  version: string;
  burst: boolean;
}

export interface GeneratedLog {
  events: GeneratedEvent[];
  invocations: GeneratedInvocation[];
}

/** Expected share of cold requests among requests after idleness at rate λ: E[exp(−λT)] for T uniform in [a, b]. */
export function plantedColdShare(ratePerSecond: number, p: Planted): number {
  const a = p.reclaimMinS;
  const b = p.reclaimMaxS;
  return (Math.exp(-ratePerSecond * a) - Math.exp(-ratePerSecond * b)) / (ratePerSecond * (b - a));
}

export function rateAt(hourOfDay: number, p: Planted): number {
  return hourOfDay >= p.dayFromHour && hourOfDay < p.dayToHour ? p.dayRate : p.nightRate;
}

interface Environment {
  stream: string;
  busyUntilMs: number;
  reclaimAtMs: number;
  served: number;
}

export function generateLog(p: Planted): GeneratedLog {
  const random = seededRandom(p.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const endMs = p.startMs + p.days * 86_400_000;
  const deployMs = p.startMs + p.deployAfterDays * 86_400_000;

  // Arrivals: piecewise-constant Poisson (memoryless, so restarting at each hour is exact), plus the daily bursts.
  const arrivals: { t: number; burst: boolean }[] = [];
  for (let hourStart = p.startMs; hourStart < endMs; hourStart += 3_600_000) {
    const rate = rateAt(new Date(hourStart).getUTCHours(), p);
    let t = hourStart;
    for (;;) {
      t += (-Math.log(1 - random()) / rate) * 1000;
      if (t >= hourStart + 3_600_000) break;
      arrivals.push({ t, burst: false });
    }
  }
  for (let d = 0; d < p.days; d++) {
    const at = p.startMs + d * 86_400_000 + p.burstHour * 3_600_000 + 30 * 60_000;
    for (let i = 0; i < p.burstSize; i++) arrivals.push({ t: at + random() * 200, burst: true });
  }
  arrivals.sort((a, b) => a.t - b.t);

  let environments: Environment[] = [];
  let deployed = false;
  const events: GeneratedEvent[] = [];
  const invocations: GeneratedInvocation[] = [];
  let eventNumber = 0;
  const emit = (stream: string, timestamp: number, message: string) =>
    events.push({ logStreamName: stream, timestamp: Math.round(timestamp), message, eventId: String(++eventNumber).padStart(20, '0') });
  for (const { t, burst } of arrivals) {
    if (!deployed && t >= deployMs) {
      environments = []; // a new version: every environment is replaced
      deployed = true;
    }
    const version = deployed ? p.versions[1] : p.versions[0];
    environments = environments.filter((e) => e.busyUntilMs > t || e.reclaimAtMs > t);
    const idle = environments.filter((e) => e.busyUntilMs <= t).sort((a, b) => b.busyUntilMs - a.busyUntilMs);
    let env = idle[0];
    const cold = env === undefined;
    const initMs = cold ? Math.round(p.initMedianMs * Math.exp(p.initSigma * normal()) * 100) / 100 : undefined;
    if (!env) {
      const day = new Date(t).toISOString().slice(0, 10).replace(/-/g, '/');
      env = { stream: `${day}/[${version}]${hex(32)}`, busyUntilMs: t, reclaimAtMs: t, served: 0 };
      environments.push(env);
    }
    const durationMs =
      Math.round((burst ? p.burstDurationMs * (0.9 + 0.2 * random()) : p.durationMedianMs * Math.exp(0.5 * normal())) * 100) / 100;
    // Whole milliseconds, as CloudWatch stores them: the REPORT is written when the request ends.
    const end = Math.round(t + (initMs ?? 0) + durationMs);
    const start = end - (initMs ?? 0) - durationMs;
    env.busyUntilMs = end;
    env.reclaimAtMs = end + (p.reclaimMinS + random() * (p.reclaimMaxS - p.reclaimMinS)) * 1000;
    env.served++;
    const requestId = uuid();
    const report = {
      requestId,
      durationMs,
      billedDurationMs: Math.ceil(durationMs),
      memorySizeMb: p.memoryMb,
      maxMemoryUsedMb: Math.min(140, 80 + env.served),
      ...(initMs !== undefined ? { initDurationMs: initMs } : {}),
    };
    if (p.format === 'text') {
      emit(env.stream, start, `START RequestId: ${requestId} Version: ${version}\n`);
      emit(env.stream, start + 1, `${new Date(start + 1).toISOString()}\t${requestId}\tINFO\thandled order\n`);
      emit(env.stream, end, `END RequestId: ${requestId}\n`);
      emit(env.stream, end, `${formatTextReport(report)}\n`);
    } else {
      emit(
        env.stream,
        start,
        JSON.stringify({ time: new Date(start).toISOString(), type: 'platform.start', record: { requestId, version } }),
      );
      emit(
        env.stream,
        start + 1,
        JSON.stringify({ timestamp: new Date(start + 1).toISOString(), level: 'INFO', requestId, message: 'handled order' }),
      );
      emit(env.stream, end, formatJsonReport(report, new Date(end)));
    }
    invocations.push({ startMs: start, endMs: end, cold, version, burst });
  }
  events.sort((a, b) => a.timestamp - b.timestamp || a.eventId.localeCompare(b.eventId));
  return { events, invocations };
}
