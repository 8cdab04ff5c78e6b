/**
 * The bad-input catalog (docs/troubleshooting.md, "The bad-input catalog") rows that are not
 * covered where their mechanism is tested: each shows what the user sees, and
 * that the catalog says so.
 */
import { writeFileSync } from 'node:fs';
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
    const code = await main(['--scenarios', path.join(FIXTURES, 'scenarios'), '--only', 'quick', '--cold', '1', '--warm', '0', '--out', path.join(file, 'run')], {
      stdout: () => undefined,
      stderr: (t) => err.push(t),
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(`cannot create output folder ${path.join(file, 'run')}`);
    expect(err.join('\n')).toContain('--out');
    expect(err.join('\n')).toContain(documentedMessageStart('the output folder cannot be created'));
  });
});
