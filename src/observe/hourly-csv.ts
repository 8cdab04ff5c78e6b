import { stringify } from 'csv-stringify/sync';
import type { HourBucket } from './analyse.js';

/** hourly.csv: one row per clock hour (UTC) of the period: its start, how much of it the period covers, requests, cold starts, peak concurrency. Pure. */
export function hourlyCsv(hourly: readonly HourBucket[]): string {
  return stringify([
    ['hour_start', 'hours', 'invocations', 'cold_starts', 'peak_concurrency'],
    ...hourly.map((h) => [
      new Date(h.startMs).toISOString(),
      String(Math.round(h.hours * 1e4) / 1e4),
      String(h.invocations),
      String(h.coldStarts),
      String(h.peakConcurrency),
    ]),
  ]);
}
