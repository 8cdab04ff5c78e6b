/**
 * SVG building blocks shared by the charts. Every chart has a solid white card
 * with dark text, so that it reads the same on GitHub's light and dark themes,
 * and uses the Okabe–Ito colours, distinguishable with colour-vision deficiencies.
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#8a7a00', '#000000'] as const;
export const INK = '#1f2328';
export const MUTED = '#57606a';
export const GRID = '#d0d7de';
export const FONT = 'font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** Escapes text for SVG content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rounds a coordinate to 0.1 px: small files, stable output. */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

export function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${px(x)}" y="${px(y)}" ${attrs}>${esc(content)}</text>`;
}

/** The whole document: a white card with a title and a subtitle. */
export function document(width: number, height: number, title: string, subtitle: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" ${FONT} font-size="12" fill="${INK}">`,
    `<title>${esc(title)}</title>`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="6" fill="#ffffff" stroke="${GRID}"/>`,
    text(16, 24, title, 'font-size="15" font-weight="600"'),
    text(16, 42, subtitle, `fill="${MUTED}"`),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
