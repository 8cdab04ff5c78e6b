/** Milliseconds as written into CSV files: microsecond resolution, no trailing noise. */
export function csvMs(value: number | undefined): string {
  return value === undefined ? '' : String(Math.round(value * 1000) / 1000);
}

/** Milliseconds for people: three significant digits below 100 ms, whole ms above. */
export function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  const abs = Math.abs(value);
  if (abs >= 100) return `${Math.round(value)} ms`;
  if (abs >= 1) return `${value.toFixed(1)} ms`;
  if (abs >= 0.01) return `${value.toFixed(3)} ms`;
  return `${(value * 1000).toFixed(1)} µs`;
}

/** A signed difference, `+12.3 ms (+8 %)`. */
export function signedMs(diff: number, base: number): string {
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  const pct = base !== 0 ? ` (${sign}${Math.abs(Math.round((diff / base) * 100))} %)` : '';
  return `${sign}${ms(Math.abs(diff))}${pct}`;
}
