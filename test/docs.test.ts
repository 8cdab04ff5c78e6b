/**
 * The user documentation (README.md and docs/*.md) stays true to the
 * repository: links and heading anchors resolve, nothing points outside the
 * repository, the paths it names exist, and the contracts it states match the code.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_COLUMNS } from '../src/core/model.js';
import { REPO_ROOT, codeSpans, documentFiles, headingAnchors, lexDocument, linkTargets, tableRowsUnder } from './markdown-docs.js';

/**
 * Pages that other branches write (issue 10): until they are merged, a link to
 * one of them is not counted as broken. Empty this list once they exist.
 */
const WRITTEN_ELSEWHERE = ['docs/derive.md', 'docs/reports.md'];

/** Code spans that name a path in the repository, from its root. Placeholders (<run-id>, …, *) are not paths. */
const REPOSITORY_PATH = /^(?:src|test|bench|scenarios|examples|results|docs|scripts)\/[\w./@-]*$/;

const exists = (relativePath: string) => existsSync(path.join(REPO_ROOT, relativePath));

/** What is wrong with one link of a document, or undefined. */
function linkProblem(document: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined; // https:, mailto:: not a file of the repository
  const [pathPart = '', anchor] = decodeURIComponent(href).split('#', 2);
  const target = pathPart === '' ? document : path.posix.normalize(path.posix.join(path.posix.dirname(document), pathPart));
  if (target.startsWith('..') || path.posix.isAbsolute(pathPart)) return `${href}: points outside the repository`;
  if (!exists(target)) return WRITTEN_ELSEWHERE.includes(target) ? undefined : `${href}: ${target} does not exist`;
  if (anchor && target.endsWith('.md') && !headingAnchors(lexDocument(target)).has(anchor))
    return `${href}: ${target} has no heading with the anchor #${anchor}`;
  return undefined;
}

describe('user documentation', () => {
  const documents = documentFiles();

  it('holds the README and the pages of docs/', () => {
    expect(documents).toEqual(expect.arrayContaining(['README.md', 'docs/aws.md', 'docs/running.md', 'docs/troubleshooting.md']));
  });

  it.each(documents)('%s: every relative link resolves to a file of the repository, and every anchor to a heading', (document) => {
    const problems = linkTargets(lexDocument(document))
      .map((href) => linkProblem(document, href))
      .filter((problem) => problem !== undefined);
    expect(problems).toEqual([]);
  });

  it.each(documents)('%s: every repository path it names in code exists', (document) => {
    const missing = codeSpans(lexDocument(document))
      .filter((span) => REPOSITORY_PATH.test(span))
      .filter((span) => !exists(span));
    expect(missing).toEqual([]);
  });

  const notYetWritten = WRITTEN_ELSEWHERE.filter((page) => !exists(page));
  it.skipIf(notYetWritten.length > 0)(`the pages written on other branches exist (${WRITTEN_ELSEWHERE.join(', ')})`, () => {
    expect(notYetWritten).toEqual([]);
  });

  it('the README is the first page: the set-up commands first, under 300 lines', () => {
    const lines = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').split('\n');
    expect(lines.length).toBeLessThan(300);
    const firstBlock = lines.slice(0, lines.indexOf('```', 3));
    expect(firstBlock.some((line) => line.startsWith('npm ci && npm run setup && npm run bench '))).toBe(true);
    expect(firstBlock.some((line) => line.startsWith('npm ci && npm run setup && npm test '))).toBe(true);
  });

  it('documents the samples.csv columns in the order they are written', () => {
    const row = tableRowsUnder(lexDocument('docs/reading-reports.md'), 'Files of a run').find((cells) => cells[0] === '`samples.csv`');
    const documented = /columns `([^`]+)`/.exec(row?.[1] ?? '')?.[1];
    expect(documented).toBe(SAMPLE_COLUMNS.map(([column]) => column).join(', '));
  });
});
