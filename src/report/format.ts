/** Milliseconds as written into summary CSV files: microsecond resolution, no trailing noise. */
export function csvMs(value: number | undefined): string {
  return value === undefined ? '' : String(Math.round(value * 1000) / 1000);
}

/**
 * A signed value (a difference or an interval bound) for a summary CSV: like
 * {@link csvMs}, but a non-zero value that would round to 0 keeps three
 * significant digits, so that its sign is never lost (`-0.00031`, not `0`).
 */
export function csvSigned(value: number | undefined): string {
  if (value === undefined) return '';
  const rounded = Math.round(value * 1000) / 1000;
  if (rounded === 0 && value !== 0) return String(Number(value.toPrecision(3)));
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * A measured value as written into samples.csv: the shortest text that reads
 * back as exactly the same double (ECMAScript's Number to String). The
 * statistics of a run are computed from these values, so a report rendered
 * again from samples.csv is the same report.
 */
export function csvExact(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

/** Milliseconds for people: three significant digits below 100 ms, whole ms above. */
export function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  const abs = Math.abs(value);
  if (abs >= 100) return `${Math.round(value)} ms`;
  if (abs >= 1) return `${value.toFixed(1)} ms`;
  if (abs >= 0.01) return `${value.toFixed(3)} ms`;
  const us = value * 1000;
  // A tiny non-zero value keeps two significant digits: its sign and size must survive (an interval bound of −0.02 µs is not 0).
  if (us !== 0 && Math.abs(us) < 0.05) return `${Number(us.toPrecision(2))} µs`;
  return `${us.toFixed(1)} µs`;
}

/** A p-value for people: two significant digits, `< 0.001` below that. */
export function pValue(p: number): string {
  if (p < 0.001) return '< 0.001';
  return p >= 0.1 ? p.toFixed(2) : p.toPrecision(2);
}

/** A signed difference without percentage, `+12.3 ms`, `−4.0 ms`. */
export function signed(diff: number): string {
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  return `${sign}${ms(Math.abs(diff))}`;
}

/** An interval of two milliseconds values, `[−12.3 ms, +4.0 ms]` when signed, else `[101 ms–108 ms]`. */
export function interval(ci: readonly [number, number], withSign = false): string {
  return withSign ? `[${signed(ci[0])}, ${signed(ci[1])}]` : `[${ms(ci[0])}–${ms(ci[1])}]`;
}

/** A share as a percentage for people: `12 %`, `0.3 %`, `< 0.01 %`. */
export function percent(share: number): string {
  const p = share * 100;
  if (p === 0) return '0 %';
  if (p < 0.01) return '< 0.01 %';
  if (p < 1) return `${p.toPrecision(1)} %`;
  if (p < 10) return `${p.toFixed(1)} %`;
  return `${Math.round(p)} %`;
}

/** USD for people: whole dollars from $100, cents from $1, three significant digits below. */
export function usd(value: number): string {
  if (value >= 100) return `$${Math.round(value)}`;
  if (value >= 1) return `$${value.toFixed(2)}`;
  if (value === 0) return '$0';
  return `$${value.toPrecision(3)}`;
}

/**
 * A fenced code block around text that may hold backticks itself (an error
 * message quoting markdown): the fence is longer than the longest run of
 * backticks inside, so, as CommonMark reads it, nothing in the text can close
 * it and no heading, link or image in it renders. Returns the block's lines.
 */
export function codeBlock(text: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence, text, fence];
}
