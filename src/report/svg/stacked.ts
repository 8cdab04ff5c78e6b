import { ms } from '../format.js';
import { GRID, MUTED, colour, document, esc, px, text } from './elements.js';
import { linearScale } from './scale.js';

export interface StackedRow {
  label: string;
  /** Segments in drawing order; a segment with `faded` is drawn lighter (paid off the request path). */
  segments: { name: string; value: number; faded?: boolean }[];
  note?: string;
}

const LEFT = 150;
const RIGHT = 30;
const TOP = 84;
const ROW = 40;
const WIDTH = 760;

/** Horizontal stacked bars, one per variant, with a legend of the segment names. */
export function stackedChart(title: string, subtitle: string, rows: readonly StackedRow[]): string {
  const names = [...new Set(rows.flatMap((r) => r.segments.map((s) => s.name)))];
  const totals = rows.map((r) => r.segments.reduce((sum, s) => sum + Math.max(0, s.value), 0));
  const x = linearScale(0, Math.max(...totals, 1) * 1.2, LEFT, WIDTH - RIGHT); // room for the total's label
  const bottom = TOP + rows.length * ROW;
  const body: string[] = [];
  names.forEach((name, i) => {
    const lx = LEFT + i * 190;
    body.push(`<rect x="${lx}" y="52" width="12" height="12" fill="${colour(i)}"/>`);
    body.push(text(lx + 18, 62, name));
  });
  for (const t of x.ticks) {
    body.push(`<line x1="${px(x(t))}" y1="${TOP - 6}" x2="${px(x(t))}" y2="${bottom}" stroke="${GRID}"/>`);
    body.push(text(x(t), bottom + 16, t === 0 ? '0' : ms(t), `text-anchor="middle" fill="${MUTED}" font-size="11"`));
  }
  body.push(text((LEFT + WIDTH - RIGHT) / 2, bottom + 36, 'milliseconds (medians)', `text-anchor="middle" fill="${MUTED}"`));
  rows.forEach((row, i) => {
    const mid = TOP + i * ROW + ROW / 2;
    body.push(`<g class="variant" data-variant="${esc(row.label)}">`);
    body.push(text(LEFT - 10, mid + 4, row.label, 'text-anchor="end" font-weight="600"'));
    let at = 0;
    for (const s of row.segments) {
      const v = Math.max(0, s.value);
      const c = colour(names.indexOf(s.name));
      body.push(
        `<rect x="${px(x(at))}" y="${px(mid - 12)}" width="${px(Math.max(0, x(at + v) - x(at)))}" height="24" fill="${c}"${s.faded ? ' fill-opacity="0.35"' : ''}><title>${esc(`${s.name}: ${ms(s.value)}`)}</title></rect>`,
      );
      at += v;
    }
    body.push(text(x(at) + 6, mid + 4, ms(at), `fill="${MUTED}" font-size="11"`));
    if (row.note) body.push(text(x(at) + 6, mid + 17, row.note, `fill="${MUTED}" font-size="10"`));
    body.push('</g>');
  });
  return document(WIDTH, bottom + 48, title, subtitle, body);
}
