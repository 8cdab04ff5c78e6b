/**
 * The bad-input catalog (docs/troubleshooting.md, "The bad-input catalog") rows that are not
 * covered where their mechanism is tested: each shows what the user sees, and
 * that the catalog says so.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { EnvironmentFailure, LocalEnvironment } from '../src/targets/local/local-environment.js';
import { FIXTURES, startFixture, tempDir } from './helpers.js';
import { lexDocument, tableRowsUnder } from './markdown-docs.js';

const CATALOG = tableRowsUnder(lexDocument('docs/troubleshooting.md'), 'The bad-input catalog');

/** The catalog's "what you see" cell of the row whose "what happens" starts with `whatHappens`. */
function documentedOutcome(whatHappens: string): string {
  const row = CATALOG.find(([happens]) => happens?.startsWith(whatHappens));
  if (!row?.[1]) throw new Error(`docs/troubleshooting.md has no catalog row "${whatHappens}…"`);
  return row[1];
}

/** The fixed start of the first message a catalog cell quotes, up to its first placeholder (<path>, …). */
function documentedMessageStart(whatHappens: string): string {
  const quoted = /`([^`]+)`/.exec(documentedOutcome(whatHappens))?.[1] ?? '';
  const start = quoted.split(/<|…/)[0] ?? '';
  if (start.length < 8) throw new Error(`the catalog row "${whatHappens}…" quotes no message: ${documentedOutcome(whatHappens)}`);
  return start;
}

describe('bad input catalog', () => {
  it('a huge response arrives whole', async () => {
    const env = startFixture('huge.handler');
    const res = await env.request({});
    expect(res.ok).toBe(true);
    const body = res.body as { text: string; end: string };
    expect(body.text).toHaveLength(5 * 1024 * 1024);
    expect(body.end).toBe('done');
    // and the environment keeps serving
    expect((await env.request({})).served).toBe(2);
    expect(documentedOutcome('the handler returns a huge response')).toContain('arrives whole');
  });

  it('a handler that leaks past the memory limit crashes its environment, like Lambda', async () => {
    const env = startFixture('leaks.handler', { memoryMb: 128, timeoutMs: 20_000 });
    const first = await env.request({ chunks: 1 });
    expect(first.ok).toBe(true);
    const outcome = await env.request({ chunks: 400 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(EnvironmentFailure);
    expect((outcome as EnvironmentFailure).kind).toBe('crash');
    expect((outcome as Error).message).toMatch(/heap/i);
    expect((outcome as Error).message).toContain(documentedMessageStart('the handler leaks past'));
  });

  it('a missing interpreter is a failure that names it', async () => {
    const env = new LocalEnvironment({ interpreter: '/nonexistent/node', args: [], env: {}, cwd: FIXTURES, timeoutMs: 2000 });
    await expect(env.request({})).rejects.toThrow('could not start /nonexistent/node');
    await env.close();
    expect('could not start /nonexistent/node').toContain(documentedMessageStart('the interpreter is missing'));
  });

  it('an output folder that cannot be created stops the run before it starts', async () => {
    const file = path.join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const err: string[] = [];
    const code = await main(
      ['--scenarios', path.join(FIXTURES, 'scenarios'), '--only', 'quick', '--cold', '1', '--warm', '0', '--out', path.join(file, 'run')],
      {
        stdout: () => undefined,
        stderr: (t) => err.push(t),
      },
    );
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(
      `--out ${path.join(file, 'run')}: ${file} on its path is a file, not a folder; choose another folder with --out`,
    );
    expect(err.join('\n')).toContain('--out');
    expect(err.join('\n')).toContain(documentedMessageStart('the output folder cannot be created'));
  });

  it("--out into a user's folder holding report.md, run.json, summary.csv and a chart stops the run and leaves the files as they were", async () => {
    const out = path.join(tempDir(), 'mine');
    cpSync(path.join(FIXTURES, 'out-user-folder'), out, { recursive: true });
    const err: string[] = [];
    const code = await main(
      ['--scenarios', path.join(FIXTURES, 'scenarios'), '--only', 'quick', '--cold', '1', '--warm', '0', '--no-imports', '--out', out],
      { stdout: () => undefined, stderr: (t) => err.push(t) },
    );
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(
      `--out ${out}: the folder is not empty (chart.svg, report.md, run.json, summary.csv) and coldbench did not make it`,
    );
    for (const name of ['report.md', 'run.json', 'summary.csv', 'chart.svg']) {
      expect(readFileSync(path.join(out, name), 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'out-user-folder', name), 'utf8'));
    }
    expect(existsSync(path.join(out, 'samples.csv'))).toBe(false);
  });

  it('--price request=1e999 stops the run before it starts, naming the flag', async () => {
    const err: string[] = [];
    const code = await main(
      [
        '--scenarios',
        path.join(FIXTURES, 'scenarios'),
        '--only',
        'quick',
        '--price',
        'request=1e999',
        '--out',
        path.join(tempDir(), 'run'),
      ],
      { stdout: () => undefined, stderr: (t) => err.push(t) },
    );
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('--price request=1e999: a price must be from 0 to 1 USD');
  });
});

/** The catalog rows: the README's (moving to docs/troubleshooting.md) and the additions in docs/catalog-additions.md, whichever exist. */
const ROOT = path.join(FIXTURES, '..', '..');
const CATALOG_FILES = ['README.md', 'docs/troubleshooting.md', 'docs/catalog-additions.md']
  .map((f) => path.join(ROOT, f))
  .filter((f) => existsSync(f));

/** Rows of every three-column table whose header is "what happens | what you see | what is kept". */
function catalogRows(file: string): string[][] {
  const rows: string[][] = [];
  let inCatalog = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\| what happens \| what you see \| what is kept \|$/.test(line)) inCatalog = true;
    else if (!line.startsWith('|')) inCatalog = false;
    else if (inCatalog && !line.startsWith('|---')) rows.push(line.slice(2, -2).split(' | '));
  }
  return rows;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'fixtures' ? [] : sourceFiles(file);
    return /\.(ts|mjs|py)$/.test(name) ? [file] : [];
  });
}

describe('the catalog in the docs', () => {
  it('has three cells in every row', () => {
    const rows = CATALOG_FILES.flatMap(catalogRows);
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row, row.join(' | ')).toHaveLength(3);
  });

  it('quotes, in docs/catalog-additions.md, only messages the code prints and a test asserts (the parts between …)', () => {
    const additions = path.join(ROOT, 'docs', 'catalog-additions.md');
    const corpus = [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'test'))]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const quoted = catalogRows(additions).flatMap((row) => [...row[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    expect(quoted.length).toBeGreaterThan(20);
    const missing = quoted
      .flatMap((q) => q.split('…').map((part) => part.trim()))
      .filter((part) => part.length >= 12 && !corpus.includes(part));
    expect(missing).toEqual([]);
  });
});
