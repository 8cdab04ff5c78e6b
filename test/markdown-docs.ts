/**
 * Reading the user documentation (README.md and docs/*.md) as Markdown, for
 * the tests that keep it true: links, heading anchors as GitHub renders them,
 * code spans that name repository paths, and table rows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { marked, type Token, type Tokens } from 'marked';

/** The repository's root folder. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** README.md and every docs/*.md, as paths relative to the repository root. */
export function documentFiles(): string[] {
  const docs = readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** The Markdown tokens of a document (path relative to the repository root). */
export function lexDocument(relativePath: string): Token[] {
  return marked.lexer(readFileSync(path.join(REPO_ROOT, relativePath), 'utf8'));
}

/** Calls `visit` for every token, nested ones (inline, list items, table cells) included. */
function eachToken(tokens: Token[], visit: (token: Token) => void): void {
  marked.walkTokens(tokens, visit);
}

/** The text a reader sees in inline tokens: markup dropped, code spans kept as their text. */
function plainText(tokens: Token[]): string {
  return tokens
    .map((token) => {
      if ('tokens' in token && Array.isArray(token.tokens) && token.tokens.length > 0) return plainText(token.tokens);
      if (token.type === 'text' || token.type === 'codespan' || token.type === 'escape') return token.text;
      return '';
    })
    .join('');
}

/** The anchors GitHub gives the document's headings (lower case, punctuation dropped, duplicates numbered). */
export function headingAnchors(tokens: Token[]): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  eachToken(tokens, (token) => {
    if (token.type === 'heading') anchors.add(slugger.slug(plainText((token as Tokens.Heading).tokens)));
  });
  return anchors;
}

/** The targets of every link and image, as written. */
export function linkTargets(tokens: Token[]): string[] {
  const targets: string[] = [];
  eachToken(tokens, (token) => {
    if (token.type === 'link' || token.type === 'image') targets.push((token as Tokens.Link | Tokens.Image).href);
  });
  return targets;
}

/** The text of every inline code span. */
export function codeSpans(tokens: Token[]): string[] {
  const spans: string[] = [];
  eachToken(tokens, (token) => {
    if (token.type === 'codespan') spans.push((token as Tokens.Codespan).text);
  });
  return spans;
}

/** The body rows of every table under the heading with this text (up to the next heading of that level or higher), as cell texts. */
export function tableRowsUnder(tokens: Token[], headingText: string): string[][] {
  const start = tokens.findIndex((token) => token.type === 'heading' && plainText((token as Tokens.Heading).tokens) === headingText);
  if (start < 0) throw new Error(`no heading "${headingText}"`);
  const depth = (tokens[start] as Tokens.Heading).depth;
  const rows: string[][] = [];
  for (const token of tokens.slice(start + 1)) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth <= depth) break;
    if (token.type === 'table') for (const row of (token as Tokens.Table).rows) rows.push(row.map((cell) => cell.text));
  }
  return rows;
}
