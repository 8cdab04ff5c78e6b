import { GRID, MUTED, colour, document, esc, px, text } from './elements.js';
import { logScale, type Scale } from './scale.js';

export interface LineSeries {
  name: string;
  /** [x, y] points, x ascending. */
  points: readonly (readonly [number, number])[];
  dashed?: boolean;
  /** Per point: drawn as a hollow circle (a figure resting on too few samples). */
  hollow?: readonly boolean[];
}

export interface Panel {
  title: string;
  format: (v: number) => string;
  series: readonly LineSeries[];
}

const WIDTH = 760;
const PANEL_HEIGHT = 240;
const TOP = 64;

/**
 * Panels side by side sharing a log x axis (arrival rates span decades), each
 * with a log y axis and one line per series; the legend lists the series once.
 */
export function lineChart(
  title: string,
  subtitle: string,
  xLabel: string,
  xFormat: (v: number) => string,
  panels: readonly Panel[],
): string {
  const body: string[] = [];
  const names = [...new Set(panels.flatMap((p) => p.series.map((s) => s.name)))];
  const panelWidth = (WIDTH - 40) / panels.length;
  const legendTop = TOP + PANEL_HEIGHT + 56;
  panels.forEach((panel, pi) => {
    const left = 20 + pi * panelWidth + 62;
    const right = 20 + (pi + 1) * panelWidth - 14;
    const top = TOP + 18;
    const bottom = TOP + PANEL_HEIGHT;
    const xs = panel.series.flatMap((s) => s.points.map((p) => p[0]));
    const ys = panel.series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => v > 0);
    if (xs.length === 0 || ys.length === 0) return;
    const x: Scale = logScale(Math.min(...xs), Math.max(...xs), left, right);
    const y: Scale = logScale(Math.min(...ys), Math.max(...ys), bottom, top);
    body.push(text(left, TOP + 6, panel.title, 'font-weight="600"'));
    for (const t of x.ticks.filter((t) => Number.isInteger(Math.log10(t)))) {
      body.push(`<line x1="${px(x(t))}" y1="${top}" x2="${px(x(t))}" y2="${bottom}" stroke="${GRID}"/>`);
      body.push(text(x(t), bottom + 16, xFormat(t), `text-anchor="middle" fill="${MUTED}" font-size="11"`));
    }
    for (const t of y.ticks) {
      body.push(`<line x1="${left}" y1="${px(y(t))}" x2="${right}" y2="${px(y(t))}" stroke="${GRID}"/>`);
      body.push(text(left - 6, y(t) + 4, panel.format(t), `text-anchor="end" fill="${MUTED}" font-size="10"`));
    }
    body.push(text((left + right) / 2, bottom + 34, xLabel, `text-anchor="middle" fill="${MUTED}"`));
    for (const s of panel.series) {
      const c = colour(names.indexOf(s.name));
      const pts = s.points.flatMap((p, i) => (p[1] > 0 ? [{ x: p[0], y: p[1], hollow: s.hollow?.[i] === true }] : []));
      const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(x(p.x))},${px(y(p.y))}`).join(' ');
      body.push(`<g class="series" data-series="${esc(s.name)}">`);
      body.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
      for (const p of pts) {
        const fill = p.hollow ? `fill="#fff" stroke="${c}" stroke-width="1.5"` : `fill="${c}"`;
        body.push(
          `<circle cx="${px(x(p.x))}" cy="${px(y(p.y))}" r="3" ${fill}><title>${esc(`${s.name}: ${xFormat(p.x)} → ${panel.format(p.y)}${p.hollow ? ' † (too few samples for this tail)' : ''}`)}</title></circle>`,
        );
      }
      body.push('</g>');
    }
  });
  names.forEach((name, i) => {
    const col = i % 2;
    const row = Math.floor(i / 2);
    const lx = 30 + col * 360;
    const ly = legendTop + row * 20;
    const dashed = panels.some((p) => p.series.some((s) => s.name === name && s.dashed));
    body.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 22}" y2="${ly - 4}" stroke="${colour(i)}" stroke-width="2.5"${dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    body.push(text(lx + 28, ly, name));
  });
  return document(WIDTH, legendTop + Math.ceil(names.length / 2) * 20 + 12, title, subtitle, body);
}
