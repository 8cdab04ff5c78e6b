import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeMain } from '../../src/cli/observe-main.js';
import { OBSERVE_EXIT } from '../../src/observe/run-observe.js';
import { readObservedTraffic } from '../../src/observe/traffic.js';
import { FakeLogsServer, FAKE_ACCOUNT, fakeLogsEnv } from './fake-logs-server.js';
import { PLANTED_WEEK, generateLog, plantedColdShare, rateAt, type GeneratedLog, type Planted } from './generate-logs.js';
import { capture } from '../helpers.js';

const savedEnv = { ...process.env };
const fake = new FakeLogsServer({ pageSize: 1000, emptyPageEvery: 3 });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'coldbench-observe-'));
const WEEK = ['--start', '2026-11-16T00:00:00Z', '--end', '2026-11-23T00:00:00Z'];
const planted: Record<'text' | 'json', Planted> = {
  text: PLANTED_WEEK,
  json: { ...PLANTED_WEEK, format: 'json', seed: PLANTED_WEEK.seed + 1 },
};
const logs: Partial<Record<'text' | 'json', GeneratedLog>> = {};

beforeAll(async () => {
  for (const format of ['text', 'json'] as const) {
    logs[format] = generateLog(planted[format]);
    fake.addGroup(`/aws/lambda/orders-${format}`, logs[format]!.events);
  }
  fake.addGroup('/aws/lambda/secret', []);
  fake.denied.add('/aws/lambda/secret');
  fake.aliases.set('orders-text:live', { version: '4' });
  Object.assign(process.env, fakeLogsEnv(await fake.start()));
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
});

afterAll(async () => {
  await fake.stop();
  process.env = savedEnv;
  rmSync(tmp, { recursive: true, force: true });
});

/** Rows of a CSV file as objects. */
function csv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
}

describe.each(['text', 'json'] as const)('coldbench observe on a generated week, %s log format', (format) => {
  const out = path.join(tmp, `week-${format}`);
  const p = planted[format];
  let report = '';

  beforeAll(async () => {
    const c = capture();
    const code = await observeMain(['--function', `orders-${format}`, ...WEEK, '--out', out, '--region', 'us-east-1'], c.io);
    expect(code, c.err.join('\n')).toBe(OBSERVE_EXIT.ok);
    report = readFileSync(path.join(out, 'report.md'), 'utf8');
    // Progress went to stderr, page by page; the result line to stdout.
    expect(c.err.some((l) => /page \d+: [\d,]+ invocations/.test(l))).toBe(true);
    expect(c.out.join('\n')).toMatch(new RegExp(`orders-${format}: \\d+ invocations`));
  }, 60_000);

  it('reads every REPORT record through several pages and writes one row per invocation', () => {
    const truth = logs[format]!.invocations;
    const rows = csv(path.join(out, 'observed.csv'));
    expect(rows).toHaveLength(truth.length);
    expect(rows.filter((r) => r.kind === 'cold')).toHaveLength(truth.filter((i) => i.cold).length);
    expect(rows.every((r) => r.log_format === format && r.memory_mb === '512')).toBe(true);
    expect(new Set(rows.map((r) => r.version))).toEqual(new Set(['3', '4']));
    // Environments come from the stream names: one per cold start.
    expect(new Set(rows.map((r) => r.environment)).size).toBe(truth.filter((i) => i.cold).length);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    // Pages of at most 1,000 events, some of them empty while a nextToken says more follow.
    expect(meta.source.pages).toBeGreaterThanOrEqual(Math.ceil(truth.length / 1000));
    expect(fake.emptyPagesServed).toBeGreaterThan(0);
    expect(meta.kind).toBe('observe');
    expect(JSON.stringify(meta)).not.toContain(FAKE_ACCOUNT);
    expect(readdirSync(out).sort()).toEqual([
      'hourly.csv',
      'hourly.svg',
      'idle-gaps.svg',
      'init.svg',
      'observed.csv',
      'report.md',
      'run.json',
    ]);
  });

  it('recovers the planted cold-start rate of night and day hours within three standard errors', () => {
    const hourly = csv(path.join(out, 'hourly.csv'));
    for (const part of ['night', 'day'] as const) {
      const rate = part === 'night' ? p.nightRate : p.dayRate;
      const hours = hourly.filter((h) => {
        const hour = new Date(h.hour_start!).getUTCHours();
        return rateAt(hour, p) === rate && hour !== p.burstHour; // burst hours add cold starts under concurrency
      });
      const n = hours.reduce((s, h) => s + Number(h.invocations), 0);
      const cold = hours.reduce((s, h) => s + Number(h.cold_starts), 0);
      const expected = plantedColdShare(rate, p);
      const se = Math.sqrt((expected * (1 - expected)) / n);
      expect(n).toBeGreaterThan(400);
      expect(Math.abs(cold / n - expected), `${part}: ${cold}/${n} against ${expected.toFixed(3)} ± ${se.toFixed(3)}`).toBeLessThan(3 * se);
    }
  });

  it('recovers the planted INIT median within three standard errors, and the report gives its interval', () => {
    const m = /INIT \(Init Duration\) median \*\*(\d+) ms \[(\d+) ms–(\d+) ms\]\*\*.* over (\d+) cold starts/.exec(report);
    expect(m, report.slice(0, 1500)).not.toBeNull();
    const [median, lo, hi, n] = m!.slice(1).map(Number) as [number, number, number, number];
    // Asymptotic standard error of a log-normal sample's median: m·σ·√(2π) / (2√n).
    const se = (p.initMedianMs * p.initSigma * Math.sqrt(2 * Math.PI)) / (2 * Math.sqrt(n));
    expect(Math.abs(median - p.initMedianMs)).toBeLessThan(3 * se + 1); // + 1: the report rounds to whole ms
    expect(lo).toBeLessThanOrEqual(median);
    expect(hi).toBeGreaterThanOrEqual(median);
    expect(hi - lo).toBeLessThan(8 * se + 2);
  });

  it('brackets the planted idle reclaim and finds the daily bursts as concurrency peaks', () => {
    const reclaim = /estimated idle reclaim: (\d+) min(?: (\d+) s)?/.exec(report);
    expect(reclaim, report).not.toBeNull();
    const estimateS = Number(reclaim![1]) * 60 + Number(reclaim![2] ?? 0);
    expect(estimateS).toBeGreaterThanOrEqual(p.reclaimMinS);
    expect(estimateS).toBeLessThanOrEqual(p.reclaimMaxS);
    const rows = report.split('\n').filter((l) => /^\| 2026-11-\d\d \|/.test(l));
    expect(rows).toHaveLength(7);
    for (const row of rows) {
      const peak = Number(row.split('|')[6]!.trim());
      expect(peak).toBeGreaterThanOrEqual(p.burstSize);
      expect(peak).toBeLessThanOrEqual(p.burstSize + 2);
    }
    expect(report).toMatch(new RegExp(`Peak concurrency \\*\\*(${p.burstSize}|${p.burstSize + 1}|${p.burstSize + 2})\\*\\*`));
  });

  it('feeds the traffic model: arrival times, period and hourly rates from the folder', () => {
    const traffic = readObservedTraffic(out);
    const truth = logs[format]!.invocations;
    expect(traffic.invocations).toBe(truth.length);
    expect(traffic.coldStarts).toBe(truth.filter((i) => i.cold).length);
    expect(traffic.periodS).toBe(7 * 86_400);
    expect(traffic.arrivalTimesS).toHaveLength(truth.length);
    expect(traffic.arrivalTimesS.every((t, i, a) => i === 0 || a[i - 1]! <= t)).toBe(true);
    // Within a millisecond of the planted start times.
    const planted = truth.map((i) => (i.startMs - p.startMs) / 1000).sort((a, b) => a - b);
    expect(Math.max(...traffic.arrivalTimesS.map((t, i) => Math.abs(t - planted[i]!)))).toBeLessThan(0.002);
    expect(traffic.hourlyRates).toHaveLength(168);
    const nightHours = traffic.hourlyRates.filter((_, k) => rateAt(k % 24, p) === p.nightRate);
    const nightMean = nightHours.reduce((a, b) => a + b, 0) / nightHours.length;
    expect(nightMean).toBeGreaterThan(p.nightRate * 0.8);
    expect(nightMean).toBeLessThan(p.nightRate * 1.2);
    expect(traffic.idleReclaimEstimateS).toBeGreaterThanOrEqual(p.reclaimMinS);
    expect(traffic.idleReclaimEstimateS).toBeLessThanOrEqual(p.reclaimMaxS);
  });
});

describe('coldbench observe: qualifier, bound, errors', () => {
  it('--qualifier with an alias keeps only the version it points to (resolved with GetAlias)', async () => {
    const c = capture();
    const out = path.join(tmp, 'alias');
    expect(await observeMain(['--function', 'orders-text', ...WEEK, '--qualifier', 'live', '--out', out], c.io), c.err.join('\n')).toBe(
      OBSERVE_EXIT.ok,
    );
    const rows = csv(path.join(out, 'observed.csv'));
    expect(rows).toHaveLength(logs.text!.invocations.filter((i) => i.version === '4').length);
    expect(new Set(rows.map((r) => r.version))).toEqual(new Set(['4']));
    expect(fake.calls).toContain('GetAlias');
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('qualifier live (versions 4)');
  });

  it('--max-events bounds the read and the report says where the period was cut', async () => {
    const c = capture();
    const out = path.join(tmp, 'bounded');
    expect(await observeMain(['--function', 'orders-text', ...WEEK, '--max-events', '500', '--out', out], c.io), c.err.join('\n')).toBe(
      OBSERVE_EXIT.ok,
    );
    expect(csv(path.join(out, 'observed.csv'))).toHaveLength(500);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.source.truncated).toBe(true);
    expect(Date.parse(meta.period.end)).toBeLessThan(Date.parse('2026-11-23T00:00:00Z'));
    expect(c.err.join('\n')).toContain('--max-events 500 reached');
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('cut short by --max-events 500');
  });

  it('retries throttling (the SDK honours it) and still reads everything', async () => {
    fake.faults.throttle = 2;
    const c = capture();
    const out = path.join(tmp, 'throttled');
    expect(await observeMain(['--function', 'orders-json', ...WEEK, '--out', out], c.io), c.err.join('\n')).toBe(OBSERVE_EXIT.ok);
    expect(csv(path.join(out, 'observed.csv'))).toHaveLength(logs.json!.invocations.length);
  }, 30_000);

  it('a missing log group names the function, the group and the region, exit code 3', async () => {
    const c = capture();
    expect(await observeMain(['--function', 'no-such-fn', ...WEEK, '--out', path.join(tmp, 'missing')], c.io)).toBe(OBSERVE_EXIT.notFound);
    expect(c.err.join('\n')).toMatch(/--function no-such-fn: log group \/aws\/lambda\/no-such-fn does not exist in us-east-1/);
  });

  it('AccessDenied names the permission, hides the account id, exit code 4', async () => {
    const c = capture();
    expect(await observeMain(['--function', 'secret', ...WEEK, '--out', path.join(tmp, 'denied')], c.io)).toBe(OBSERVE_EXIT.accessDenied);
    const text = c.err.join('\n');
    expect(text).toContain('logs:FilterLogEvents on log group /aws/lambda/secret');
    expect(text).not.toContain(FAKE_ACCOUNT);
  });

  it('an empty period names the function and the period and writes no folder, exit code 5', async () => {
    const c = capture();
    const out = path.join(tmp, 'empty');
    expect(await observeMain(['--function', 'orders-text', '--start', '2026-10-01', '--end', '2026-10-02', '--out', out], c.io)).toBe(
      OBSERVE_EXIT.empty,
    );
    expect(c.err.join('\n')).toMatch(
      /--function orders-text: no REPORT record in log group \/aws\/lambda\/orders-text between 2026-10-01 00:00 UTC and 2026-10-02 00:00 UTC/,
    );
    expect(() => readdirSync(out)).toThrow();
  });

  it('an unknown alias is exit code 3, bad flags exit code 2 naming the flag', async () => {
    const c = capture();
    expect(await observeMain(['--function', 'orders-text', ...WEEK, '--qualifier', 'nope'], c.io)).toBe(OBSERVE_EXIT.notFound);
    expect(c.err.join('\n')).toContain('--qualifier nope: function orders-text has no such alias');
    const bad = capture();
    expect(await observeMain(['--function', 'orders-text', '--since', 'a week'], bad.io)).toBe(OBSERVE_EXIT.usage);
    expect(bad.err.join('\n')).toContain('--since a week: not a duration');
    const both = capture();
    expect(await observeMain(['--function', 'orders-text', '--since', '7d', '--start', '2026-11-16'], both.io)).toBe(OBSERVE_EXIT.usage);
    expect(both.err.join('\n')).toContain('--since and --start');
    const none = capture();
    expect(await observeMain(['--since', '7d'], none.io)).toBe(OBSERVE_EXIT.usage);
    expect(none.err.join('\n')).toContain('--function');
  });

  it('no credentials: exit code 2 saying how to provide them', async () => {
    const c = capture();
    const keys = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      expect(await observeMain(['--function', 'orders-text', ...WEEK, '--out', path.join(tmp, 'nocreds')], c.io)).toBe(OBSERVE_EXIT.usage);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = keys.id;
      process.env.AWS_SECRET_ACCESS_KEY = keys.secret;
    }
    expect(c.err.join('\n')).toContain('no AWS credentials: set AWS_PROFILE');
  });

  it('the entry behind `npm run observe` runs as its own process and exits with the documented code', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/observe.ts', '--function', 'no-such-fn', '--since', '1d'], {
      env: { ...process.env, AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(OBSERVE_EXIT.notFound);
    expect(stderr).toContain('log group /aws/lambda/no-such-fn does not exist');
  }, 30_000);
});
