import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { failureOf, startFixture } from '../../helpers.js';

describe('LocalEnvironment with real processes', () => {
  it.each(['esm-async.handler', 'esm-sync.handler', 'cjs-sync.handler', 'cjs-async.handler', 'cjs-dynamic.handler'])(
    'runs %s and returns its response',
    async (handler) => {
      const env = startFixture(handler);
      const res = await env.request({ n: 5 });
      expect(res.ok).toBe(true);
      expect(res.body).toEqual({ echo: { n: 5 }, kind: handler.split('.')[0] });
      expect(res.served).toBe(1);
      expect(res.invokeMs).toBeGreaterThanOrEqual(0);
      expect(res.e2eMs).toBeGreaterThan(res.invokeMs);
      const init = await env.init;
      expect(init.env).toBe(res.env);
      expect(init.initMs).toBeGreaterThan(0);
    },
  );

  it('keeps one environment id for its lifetime and a new one per process', async () => {
    const a = startFixture('counter.handler');
    const b = startFixture('counter.handler');
    const a1 = await a.request({});
    const a2 = await a.request({});
    const a3 = await a.request({});
    const b1 = await b.request({});
    expect(a2.env).toBe(a1.env);
    expect(a3.env).toBe(a1.env);
    expect([a1.served, a2.served, a3.served]).toEqual([1, 2, 3]);
    expect(a3.body).toEqual({ served: 3, pinged: false });
    expect(b1.env).not.toBe(a1.env);
    expect(b.pid).not.toBe(a.pid);
  });

  it('turns a thrown error into a failed response and keeps serving', async () => {
    const env = startFixture('throws.handler');
    const bad = await env.request({});
    expect(bad.ok).toBe(false);
    expect(bad.error).toContain('planted handler failure');
    const good = await env.request({ ok: true });
    expect(good.ok).toBe(true);
    expect(good.env).toBe(bad.env);
  });

  it('reports a hanging handler as a timeout and kills the process', async () => {
    const env = startFixture('hangs.handler', { timeoutMs: 600 });
    const failure = await failureOf(env.request({}));
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toContain('timed out after 600 ms');
    await env.close();
    expect(() => process.kill(env.pid!, 0)).toThrow();
  });

  it('times out a warm request from its own send, after answered ones and an idle pause longer than the timeout', async () => {
    const env = startFixture('hangs-when-asked.handler', { timeoutMs: 400 });
    expect((await env.request({})).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 700)); // the timeout's timer runs out with nothing in flight: no failure
    expect((await env.request({})).ok).toBe(true);
    const sentAt = performance.now();
    const failure = await failureOf(env.request({ hang: true }));
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toContain('timed out after 400 ms');
    expect(failure.message).not.toContain('INIT');
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(390);
    await env.close();
    expect(() => process.kill(env.pid!, 0)).toThrow();
  });

  it('times out a module that never finishes INIT', async () => {
    const env = startFixture('hangs-init.handler', { timeoutMs: 500 });
    const failure = await failureOf(env.request({}));
    expect(failure.kind).toBe('timeout');
  });

  it.each([
    ['syntax-error.handler', /SyntaxError/],
    ['missing-module.handler', /coldbench-no-such-package/],
  ])('reports an INIT crash of %s with its cause', async (handler, cause) => {
    const env = startFixture(handler);
    const failure = await failureOf(env.request({}));
    expect(failure.kind).toBe('init-error');
    expect(failure.message).toMatch(/^INIT failed/);
    expect(failure.message).toMatch(cause);
  });

  it('reports a process that exits during INIT', async () => {
    const env = startFixture('exits-in-init.handler');
    const failure = await failureOf(env.request({}));
    expect(failure.kind).toBe('crash');
    expect(failure.message).toContain('exited with code 3 during INIT');
  });

  it('reports a process that exits in the middle of an invoke', async () => {
    const env = startFixture('exits-mid-invoke.handler');
    expect((await env.request({})).ok).toBe(true);
    const failure = await failureOf(env.request({ exit: true }));
    expect(failure.kind).toBe('crash');
    expect(failure.message).toContain('exited with code 7');
    await expect(env.request({})).rejects.toThrow(/exited with code 7/);
  });

  it('names a missing export as a configuration problem', async () => {
    const env = startFixture('no-export.handler');
    const failure = await failureOf(env.init);
    expect(failure.kind).toBe('export-missing');
    expect(failure.field).toBe('handler');
    expect(failure.message).toContain('no exported function "handler"');
  });

  it('keeps measurements intact when the handler floods stdout and stderr', async () => {
    const env = startFixture('prints.handler');
    const first = await env.request({ n: 1 });
    const second = await env.request({ n: 2 });
    expect(first.body).toEqual({ printed: true, n: 1 });
    expect(second.body).toEqual({ printed: true, n: 2 });
    expect(second.served).toBe(2);
    await env.close();
    const { stdout, stderr } = env.output();
    expect(stdout).toContain('no newline at the end');
    expect(stdout.length).toBeLessThanOrEqual(4096);
    expect(stderr).toContain('to stderr');
  });

  it('reports a response that is not JSON-serializable', async () => {
    const env = startFixture('not-serializable.handler');
    const res = await env.request({});
    expect(res.ok).toBe(false);
    expect(res.error).toContain('not JSON-serializable');
  });

  it('finds a planted 200 ms import in INIT for preload, in the first invoke for lazy, in INIT for an initializer', async () => {
    const preload = startFixture('preload-200.handler');
    const p = await preload.request({});
    const pInit = (await preload.init).initMs;
    const lazy = startFixture('lazy-200.handler');
    const l1 = await lazy.request({});
    const l2 = await lazy.request({});
    const lInit = (await lazy.init).initMs;
    const init = startFixture('initializer-200.handler', { initializer: 'initializer-200.initializer' });
    const i = await init.request({});
    const iInit = (await init.init).initMs;

    // Wide margins: the planted cost is 200 ms of CPU; a busy machine only adds.
    expect(pInit).toBeGreaterThan(190);
    expect(pInit).toBeLessThan(600);
    expect(p.invokeMs).toBeLessThan(50);
    expect(lInit).toBeLessThan(pInit / 2); // an ordering, not a bound: a loaded machine slows a bare start too
    expect(l1.invokeMs).toBeGreaterThan(190);
    expect(l2.invokeMs).toBeLessThan(50); // cached after the first use
    expect(iInit).toBeGreaterThan(190);
    expect(i.invokeMs).toBeLessThan(50);
    expect(i.body).toEqual({ value: 42 });
    // The cold e2e contains INIT and the invoke.
    expect(p.e2eMs).toBeGreaterThan(pInit + p.invokeMs);
    expect(l1.e2eMs).toBeGreaterThan(lInit + l1.invokeMs);
  });

  it('starts environments with the controlled variables only, plus the scenario env', async () => {
    process.env.NODE_EXTRA_CA_CERTS_COLDBENCH_LEAK = 'leak';
    const env = startFixture('env-dump.handler', { env: { MY_SETTING: 'on' } });
    const res = await env.request({});
    delete process.env.NODE_EXTRA_CA_CERTS_COLDBENCH_LEAK;
    const seen = (res.body as { env: Record<string, string> }).env;
    expect(seen.MY_SETTING).toBe('on');
    expect(seen.AWS_REGION).toBe('eu-west-1');
    expect(seen.AWS_LAMBDA_FUNCTION_NAME).toBe('fixture-v');
    expect(seen.NODE_EXTRA_CA_CERTS_COLDBENCH_LEAK).toBeUndefined();
    expect(Object.keys(seen)).not.toContain('NODE_OPTIONS');
  });

  it('takes down what the handler started when the environment closes', async () => {
    const marker = `coldbench-grandchild-${process.pid}-${Date.now()}`;
    const env = startFixture('spawns-child.handler');
    const res = await env.request({ marker });
    const grandchild = (res.body as { grandchild: number }).grandchild;
    expect(() => process.kill(grandchild, 0)).not.toThrow();
    await env.close();
    await new Promise((r) => setTimeout(r, 100));
    const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
    expect(ps).not.toContain(marker);
  });
});
