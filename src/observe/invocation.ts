import { parseJsonReport, parseTextReport } from '../targets/aws/report-line.js';

/**
 * One invocation as the function's log group records it: its REPORT record
 * (text or JSON log format) and the log stream it was written to. Pure.
 */
export interface ObservedInvocation {
  /** When the invocation started, estimated: the REPORT's timestamp minus Duration, Init Duration and Restore Duration (epoch ms). */
  startMs: number;
  /** Timestamp of the REPORT event: the end of the invocation (epoch ms). */
  reportMs: number;
  requestId: string;
  logStream: string;
  /** The function version from the log stream name (`$LATEST`, `12`); undefined for a stream named otherwise. */
  version?: string;
  /** The execution environment: the instance part of the log stream name (one stream per environment). */
  environment: string;
  /** `cold` when the REPORT carries Init Duration or Restore Duration (SnapStart), else `warm`. */
  kind: 'cold' | 'warm';
  initMs?: number;
  restoreMs?: number;
  durationMs: number;
  billedMs: number;
  maxMemoryMb: number;
  memoryMb: number;
  /** `success`, `error`, `timeout` where the log says (JSON format always, text format on failures only). */
  status?: string;
  logFormat: 'text' | 'json';
}

/** A log event as FilterLogEvents returns it (only the fields used here). */
export interface LogEvent {
  timestamp?: number;
  logStreamName?: string;
  message?: string;
  eventId?: string;
}

const STREAM = /^\d{4}\/\d{2}\/\d{2}\/\[([^\]]+)\](.+)$/;

/**
 * Lambda names a log stream `YYYY/MM/DD/[VERSION]INSTANCE`, one per execution
 * environment: `2026/11/16/[$LATEST]3f6c…`. Streams named otherwise (a custom
 * log group shared with other writers) give no version and the whole name as the environment.
 */
export function parseLogStreamName(name: string): { version?: string; environment: string } {
  const m = STREAM.exec(name);
  return m ? { version: m[1]!, environment: m[2]! } : { environment: name };
}

/** The invocation a log event reports, or undefined when the event is not a REPORT record. */
export function invocationFromEvent(event: LogEvent): ObservedInvocation | undefined {
  const message = event.message ?? '';
  if (event.timestamp === undefined) return undefined;
  const text = parseTextReport(message);
  const report = text ?? parseJsonReport(message);
  if (!report) return undefined;
  const stream = event.logStreamName ?? '';
  const { version, environment } = parseLogStreamName(stream);
  const initMs = report.initDurationMs;
  const restoreMs = report.restoreDurationMs;
  return {
    startMs: event.timestamp - report.durationMs - (initMs ?? 0) - (restoreMs ?? 0),
    reportMs: event.timestamp,
    requestId: report.requestId ?? event.eventId ?? '',
    logStream: stream,
    ...(version !== undefined ? { version } : {}),
    environment,
    kind: initMs !== undefined || restoreMs !== undefined ? 'cold' : 'warm',
    ...(initMs !== undefined ? { initMs } : {}),
    ...(restoreMs !== undefined ? { restoreMs } : {}),
    durationMs: report.durationMs,
    billedMs: report.billedDurationMs,
    maxMemoryMb: report.maxMemoryUsedMb,
    memoryMb: report.memorySizeMb,
    ...(report.status !== undefined ? { status: report.status } : {}),
    logFormat: text ? 'text' : 'json',
  };
}
