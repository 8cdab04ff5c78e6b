import { paginateFilterLogEvents, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { invocationFromEvent, type ObservedInvocation } from './invocation.js';
import type { ObservePeriod } from './period.js';

/**
 * Matches the REPORT record of both log formats: the text line
 * `REPORT RequestId: …` and the JSON object `{"type":"platform.report",…}`
 * (term patterns: `?` means "any of"; a quoted term matches that exact text).
 */
export const REPORT_FILTER_PATTERN = '?"REPORT RequestId" ?"platform.report"';

/** FilterLogEvents' own maximum page size. */
export const PAGE_LIMIT = 10_000;

export interface ReadProgress {
  pages: number;
  eventsRead: number;
  invocations: number;
  /** Timestamp of the last event read (pages come oldest first). */
  lastMs?: number;
}

export interface ReadOptions {
  logGroupName: string;
  period: ObservePeriod;
  /** Stop after this many REPORT records: the result then covers the period only up to the last one read. */
  maxEvents: number;
  /** Keep only invocations of these function versions (from the log stream names); undefined: all. */
  versions?: readonly string[];
  onPage?: (progress: ReadProgress) => void;
}

export interface ReadResult {
  invocations: ObservedInvocation[];
  pages: number;
  eventsRead: number;
  /** Events that matched the filter but held no complete REPORT record. */
  unparsed: number;
  /** Set when --max-events stopped the read before the end of the period: the time of the last REPORT read. */
  truncatedAtMs?: number;
}

/**
 * Reads the REPORT records of a log group in a period with FilterLogEvents,
 * page by page (the SDK's paginator follows nextToken; a page may be partial
 * or empty and pagination goes on while there is a token), oldest first,
 * duplicates (by event id) dropped, and stops after `maxEvents` records.
 * SDK errors (ResourceNotFoundException, AccessDeniedException, …) propagate.
 */
export async function readReportEvents(client: CloudWatchLogsClient, options: ReadOptions): Promise<ReadResult> {
  const seen = new Set<string>();
  const invocations: ObservedInvocation[] = [];
  let pages = 0;
  let eventsRead = 0;
  let unparsed = 0;
  let truncatedAtMs: number | undefined;
  const versions = options.versions ? new Set(options.versions) : undefined;
  const paginator = paginateFilterLogEvents(
    { client, pageSize: PAGE_LIMIT },
    {
      logGroupName: options.logGroupName,
      startTime: Math.floor(options.period.startMs),
      endTime: Math.ceil(options.period.endMs) - 1, // FilterLogEvents includes endTime; the period does not
      filterPattern: REPORT_FILTER_PATTERN,
    },
  );
  outer: for await (const page of paginator) {
    pages++;
    let lastMs: number | undefined;
    for (const event of page.events ?? []) {
      const key = event.eventId ?? `${event.logStreamName}\u0000${event.timestamp}\u0000${event.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      eventsRead++;
      lastMs = event.timestamp ?? lastMs;
      const invocation = invocationFromEvent(event);
      if (!invocation) {
        unparsed++;
        continue;
      }
      if (versions && !versions.has(invocation.version ?? '')) continue;
      invocations.push(invocation);
      if (invocations.length >= options.maxEvents) {
        truncatedAtMs = invocation.reportMs;
        options.onPage?.({ pages, eventsRead, invocations: invocations.length, lastMs: invocation.reportMs });
        break outer;
      }
    }
    options.onPage?.({ pages, eventsRead, invocations: invocations.length, ...(lastMs !== undefined ? { lastMs } : {}) });
  }
  return { invocations, pages, eventsRead, unparsed, ...(truncatedAtMs !== undefined ? { truncatedAtMs } : {}) };
}
