import { distributionChart } from '../report/svg/distribution.js';
import { GRID, MUTED, colour, document, esc, px, text } from '../report/svg/elements.js';
import { linearScale } from '../report/svg/scale.js';
import type { ObservedAnalysis } from './analyse.js';
import { seconds } from './format.js';
import type { ObservedInvocation } from './invocation.js';

/** The charts of an observe run: file name and title (report.md links them). */
export const OBSERVE_CHARTS = {
  hourly: { file: 'hourly.svg', title: 'Requests, cold starts and peak concurrency per hour' },
  init: { file: 'init.svg', title: 'INIT duration of the observed cold starts' },
  idle: { file: 'idle-gaps.svg', title: 'Idle time before each request, warm and cold' },
} as const;

const WIDTH = 760;
const LEFT = 64;
const RIGHT = 20;

/** Bars per clock hour: requests (light), cold starts (dark) on top panel; peak concurrency below. Pure. */
export function hourlyChart(a: ObservedAnalysis): string {
  const hours = a.hourly;
  const body: string[] = [];
  const x0 = LEFT;
  const x1 = WIDTH - RIGHT;
  const step = (x1 - x0) / Math.max(1, hours.length);
  const panel = (top: number, height: number, label: string, series: { name: string; values: number[]; colour: string }[]) => {
    const max = Math.max(1, ...series.flatMap((s) => s.values));
    const y = linearScale(0, max, top + height, top, 4);
    for (const t of y.ticks) {
      body.push(`<line x1="${x0}" y1="${px(y(t))}" x2="${x1}" y2="${px(y(t))}" stroke="${GRID}"/>`);
      body.push(text(x0 - 6, y(t) + 4, String(t), `text-anchor="end" fill="${MUTED}" font-size="10"`));
    }
    body.push(text(x0 + 6, top - 8, label, 'font-weight="600"'));
    for (const s of series) {
      body.push(`<g class="series" data-series="${esc(s.name)}">`);
      s.values.forEach((v, i) => {
        if (v <= 0) return;
        body.push(
          `<rect x="${px(x0 + i * step)}" y="${px(y(v))}" width="${px(Math.max(0.6, step - 0.4))}" height="${px(y(0) - y(v))}" fill="${s.colour}"/>`,
        );
      });
      body.push('</g>');
    }
  };
  panel(84, 170, 'requests per hour (cold starts darker)', [
    { name: 'requests', values: hours.map((h) => h.invocations), colour: '#9ecae1' },
    { name: 'cold starts', values: hours.map((h) => h.coldStarts), colour: colour(4) },
  ]);
  panel(300, 90, 'peak concurrency per hour', [
    { name: 'peak concurrency', values: hours.map((h) => h.peakConcurrency), colour: colour(0) },
  ]);
  // Day boundaries.
  hours.forEach((h, i) => {
    if (new Date(h.startMs).getUTCHours() !== 0 && i !== 0) return;
    const x = x0 + i * step;
    body.push(`<line x1="${px(x)}" y1="76" x2="${px(x)}" y2="392" stroke="${MUTED}" stroke-dasharray="2 3"/>`);
    body.push(text(x + 3, 408, new Date(h.startMs).toISOString().slice(5, 10), `fill="${MUTED}" font-size="10"`));
  });
  return document(
    WIDTH,
    430,
    OBSERVE_CHARTS.hourly.title,
    `${hours.length} hours, UTC; ${a.total.invocations} requests, ${a.total.coldStarts} cold`,
    body,
  );
}

/** Stacked bars of warm and cold requests per idle-gap bin. Pure. */
export function idleChart(a: ObservedAnalysis): string {
  const bins = a.reclaim.bins;
  const body: string[] = [];
  const top = 84;
  const bottom = 330;
  const x0 = LEFT;
  const x1 = WIDTH - RIGHT;
  const step = (x1 - x0) / Math.max(1, bins.length);
  const y = linearScale(0, Math.max(1, ...bins.map((b) => b.warm + b.cold)), bottom, top, 5);
  for (const t of y.ticks) {
    body.push(`<line x1="${x0}" y1="${px(y(t))}" x2="${x1}" y2="${px(y(t))}" stroke="${GRID}"/>`);
    body.push(text(x0 - 6, y(t) + 4, String(t), `text-anchor="end" fill="${MUTED}" font-size="10"`));
  }
  [
    ['warm', '#9ecae1'],
    ['cold', colour(4)],
  ].forEach(([name, c], i) => {
    body.push(`<rect x="${LEFT + i * 90}" y="52" width="12" height="12" fill="${c}"/>`);
    body.push(text(LEFT + i * 90 + 18, 62, name!));
  });
  bins.forEach((b, i) => {
    const x = x0 + i * step + 2;
    const w = Math.max(1, step - 4);
    body.push(`<g class="bin" data-from-s="${b.fromS}">`);
    body.push(
      `<rect x="${px(x)}" y="${px(y(b.warm))}" width="${px(w)}" height="${px(y(0) - y(b.warm))}" fill="#9ecae1"><title>${esc(`${b.warm} warm`)}</title></rect>`,
    );
    body.push(
      `<rect x="${px(x)}" y="${px(y(b.warm + b.cold))}" width="${px(w)}" height="${px(y(b.warm) - y(b.warm + b.cold))}" fill="${colour(4)}"><title>${esc(`${b.cold} cold`)}</title></rect>`,
    );
    body.push(text(x + w / 2, bottom + 14, `≥ ${seconds(b.fromS)}`, `text-anchor="middle" fill="${MUTED}" font-size="9"`));
    body.push('</g>');
  });
  if (a.reclaim.thresholdS !== undefined) {
    const i = bins.findIndex((b) => a.reclaim.thresholdS! >= b.fromS && a.reclaim.thresholdS! < b.toS);
    if (i >= 0) {
      const b = bins[i]!;
      const within = Number.isFinite(b.toS) ? (a.reclaim.thresholdS - b.fromS) / (b.toS - b.fromS) : 0;
      const x = x0 + (i + within) * step;
      body.push(`<line x1="${px(x)}" y1="${top - 4}" x2="${px(x)}" y2="${bottom}" stroke="#000" stroke-dasharray="5 3"/>`);
      body.push(text(x + 4, top + 8, `reclaim ≈ ${seconds(a.reclaim.thresholdS)}`, 'font-size="11"'));
    }
  }
  body.push(
    text(
      (x0 + x1) / 2,
      bottom + 34,
      'idle time before the request (nothing in flight); bins of unequal width',
      `text-anchor="middle" fill="${MUTED}"`,
    ),
  );
  return document(
    WIDTH,
    bottom + 50,
    OBSERVE_CHARTS.idle.title,
    'requests that found no other in flight, by how long the function had been idle',
    body,
  );
}

/** At most this many dots per row of the INIT chart: a busy function has far more cold starts than a chart can show. */
export const MAX_DOTS = 2000;

/** Evenly spaced order statistics of the values (all of them when few): the same distribution, drawable. */
export function quantileSample(values: readonly number[], max = MAX_DOTS): number[] {
  if (values.length <= max) return [...values];
  const sorted = [...values].sort((a, b) => a - b);
  return Array.from({ length: max }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (max - 1))]!);
}

/** The charts to write, by file name. Pure. */
export function observeCharts(a: ObservedAnalysis, invocations: readonly ObservedInvocation[]): { file: string; svg: string }[] {
  const out: { file: string; svg: string }[] = [{ file: OBSERVE_CHARTS.hourly.file, svg: hourlyChart(a) }];
  const rows = [
    { label: 'Init Duration', values: invocations.filter((i) => i.initMs !== undefined).map((i) => i.initMs!) },
    { label: 'Restore Duration', values: invocations.filter((i) => i.restoreMs !== undefined).map((i) => i.restoreMs!) },
  ].filter((r) => r.values.length > 0);
  const sampled = rows.some((r) => r.values.length > MAX_DOTS);
  const subtitle = sampled
    ? `${MAX_DOTS} evenly spaced quantiles of each row as dots; box: quartiles, bold line: median`
    : 'every cold start as a dot; box: quartiles, bold line: median';
  if (rows.length > 0)
    out.push({
      file: OBSERVE_CHARTS.init.file,
      svg: distributionChart(
        OBSERVE_CHARTS.init.title,
        subtitle,
        rows.map((r) => ({ label: r.label, values: quantileSample(r.values) })),
      ),
    });
  if (a.reclaim.bins.length > 0) out.push({ file: OBSERVE_CHARTS.idle.file, svg: idleChart(a) });
  return out;
}
