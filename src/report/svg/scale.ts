/** A mapping from data values to pixels, with the ticks to label. */
export interface Scale {
  (value: number): number;
  ticks: number[];
  log: boolean;
}

function niceStep(range: number, count: number): number {
  const raw = range / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  return (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
}

/** A linear scale from 0 (or the minimum, when negative) to a nice maximum over [from, to] pixels. */
export function linearScale(min: number, max: number, from: number, to: number, tickCount = 5): Scale {
  const lo = Math.min(0, min);
  const hiRaw = max > lo ? max : lo + 1;
  const step = niceStep(hiRaw - lo, tickCount);
  const hi = Math.ceil(hiRaw / step) * step;
  const ticks: number[] = [];
  for (let t = Math.floor(lo / step) * step; t <= hi + step / 2; t += step) ticks.push(Math.round(t / step) * step);
  const f = ((v: number) => from + ((v - lo) / (hi - lo)) * (to - from)) as Scale;
  f.ticks = ticks;
  f.log = false;
  return f;
}

/** A base-10 logarithmic scale over whole decades around [min, max] (both > 0), ticks at 1, 2 and 5 when few decades. */
export function logScale(min: number, max: number, from: number, to: number): Scale {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) {
    for (const m of hi - lo <= 3 ? [1, 2, 5] : [1]) {
      const t = m * 10 ** e;
      if (t <= 10 ** hi * 1.0001) ticks.push(Number(t.toPrecision(6)));
    }
  }
  const f = ((v: number) => from + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * (to - from)) as Scale;
  f.ticks = ticks;
  f.log = true;
  return f;
}

/** Log scale when the values span more than a factor of 30 (a 0.3 ms prewarmed request next to 250 ms cold starts), else linear. */
export function autoScale(values: readonly number[], from: number, to: number): Scale {
  const positive = values.filter((v) => v > 0);
  const min = Math.min(...positive);
  const max = Math.max(...values);
  if (positive.length === values.length && positive.length > 0 && max / min > 30) return logScale(min, max, from, to);
  return linearScale(Math.min(0, ...values), max, from, to);
}
