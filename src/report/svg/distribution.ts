import { quantileOfSorted } from '../../stats/describe.js';
import { seededRandom } from '../../stats/rng.js';
import { ms } from '../format.js';
import { GRID, MUTED, colour, document, esc, px, text } from './elements.js';
import { autoScale } from './scale.js';

export interface DistributionRow {
  label: string;
  values: readonly number[];
}

const LEFT = 170;
const RIGHT = 30;
const TOP = 62;
const ROW = 44;
const WIDTH = 760;

/**
 * One row per variant: every sample as a dot (jittered vertically with a fixed
 * seed), the interquartile box, the median as a bold line and whiskers to the
 * extremes. Log axis when the values span more than a factor of 30.
 */
export function distributionChart(title: string, subtitle: string, rows: readonly DistributionRow[]): string {
  const shown = rows.filter((r) => r.values.length > 0);
  const all = shown.flatMap((r) => [...r.values]);
  const height = TOP + shown.length * ROW + 48;
  const x = autoScale(all.length > 0 ? all : [1], LEFT, WIDTH - RIGHT);
  const bottom = TOP + shown.length * ROW;
  const body: string[] = [];
  for (const t of x.ticks) {
    body.push(`<line x1="${px(x(t))}" y1="${TOP - 6}" x2="${px(x(t))}" y2="${bottom}" stroke="${GRID}" stroke-width="1"/>`);
    body.push(text(x(t), bottom + 16, t === 0 ? '0' : ms(t), `text-anchor="middle" fill="${MUTED}" font-size="11"`));
  }
  body.push(
    text((LEFT + WIDTH - RIGHT) / 2, bottom + 36, `milliseconds${x.log ? ' (log scale)' : ''}`, `text-anchor="middle" fill="${MUTED}"`),
  );
  const random = seededRandom(7);
  shown.forEach((row, i) => {
    const c = colour(i);
    const mid = TOP + i * ROW + ROW / 2;
    const sorted = [...row.values].sort((a, b) => a - b);
    const q1 = quantileOfSorted(sorted, 0.25);
    const q2 = quantileOfSorted(sorted, 0.5);
    const q3 = quantileOfSorted(sorted, 0.75);
    body.push(`<g class="variant" data-variant="${esc(row.label)}">`);
    body.push(text(LEFT - 10, mid - 1, row.label, 'text-anchor="end" font-weight="600"'));
    body.push(text(LEFT - 10, mid + 13, `median ${ms(q2)} · n ${row.values.length}`, `text-anchor="end" fill="${MUTED}" font-size="10"`));
    body.push(
      `<line x1="${px(x(sorted[0]!))}" y1="${px(mid)}" x2="${px(x(sorted[sorted.length - 1]!))}" y2="${px(mid)}" stroke="${c}" stroke-width="1.5"/>`,
    );
    body.push(
      `<rect x="${px(x(q1))}" y="${px(mid - 11)}" width="${px(Math.max(1, x(q3) - x(q1)))}" height="22" fill="${c}" fill-opacity="0.18" stroke="${c}" stroke-width="1.5"/>`,
    );
    for (const v of row.values) {
      body.push(`<circle cx="${px(x(v))}" cy="${px(mid + (random() - 0.5) * 18)}" r="2.6" fill="${c}" fill-opacity="0.7"/>`);
    }
    body.push(`<line x1="${px(x(q2))}" y1="${px(mid - 14)}" x2="${px(x(q2))}" y2="${px(mid + 14)}" stroke="${c}" stroke-width="3"/>`);
    body.push('</g>');
  });
  return document(WIDTH, height, title, subtitle, body);
}
