import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLERS, failureOf, startFixture } from '../helpers.js';

describe('Node bootstrap: whatever a handler throws or returns is described', () => {
  it('a thrown value whose toJSON and toString both throw', async () => {
    const env = startFixture('odd-throws.throwsUnprintable');
    const res = await env.request({});
    expect(res.ok).toBe(false);
    expect(res.error).toBe('thrown value: a object whose toJSON and toString both throw');
    expect((await env.request({})).served).toBe(2); // the environment keeps serving
  });

  it('a thrown Symbol, by its description', async () => {
    const env = startFixture('odd-throws.throwsSymbol');
    expect((await env.request({})).error).toBe('thrown value: Symbol(boom)');
  });

  it('an Error whose stack getter throws', async () => {
    const env = startFixture('odd-throws.throwsBadStack');
    const res = await env.request({});
    expect(res.ok).toBe(false);
    expect(res.error).toMatch(/^thrown value: /);
  });

  it("a handler's promise that never settles is an explained error, and the environment keeps serving", async () => {
    const env = startFixture('odd-throws.neverSettles');
    const stalled = await env.request({ hang: true });
    expect(stalled.ok).toBe(false);
    expect(stalled.error).toContain("the handler's promise never settled: Node's event loop ran empty while waiting for it");
    expect(stalled.error).toContain('exit code 13');
    expect((await env.request({})).body).toEqual({ served: true });
    expect((await env.request({ hang: true })).error).toContain('never settled'); // seen a second time too
  });

  it('a top-level await that never settles ends INIT with an explanation, not "exited with code 13"', async () => {
    const failure = await failureOf(startFixture('never-settles-init.handler').request({}));
    expect(failure.kind).toBe('init-error');
    expect(failure.message).toMatch(/INIT failed: the top-level await of .*never-settles-init\.mjs never settled/);
  });

  it("an initializer's promise that never settles ends INIT with an explanation", async () => {
    const failure = await failureOf(
      startFixture('never-settles-initializer.handler', { initializer: 'never-settles-initializer.initializer' }).request({}),
    );
    expect(failure.kind).toBe('init-error');
    expect(failure.message).toContain('INIT failed: the promise of the initializer "initializer" never settled: ');
  });
});

describe('Node bootstrap: what it adds to a cold start', () => {
  it('loads no built-in module that running the handler directly does not (perf_hooks alone cost ~0.7 ms of CPU)', async () => {
    const direct = JSON.parse(
      execFileSync(process.execPath, [path.join(HANDLERS, 'module-list-direct.mjs')], { encoding: 'utf8' }),
    ) as string[];
    const res = await startFixture('module-list.handler').request({});
    const harness = res.body as string[];
    expect(harness.length).toBeGreaterThan(50);
    expect(harness.filter((m) => !direct.includes(m))).toEqual([]);
  });
});
