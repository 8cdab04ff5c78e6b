import { describe, expect, it } from 'vitest';
import { invocationFromEvent, parseLogStreamName } from '../../src/observe/invocation.js';
import { parseInstant, parseSince, resolvePeriod } from '../../src/observe/period.js';
import { matchesTermPattern } from './fake-logs-server.js';
import { REPORT_FILTER_PATTERN } from '../../src/observe/read-logs.js';

const TEXT_COLD =
  'REPORT RequestId: 8f5e4e3a-1d2b-4c6d-9e8f-0a1b2c3d4e5f\tDuration: 395.99 ms\tBilled Duration: 662 ms\tMemory Size: 512 MB\tMax Memory Used: 301 MB\tInit Duration: 265.72 ms\t\n';
const JSON_RESTORE =
  '{"time":"2026-11-22T09:30:12.410Z","type":"platform.report","record":{"requestId":"6f1d","metrics":{"durationMs":12.5,"billedDurationMs":157,"memorySizeMB":1024,"maxMemoryUsedMB":150,"restoreDurationMs":312.01,"billedRestoreDurationMs":144},"status":"success"}}';
const STREAM = '2026/11/22/[$LATEST]3f6c0e9d1b2a4c5d8e7f6a5b4c3d2e1f';

describe('log stream names', () => {
  it('give the version and the environment', () => {
    expect(parseLogStreamName(STREAM)).toEqual({ version: '$LATEST', environment: '3f6c0e9d1b2a4c5d8e7f6a5b4c3d2e1f' });
    expect(parseLogStreamName('2026/11/22/[12]abc')).toEqual({ version: '12', environment: 'abc' });
    expect(parseLogStreamName('my-own-stream')).toEqual({ environment: 'my-own-stream' });
  });
});

describe('invocationFromEvent', () => {
  it('turns a cold text REPORT into an invocation that started before its REPORT by INIT + Duration', () => {
    const inv = invocationFromEvent({ timestamp: 1_000_000, logStreamName: STREAM, message: TEXT_COLD, eventId: 'e1' })!;
    expect(inv).toMatchObject({
      kind: 'cold',
      initMs: 265.72,
      durationMs: 395.99,
      billedMs: 662,
      memoryMb: 512,
      maxMemoryMb: 301,
      version: '$LATEST',
      logFormat: 'text',
      requestId: '8f5e4e3a-1d2b-4c6d-9e8f-0a1b2c3d4e5f',
    });
    expect(inv.startMs).toBeCloseTo(1_000_000 - 265.72 - 395.99, 6);
    expect(inv.reportMs).toBe(1_000_000);
  });

  it('counts a SnapStart restore (JSON platform.report) as cold with its Restore Duration', () => {
    const inv = invocationFromEvent({ timestamp: 5000, logStreamName: '2026/11/22/[7]ab', message: JSON_RESTORE })!;
    expect(inv).toMatchObject({ kind: 'cold', restoreMs: 312.01, logFormat: 'json', status: 'success', version: '7', environment: 'ab' });
    expect(inv.initMs).toBeUndefined();
    expect(inv.startMs).toBeCloseTo(5000 - 312.01 - 12.5, 6);
  });

  it('ignores START/END lines, application logs and other platform records', () => {
    for (const message of [
      'START RequestId: 1 Version: $LATEST',
      'END RequestId: 1',
      '{"type":"platform.start","record":{"requestId":"1"}}',
      'INFO REPORT RequestId: missing fields',
    ]) {
      expect(invocationFromEvent({ timestamp: 1, logStreamName: STREAM, message })).toBeUndefined();
    }
  });

  it('the filter pattern matches both REPORT formats and nothing else (as the loopback endpoint evaluates it)', () => {
    expect(matchesTermPattern(REPORT_FILTER_PATTERN, TEXT_COLD)).toBe(true);
    expect(matchesTermPattern(REPORT_FILTER_PATTERN, JSON_RESTORE)).toBe(true);
    expect(matchesTermPattern(REPORT_FILTER_PATTERN, 'START RequestId: 1 Version: $LATEST')).toBe(false);
    expect(matchesTermPattern(REPORT_FILTER_PATTERN, '{"type":"platform.start"}')).toBe(false);
  });
});

describe('period flags', () => {
  const now = Date.parse('2026-12-01T08:00:00Z');
  it('parses durations and ISO dates', () => {
    expect(parseSince('7d')).toBe(7 * 86_400_000);
    expect(parseSince('12h')).toBe(12 * 3_600_000);
    expect(parseSince('30m')).toBe(30 * 60_000);
    expect(parseSince('2w')).toBe(14 * 86_400_000);
    expect(parseSince('7 days')).toBeUndefined();
    expect(parseInstant('2026-11-16')).toBe(Date.parse('2026-11-16T00:00:00Z'));
    expect(parseInstant('yesterday')).toBeUndefined();
  });

  it('defaults to the last 7 days and combines --start/--end or --since/--end', () => {
    expect(resolvePeriod({}, now).period).toEqual({ startMs: now - 7 * 86_400_000, endMs: now });
    expect(resolvePeriod({ since: '1d', end: '2026-11-20' }, now).period).toEqual({
      startMs: Date.parse('2026-11-19'),
      endMs: Date.parse('2026-11-20'),
    });
    expect(resolvePeriod({ start: '2026-11-16', end: '2026-11-23' }, now).period).toEqual({
      startMs: Date.parse('2026-11-16'),
      endMs: Date.parse('2026-11-23'),
    });
  });

  it('names the flag that is wrong', () => {
    expect(resolvePeriod({ since: '7d', start: '2026-11-16' }, now).problems[0]).toMatch(/^--since and --start/);
    expect(resolvePeriod({ start: '2026-11-23', end: '2026-11-16' }, now).problems[0]).toMatch(/period is empty/);
    expect(resolvePeriod({ end: '2027-01-01' }, now).problems[0]).toMatch(/^--end 2027-01-01: lies in the future/);
    expect(resolvePeriod({ start: 'monday' }, now).problems[0]).toMatch(/^--start monday: not a date/);
  });
});

describe('--function', () => {
  it('takes a name or an ARN (whose qualifier becomes --qualifier) and names the flag otherwise', async () => {
    const { functionNameOf } = await import('../../src/observe/run-observe.js');
    expect(functionNameOf('orders-api')).toEqual({ name: 'orders-api' });
    expect(functionNameOf('arn:aws:lambda:eu-west-1:123456789012:function:orders-api:live')).toEqual({
      name: 'orders-api',
      qualifier: 'live',
    });
    const bad = functionNameOf('arn:aws:lambda:eu-west-1:123456789012:layer:x');
    expect(bad.problem).toMatch(/^--function arn:aws:lambda:eu-west-1:<account>:layer:x: not a function name or function ARN/);
  });
});

describe('REPORT records as CloudWatch stores them', () => {
  it('reads a text REPORT followed by an X-Ray line in the same event', () => {
    const message = `${TEXT_COLD.trimEnd()}\nXRAY TraceId: 1-5f84c7a9-4f3b2a1c0d9e8f7a6b5c4d3e\tSegmentId: 0a1b2c3d4e5f6a7b\tSampled: true\t\n`;
    expect(invocationFromEvent({ timestamp: 10_000, logStreamName: STREAM, message })).toMatchObject({
      kind: 'cold',
      initMs: 265.72,
      durationMs: 395.99,
      memoryMb: 512,
    });
  });
});
