/**
 * The period to observe, from `--since 7d` or `--start … --end …`. Pure: the
 * current time is an argument.
 */
export interface ObservePeriod {
  startMs: number;
  endMs: number;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `12h`, `7d`, `2w` in milliseconds; undefined when the text is not such a duration. */
export function parseSince(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([mhdw])$/.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]) * UNIT_MS[m[2]!]!;
  return value > 0 ? value : undefined;
}

/** An ISO 8601 date or date-time (`2026-11-16`, `2026-11-16T08:00Z`) in epoch ms; undefined when it does not parse. */
export function parseInstant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const value = Date.parse(text.trim());
  return Number.isFinite(value) ? value : undefined;
}

export interface PeriodFlags {
  since?: string;
  start?: string;
  end?: string;
}

/** The period the flags ask for, or the problems with them (each naming its flag). Default: the last 7 days. */
export function resolvePeriod(flags: PeriodFlags, nowMs: number): { period?: ObservePeriod; problems: string[] } {
  const problems: string[] = [];
  if (flags.since !== undefined && flags.start !== undefined)
    problems.push('--since and --start: give one of them (--since 7d, or --start 2026-11-16 [--end 2026-11-23])');
  let endMs = nowMs;
  if (flags.end !== undefined) {
    const end = parseInstant(flags.end);
    if (end === undefined)
      problems.push(
        `--end ${flags.end}: not a date; give an ISO 8601 date or time, for example --end 2026-11-23 or --end 2026-11-23T12:00Z`,
      );
    else endMs = end;
  }
  let startMs = endMs - 7 * UNIT_MS.d!;
  if (flags.start !== undefined) {
    const start = parseInstant(flags.start);
    if (start === undefined)
      problems.push(`--start ${flags.start}: not a date; give an ISO 8601 date or time, for example --start 2026-11-16`);
    else startMs = start;
  } else if (flags.since !== undefined) {
    const since = parseSince(flags.since);
    if (since === undefined)
      problems.push(`--since ${flags.since}: not a duration; give a number with m, h, d or w, for example --since 7d or --since 12h`);
    else startMs = endMs - since;
  }
  if (problems.length === 0 && startMs >= endMs)
    problems.push(`--start/--end: the period is empty (${new Date(startMs).toISOString()} is not before ${new Date(endMs).toISOString()})`);
  if (problems.length === 0 && endMs > nowMs + 60_000)
    problems.push(`--end ${flags.end}: lies in the future; leave it out to observe up to now`);
  return problems.length > 0 ? { problems } : { period: { startMs, endMs }, problems };
}
