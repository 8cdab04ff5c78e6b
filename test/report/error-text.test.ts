/** Error text in report.md stays inside its code block, whatever backticks it holds. */
import { describe, expect, it } from 'vitest';
import { codeBlock } from '../../src/report/format.js';
import { markdownReport } from '../../src/report/markdown.js';
import { startFixture } from '../helpers.js';
import { fixedRun } from './fixed-run.js';

/** The lines of the fenced block that opens at `from`, as CommonMark reads it: up to a line of at least as many backticks, and nothing else. */
function fencedBlock(lines: string[], from: number): { inside: string[]; end: number } {
  const fence = /^(`{3,})\s*$/.exec(lines[from]!)![1]!;
  for (let i = from + 1; i < lines.length; i++) {
    const close = /^(`{3,})\s*$/.exec(lines[i]!);
    if (close && close[1]!.length >= fence.length) return { inside: lines.slice(from + 1, i), end: i };
  }
  return { inside: lines.slice(from + 1), end: lines.length };
}

describe('error text in report.md', () => {
  it('a real handler error with ``` , a heading and an image stays inside its code block', async () => {
    const response = await startFixture('throws-markdown.handler').request({});
    expect(response.ok).toBe(false);
    const run = fixedRun();
    run.samples.find((r) => r.error)!.error = response.error!;
    const lines = markdownReport(run).split('\n');
    const at = lines.findIndex((l) => l.includes('the first error:'));
    const block = fencedBlock(lines, at + 2);
    expect(lines[at + 2]).toBe('`````'); // longer than the four backticks in the text
    expect(block.inside.join('\n')).toContain(
      '# Injected heading\n![tracker](http://example.invalid/pixel.png)\n````\n[link](http://example.invalid)',
    );
    expect(lines.slice(block.end + 1).some((l) => l.includes('Injected heading') || l.includes('example.invalid'))).toBe(false);
  });

  it('codeBlock uses three backticks when the text has none', () => {
    expect(codeBlock('plain')).toEqual(['```', 'plain', '```']);
    expect(codeBlock('a `b` ``c``')).toEqual(['```', 'a `b` ``c``', '```']);
  });
});
