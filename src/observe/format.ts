/** Seconds for people: `850 ms`, `12.3 s`, `4 min 30 s`, `2 h 5 min`. Pure. */
export function seconds(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 60) return `${value < 10 ? value.toFixed(1) : Math.round(value)} s`;
  if (value < 3600) {
    const m = Math.floor(value / 60);
    const s = Math.round(value - m * 60);
    return s === 60 ? `${m + 1} min` : s === 0 ? `${m} min` : `${m} min ${s} s`;
  }
  const h = Math.floor(value / 3600);
  const m = Math.round((value - h * 3600) / 60);
  return m === 60 ? `${h + 1} h` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A UTC time for people, to the minute: `2026-11-16 14:05 UTC`. */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A whole count with thousands separators: `12,345`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
