/**
 * Lambda's REPORT record, as found in the log tail of an Invoke with
 * `LogType: 'Tail'` (the last 4 KB of the invocation's log, base64). Pure.
 *
 * Text log format (one line, tab-separated fields):
 *   REPORT RequestId: 6f1d…\tDuration: 2.04 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 68 MB\tInit Duration: 151.25 ms\t
 * SnapStart adds `Restore Duration: 312.01 ms\tBilled Restore Duration: 144 ms` (and no Init Duration).
 * A failed invocation may end in `Status: error` or `Status: timeout` (and `Error Type: …`).
 *
 * JSON log format (one JSON object per line):
 *   {"time":"…","type":"platform.report","record":{"requestId":"…","metrics":{"durationMs":2.04,
 *    "billedDurationMs":3,"memorySizeMB":128,"maxMemoryUsedMB":68,"initDurationMs":151.25},"status":"success"}}
 */
export interface LambdaReport {
  requestId?: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Present when this invocation ran in a new environment (not with SnapStart or provisioned concurrency). */
  initDurationMs?: number;
  /** SnapStart: restoring the snapshot took this long. */
  restoreDurationMs?: number;
  billedRestoreDurationMs?: number;
  /** `success`, `error`, `timeout`: JSON format always; text format only on failed invocations (`Status: timeout`). */
  status?: string;
}

const TEXT_FIELDS: Record<string, keyof LambdaReport> = {
  Duration: 'durationMs',
  'Billed Duration': 'billedDurationMs',
  'Memory Size': 'memorySizeMb',
  'Max Memory Used': 'maxMemoryUsedMb',
  'Init Duration': 'initDurationMs',
  'Restore Duration': 'restoreDurationMs',
  'Billed Restore Duration': 'billedRestoreDurationMs',
};

const JSON_METRICS: Record<string, keyof LambdaReport> = {
  durationMs: 'durationMs',
  billedDurationMs: 'billedDurationMs',
  memorySizeMB: 'memorySizeMb',
  maxMemoryUsedMB: 'maxMemoryUsedMb',
  initDurationMs: 'initDurationMs',
  restoreDurationMs: 'restoreDurationMs',
  billedRestoreDurationMs: 'billedRestoreDurationMs',
};

const REQUIRED: (keyof LambdaReport)[] = ['durationMs', 'billedDurationMs', 'memorySizeMb', 'maxMemoryUsedMb'];

function complete(fields: Partial<LambdaReport>): LambdaReport | undefined {
  return REQUIRED.every((k) => typeof fields[k] === 'number') ? (fields as LambdaReport) : undefined;
}

/** Parses one text-format REPORT line (or a log event whose REPORT line is followed by others), or returns undefined. */
export function parseTextReport(line: string): LambdaReport | undefined {
  const at = line.indexOf('REPORT RequestId:');
  if (at === -1) return undefined;
  const fields: Partial<Record<keyof LambdaReport, number | string>> = {};
  // A CloudWatch event may hold more lines after the REPORT (the XRAY line of an active-tracing function): read the REPORT line only.
  for (const part of line
    .slice(at + 'REPORT '.length)
    .split(/\r?\n/, 1)[0]!
    .split('\t')) {
    const m = /^\s*([A-Za-z ]+?):\s*(\S+)(?:\s*(ms|MB))?\s*$/.exec(part);
    if (!m) continue;
    if (m[1] === 'RequestId' || m[1] === 'Status') {
      fields[m[1] === 'RequestId' ? 'requestId' : 'status'] = m[2]!;
      continue;
    }
    const key = TEXT_FIELDS[m[1]!];
    const value = Number(m[2]);
    if (key && Number.isFinite(value)) fields[key] = value;
  }
  return complete(fields as Partial<LambdaReport>);
}

/** Parses one JSON-format log line holding a `platform.report` record, or returns undefined. */
export function parseJsonReport(line: string): LambdaReport | undefined {
  const text = line.trim();
  if (!text.startsWith('{') || !text.includes('platform.report')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const event = parsed as { type?: unknown; record?: { requestId?: unknown; metrics?: Record<string, unknown>; status?: unknown } };
  if (event.type !== 'platform.report' || !event.record?.metrics) return undefined;
  const fields: Partial<Record<keyof LambdaReport, number | string>> = {};
  if (typeof event.record.requestId === 'string') fields.requestId = event.record.requestId;
  if (typeof event.record.status === 'string') fields.status = event.record.status;
  for (const [name, value] of Object.entries(event.record.metrics)) {
    const key = JSON_METRICS[name];
    if (key && typeof value === 'number' && Number.isFinite(value)) fields[key] = value;
  }
  return complete(fields as Partial<LambdaReport>);
}

/** The last REPORT record in a log tail, in either log format; undefined when the tail holds none. */
export function parseReport(logTail: string): LambdaReport | undefined {
  const lines = logTail.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const report = parseTextReport(line) ?? parseJsonReport(line);
    if (report) return report;
  }
  return undefined;
}

/**
 * The sample fields a REPORT gives: `init_ms` (Init Duration, or Restore Duration
 * with SnapStart), `invoke_ms`, `billed_ms` (Billed Duration, plus Billed Restore
 * Duration with SnapStart: both are billed as duration), `max_memory_mb`.
 */
export function reportFields(report: LambdaReport): {
  initMs?: number;
  invokeMs: number;
  billedMs: number;
  maxMemoryMb: number;
  memoryMb: number;
} {
  const initMs = report.initDurationMs ?? report.restoreDurationMs;
  return {
    ...(initMs !== undefined ? { initMs } : {}),
    invokeMs: report.durationMs,
    billedMs: report.billedDurationMs + (report.billedRestoreDurationMs ?? 0),
    maxMemoryMb: report.maxMemoryUsedMb,
    memoryMb: report.memorySizeMb,
  };
}

/** Renders a text-format REPORT line (used by the test endpoint; the exact layout Lambda writes). */
export function formatTextReport(r: LambdaReport): string {
  const parts = [
    `REPORT RequestId: ${r.requestId ?? '00000000-0000-0000-0000-000000000000'}`,
    `Duration: ${r.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${r.billedDurationMs} ms`,
    `Memory Size: ${r.memorySizeMb} MB`,
    `Max Memory Used: ${r.maxMemoryUsedMb} MB`,
    ...(r.initDurationMs !== undefined ? [`Init Duration: ${r.initDurationMs.toFixed(2)} ms`] : []),
    ...(r.restoreDurationMs !== undefined ? [`Restore Duration: ${r.restoreDurationMs.toFixed(2)} ms`] : []),
    ...(r.billedRestoreDurationMs !== undefined ? [`Billed Restore Duration: ${r.billedRestoreDurationMs} ms`] : []),
  ];
  return parts.join('\t') + '\t';
}

/** Renders a JSON-format `platform.report` line. */
export function formatJsonReport(r: LambdaReport, time = new Date()): string {
  const metrics: Record<string, number> = {
    durationMs: r.durationMs,
    billedDurationMs: r.billedDurationMs,
    memorySizeMB: r.memorySizeMb,
    maxMemoryUsedMB: r.maxMemoryUsedMb,
    ...(r.initDurationMs !== undefined ? { initDurationMs: r.initDurationMs } : {}),
    ...(r.restoreDurationMs !== undefined ? { restoreDurationMs: r.restoreDurationMs } : {}),
    ...(r.billedRestoreDurationMs !== undefined ? { billedRestoreDurationMs: r.billedRestoreDurationMs } : {}),
  };
  return JSON.stringify({
    time: time.toISOString(),
    type: 'platform.report',
    record: { requestId: r.requestId, metrics, status: r.status ?? 'success' },
  });
}

/**
 * Lambda's INIT_REPORT record: written when INIT did not end normally (it timed
 * out after 10 s or failed, and Lambda retries it inside the first invoke: a
 * "suppressed init", whose REPORT has no Init Duration), and for SnapStart
 * versions when the snapshot is taken.
 *
 * Text: `INIT_REPORT Init Duration: 10008.62 ms\tPhase: init\tStatus: timeout`
 * JSON: `{"type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init","status":"timeout","metrics":{"durationMs":10008.62}}}`
 */
export interface InitReport {
  initDurationMs: number;
  /** `init`, or `invoke` for the retried INIT inside the first request. */
  phase?: string;
  /** `success`, `timeout`, `error`, `failure`. */
  status?: string;
}

/** The first INIT_REPORT record of a log tail, in either format; undefined when there is none. */
export function parseInitReport(logTail: string): InitReport | undefined {
  for (const line of logTail.split(/\r?\n/)) {
    const at = line.indexOf('INIT_REPORT ');
    if (at !== -1) {
      const fields = new Map<string, string>();
      for (const part of line.slice(at + 'INIT_REPORT '.length).split('\t')) {
        const m = /^\s*([A-Za-z ]+?):\s*(\S+)/.exec(part);
        if (m) fields.set(m[1]!, m[2]!);
      }
      const ms = Number(fields.get('Init Duration'));
      if (Number.isFinite(ms))
        return {
          initDurationMs: ms,
          ...(fields.has('Phase') ? { phase: fields.get('Phase')! } : {}),
          ...(fields.has('Status') ? { status: fields.get('Status')! } : {}),
        };
      continue;
    }
    const text = line.trim();
    if (!text.startsWith('{') || !text.includes('platform.initReport')) continue;
    try {
      const event = JSON.parse(text) as {
        type?: string;
        record?: { phase?: unknown; status?: unknown; metrics?: { durationMs?: unknown } };
      };
      const ms = event.record?.metrics?.durationMs;
      if (event.type !== 'platform.initReport' || typeof ms !== 'number') continue;
      return {
        initDurationMs: ms,
        ...(typeof event.record?.phase === 'string' ? { phase: event.record.phase } : {}),
        ...(typeof event.record?.status === 'string' ? { status: event.record.status } : {}),
      };
    } catch {}
  }
  return undefined;
}

/** Renders a text-format INIT_REPORT line (used by the test endpoint). */
export function formatTextInitReport(r: InitReport): string {
  return [
    `INIT_REPORT Init Duration: ${r.initDurationMs.toFixed(2)} ms`,
    ...(r.phase ? [`Phase: ${r.phase}`] : []),
    ...(r.status ? [`Status: ${r.status}`] : []),
  ].join('\t');
}
