import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PYCACHE_PREFIX } from '../../src/runtimes/python/python-runtime.js';
import { failureOf, PY_HANDLERS, resolvePython, startPythonFixture } from '../helpers.js';

describe('Python environments (real /usr/bin/python3 processes)', () => {
  beforeAll(async () => {
    await resolvePython();
  });

  it('runs a handler with a Lambda-style context and keeps one environment id', async () => {
    const env = await startPythonFixture('echo.handler');
    const first = await env.request({ n: 5, s: 'é😀', list: [null, true, false, 1.5] });
    const second = await env.request({ n: 6 });
    expect(first.ok).toBe(true);
    expect(first.body).toEqual({
      echo: { n: 5, s: 'é😀', list: [null, true, false, 1.5] },
      kind: 'python',
      request: '1',
      remaining_ok: true,
    });
    expect(second.env).toBe(first.env);
    expect([first.served, second.served]).toEqual([1, 2]);
    expect(await env.peakMemoryMb).toBeGreaterThan(1);
    const init = await env.init;
    expect(init.env).toBe(first.env);
    expect(init.initMs).toBeGreaterThan(0);
    expect(first.e2eMs).toBeGreaterThan(init.initMs + first.invokeMs);
  });

  it('imports a handler in a subfolder as a dotted module, as Lambda does', async () => {
    const env = await startPythonFixture('pkg/app.handler');
    expect((await env.request({})).body).toEqual({ module: 'pkg.app' });
  });

  it('encodes responses as json.dumps would', async () => {
    const env = await startPythonFixture('json_types.handler');
    const res = await env.request({ a: [1, { b: 'c' }] });
    expect(res.ok).toBe(true);
    expect(res.body).toEqual({
      event: { a: [1, { b: 'c' }] },
      text: 'quote " backslash \\ newline \n tab \t control \u0001 unicode é ✓ 😀',
      lone_surrogate: '\udc80',
      // biome-ignore lint/correctness/noPrecisionLoss: the point of the test: a number JSON cannot hold exactly
      int: 12345678901234567890,
      float: 0.1,
      small: 1e-7,
      tuple: [1, 2],
      keys: { '1': 'c', '2.5': 'b', null: 'd' },
      bools: [true, false, null],
    });
  });

  it("encodes warm responses (through CPython's C encoder) exactly as the first one", async () => {
    const env = await startPythonFixture('json_types.handler');
    const [first, second, third] = [
      await env.request({ a: [1, { b: 'c' }] }),
      await env.request({ a: [1, { b: 'c' }] }),
      await env.request({ a: [1, { b: 'c' }] }),
    ];
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    expect([second.ok, second.served, third.served]).toEqual([true, 2, 3]);
    const bad = await startPythonFixture('not_serializable.handler');
    const errors = [await bad.request({}), await bad.request({})].map((r) => [r.ok, r.error?.replace(/\n[\s\S]*/, '')]);
    expect(errors[1]).toEqual(errors[0]);
    expect(errors[1]![1]).toContain('not JSON-serializable: Object of type object is not JSON serializable');
    await env.close();
    await bad.close();
  });

  it('turns an exception into a failed response with its traceback, and keeps serving', async () => {
    const env = await startPythonFixture('throws.handler');
    const bad = await env.request({});
    expect(bad.ok).toBe(false);
    expect(bad.error).toContain('ValueError: planted handler failure');
    expect(bad.error).toContain('throws.py", line 4');
    expect(bad.error).not.toContain('bootstrap'); // the trace starts at the handler's code
    const good = await env.request({ ok: true });
    expect(good.ok).toBe(true);
    expect(good.env).toBe(bad.env);
  });

  it('reports a hanging handler as a timeout and kills the process', async () => {
    const env = await startPythonFixture('hangs.handler', { timeoutMs: 800 });
    const failure = await failureOf(env.request({}));
    expect(failure.kind).toBe('timeout');
    await env.close();
    expect(() => process.kill(env.pid!, 0)).toThrow();
  });

  it.each([
    ['init_error.handler', /RuntimeError: planted INIT failure/],
    ['syntax_error.handler', /SyntaxError/],
    ['missing_module.handler', /ModuleNotFoundError: No module named 'coldbench_no_such_module'/],
  ])('reports an INIT failure of %s with its cause', async (handler, cause) => {
    const env = await startPythonFixture(handler);
    const failure = await failureOf(env.request({}));
    expect(failure.kind).toBe('init-error');
    expect(failure.message).toMatch(/^INIT failed/);
    expect(failure.message).toMatch(cause);
  });

  it('names a missing handler function as a configuration problem', async () => {
    const env = await startPythonFixture('no_export.handler');
    const failure = await failureOf(env.init);
    expect(failure.kind).toBe('export-missing');
    expect(failure.field).toBe('handler');
    expect(failure.message).toContain('no function "handler"');
  });

  it('names a missing initializer function as a configuration problem', async () => {
    const env = await startPythonFixture('echo.handler', { initializer: 'echo.initializer' });
    const failure = await failureOf(env.init);
    expect(failure.kind).toBe('export-missing');
    expect(failure.field).toBe('initializer');
  });

  it('loads no module of its own: the handler finds what `python3 -c pass` has, and nothing more', async () => {
    const env = await startPythonFixture('modules_at_import.handler');
    const { modules } = (await env.request({})).body as { modules: string[] };
    const bare = execFileSync(await resolvePython(), ['-c', 'import sys; print("\\n".join(sorted(sys.modules)))'], {
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(modules.filter((m) => !bare.includes(m))).toEqual(['modules_at_import']);
    expect(modules).not.toContain('json');
    expect(modules).not.toContain('traceback');
  });

  it('keeps measurements intact when the handler floods stdout and stderr', async () => {
    const env = await startPythonFixture('prints.handler');
    const first = await env.request({ n: 1 });
    const second = await env.request({ n: 2 });
    expect(first.body).toEqual({ printed: true, n: 1 });
    expect(second.body).toEqual({ printed: true, n: 2 });
    await env.close();
    const { stdout, stderr } = env.output();
    expect(stdout).toContain('no newline at the end');
    expect(stderr).toContain('to stderr 1999');
  });

  it('reports a handler that exits the process mid-invoke', async () => {
    const env = await startPythonFixture('exits_mid_invoke.handler');
    expect((await env.request({})).ok).toBe(true);
    const failure = await failureOf(env.request({ exit: true }));
    expect(failure.kind).toBe('crash');
    expect(failure.message).toContain('exited with code 7');
  });

  it('reports a response that is not JSON-serializable', async () => {
    const env = await startPythonFixture('not_serializable.handler');
    const res = await env.request({});
    expect(res.ok).toBe(false);
    expect(res.error).toContain('not JSON-serializable: Object of type object is not JSON serializable');
  });

  it('finds a planted 200 ms import in INIT for preload and initializer, in the first invoke for lazy', async () => {
    const preload = await startPythonFixture('preload_200.handler');
    const p = await preload.request({});
    const pInit = (await preload.init).initMs;
    const lazy = await startPythonFixture('lazy_200.handler');
    const l1 = await lazy.request({});
    const l2 = await lazy.request({});
    const lInit = (await lazy.init).initMs;
    const init = await startPythonFixture('initializer_200.handler', { initializer: 'initializer_200.initializer' });
    const i = await init.request({});
    const iInit = (await init.init).initMs;

    expect(pInit).toBeGreaterThan(190);
    expect(pInit).toBeLessThan(600);
    expect(p.invokeMs).toBeLessThan(50);
    expect(lInit).toBeLessThan(50);
    expect(l1.invokeMs).toBeGreaterThan(190);
    expect(l2.invokeMs).toBeLessThan(50);
    expect(iInit).toBeGreaterThan(190);
    expect(i.invokeMs).toBeLessThan(50);
    expect(i.body).toEqual({ value: 42 });
    expect(p.e2eMs).toBeGreaterThan(pInit + p.invokeMs);
  });

  it("starts with the controlled variables, caches bytecode in coldbench's folder and writes none into the handler folder", async () => {
    process.env.PYTHONDONTWRITEBYTECODE = '1';
    process.env.PYTHONPATH = '/nonexistent-coldbench-leak';
    let body: { env: Record<string, string>; path0: string; dont_write_bytecode: boolean; pycache_prefix: string };
    try {
      const env = await startPythonFixture('env_dump.handler', { env: { MY_SETTING: 'on' } });
      body = (await env.request({})).body as typeof body;
    } finally {
      delete process.env.PYTHONDONTWRITEBYTECODE;
      delete process.env.PYTHONPATH;
    }
    expect(body.env.MY_SETTING).toBe('on');
    expect(body.env.AWS_LAMBDA_FUNCTION_NAME).toBe('pyfixture-v');
    expect(body.env.PYTHONDONTWRITEBYTECODE).toBeUndefined();
    expect(body.env.PYTHONPATH).toBeUndefined();
    expect(body.dont_write_bytecode).toBe(false);
    expect(body.pycache_prefix).toBe(PYCACHE_PREFIX);
    expect(body.path0).toBe(PY_HANDLERS);
    expect(existsSync(path.join(PY_HANDLERS, '__pycache__'))).toBe(false);
    expect(readdirSync(path.join(PYCACHE_PREFIX, PY_HANDLERS)).some((f) => /^env_dump\.cpython-\d+\.pyc$/.test(f))).toBe(true);
  });
});
