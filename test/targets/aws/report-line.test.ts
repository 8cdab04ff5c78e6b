import { describe, expect, it } from 'vitest';
import { formatJsonReport, formatTextReport, parseReport, reportFields } from '../../../src/targets/aws/report-line.js';

// Tails as Lambda returns them with LogType Tail (decoded from base64).
const TEXT_COLD = [
  'START RequestId: 8f5e4e3a-1d2b-4c6d-9e8f-0a1b2c3d4e5f Version: $LATEST',
  '2026-11-22T09:30:12.345Z\t8f5e4e3a-1d2b-4c6d-9e8f-0a1b2c3d4e5f\tINFO\thello',
  'END RequestId: 8f5e4e3a-1d2b-4c6d-9e8f-0a1b2c3d4e5f',
  'REPORT RequestId: 8f5e4e3a-1d2b-4c6d-9e8f-0a1b2c3d4e5f\tDuration: 395.99 ms\tBilled Duration: 662 ms\tMemory Size: 512 MB\tMax Memory Used: 301 MB\tInit Duration: 265.72 ms\t',
  '',
].join('\n');
const TEXT_WARM =
  'END RequestId: 1\nREPORT RequestId: faff6a71-7ea0-11e8-ac94-1710ce2fc493\tDuration: 1.79 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 46 MB\t\n';
const SNAPSTART =
  'REPORT RequestId: 2b0f6a1e-7c2d-4b8e-9f10-3a4b5c6d7e8f\tDuration: 12.34 ms\tBilled Duration: 157 ms\tMemory Size: 1024 MB\tMax Memory Used: 150 MB\tRestore Duration: 312.01 ms\tBilled Restore Duration: 144 ms\t';
const JSON_COLD = [
  '{"time":"2026-11-22T09:30:12.100Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"nodejs:22.v40","functionName":"f","functionVersion":"$LATEST"}}',
  '{"time":"2026-11-22T09:30:12.400Z","type":"platform.start","record":{"requestId":"6f1d","version":"$LATEST"}}',
  '{"timestamp":"2026-11-22T09:30:12.401Z","level":"INFO","requestId":"6f1d","message":"hello"}',
  '{"time":"2026-11-22T09:30:12.410Z","type":"platform.report","record":{"requestId":"6f1d","metrics":{"durationMs":2.04,"billedDurationMs":154,"memorySizeMB":128,"maxMemoryUsedMB":68,"initDurationMs":151.25},"status":"success"}}',
].join('\n');

describe('REPORT parsing', () => {
  it('reads a cold text REPORT with Init Duration', () => {
    expect(parseReport(TEXT_COLD)).toEqual({
      requestId: '8f5e4e3a-1d2b-4c6d-9e8f-0a1b2c3d4e5f',
      durationMs: 395.99,
      billedDurationMs: 662,
      memorySizeMb: 512,
      maxMemoryUsedMb: 301,
      initDurationMs: 265.72,
    });
    expect(reportFields(parseReport(TEXT_COLD)!)).toEqual({
      initMs: 265.72,
      invokeMs: 395.99,
      billedMs: 662,
      maxMemoryMb: 301,
      memoryMb: 512,
    });
  });

  it('reads a warm text REPORT: no Init Duration', () => {
    const r = parseReport(TEXT_WARM)!;
    expect(r.initDurationMs).toBeUndefined();
    expect(reportFields(r)).toEqual({ invokeMs: 1.79, billedMs: 2, maxMemoryMb: 46, memoryMb: 128 });
  });

  it("reads SnapStart's Restore Duration (no Init Duration) and uses it as init_ms", () => {
    const r = parseReport(SNAPSTART)!;
    expect(r.restoreDurationMs).toBe(312.01);
    expect(r.billedRestoreDurationMs).toBe(144);
    expect(r.initDurationMs).toBeUndefined();
    expect(reportFields(r).initMs).toBe(312.01);
  });

  it('reads the JSON log format (platform.report among other records)', () => {
    expect(parseReport(JSON_COLD)).toEqual({
      requestId: '6f1d',
      status: 'success',
      durationMs: 2.04,
      billedDurationMs: 154,
      memorySizeMb: 128,
      maxMemoryUsedMb: 68,
      initDurationMs: 151.25,
    });
  });

  it('returns undefined for a tail without a REPORT, or a truncated one', () => {
    expect(parseReport('START RequestId: x Version: $LATEST\nEND RequestId: x\n')).toBeUndefined();
    expect(parseReport('REPORT RequestId: x\tDuration: 1.00 ms\t')).toBeUndefined();
    expect(parseReport('{"type":"platform.report","record":{"metrics":{"durationMs":1}}}')).toBeUndefined();
  });

  it('formats what it parses (the test endpoint writes these)', () => {
    const r = { requestId: 'abc', durationMs: 1.5, billedDurationMs: 2, memorySizeMb: 256, maxMemoryUsedMb: 70, initDurationMs: 100.25 };
    expect(formatTextReport(r)).toBe(
      'REPORT RequestId: abc\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 256 MB\tMax Memory Used: 70 MB\tInit Duration: 100.25 ms\t',
    );
    expect(parseReport(formatTextReport(r))).toEqual(r);
    expect(parseReport(formatJsonReport(r))).toEqual({ ...r, status: 'success' });
  });
});

describe('INIT_REPORT and preflight', () => {
  it('reads a suppressed init from a text or JSON INIT_REPORT, and Billed Restore Duration into billed_ms', async () => {
    const { parseInitReport, parseReport, reportFields } = await import('../../../src/targets/aws/report-line.js');
    const text = 'INIT_REPORT Init Duration: 10008.62 ms\tPhase: init\tStatus: timeout\nSTART RequestId: x Version: $LATEST\n';
    expect(parseInitReport(text)).toEqual({ initDurationMs: 10008.62, phase: 'init', status: 'timeout' });
    const json = JSON.stringify({
      time: 't',
      type: 'platform.initReport',
      record: { initializationType: 'on-demand', phase: 'init', status: 'error', metrics: { durationMs: 812.5 } },
    });
    expect(parseInitReport(`${json}\n`)).toEqual({ initDurationMs: 812.5, phase: 'init', status: 'error' });
    expect(parseInitReport('START RequestId: x\n')).toBeUndefined();
    const report = parseReport(
      'REPORT RequestId: r\tDuration: 2.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tRestore Duration: 312.01 ms\tBilled Restore Duration: 144 ms\t',
    )!;
    expect(reportFields(report)).toMatchObject({ initMs: 312.01, billedMs: 3 + 144 });
  });

  it('plans concurrency within the account: half the unreserved pool, and --provisioned keeps 10 unreserved', async () => {
    const { planConcurrency } = await import('../../../src/targets/aws/preflight.js');
    expect(planConcurrency({ requested: 8, unreserved: 1000, provisioned: false })).toEqual({ concurrency: 8, notes: [], errors: [] });
    expect(planConcurrency({ requested: 8, unreserved: 10, provisioned: false }).concurrency).toBe(5);
    expect(planConcurrency({ requested: 8, unreserved: 10, provisioned: true }).errors[0]).toContain(
      'UnreservedConcurrentExecution below its minimum value of [10]',
    );
    expect(planConcurrency({ requested: 8, unreserved: 14, provisioned: true }).concurrency).toBe(4);
    expect(planConcurrency({ requested: 8, unreserved: undefined, provisioned: true }).concurrency).toBe(8);
  });
});

describe('REPORT status (text format)', () => {
  it('reads Status: timeout from a text REPORT and leaves it out when absent', () => {
    const timedOut =
      'REPORT RequestId: 0c1d\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tStatus: timeout';
    expect(parseReport(timedOut)).toMatchObject({ requestId: '0c1d', durationMs: 3000, status: 'timeout' });
    expect(parseReport(TEXT_WARM)?.status).toBeUndefined();
  });
});
