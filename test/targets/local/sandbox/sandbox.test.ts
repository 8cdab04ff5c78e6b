import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { failureOf, resolvePython } from '../../../helpers.js';
import { NO_SANDBOX, processesWith, sandboxedNode, sandboxedPython } from './sandboxed.js';

/** Waits until `check` holds or `capMs` passes; returns its last value. */
async function eventually<T>(check: () => T, ok: (v: T) => boolean, capMs = 3000): Promise<T> {
  const until = Date.now() + capMs;
  let value = check();
  while (!ok(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
    value = check();
  }
  return value;
}

describe.skipIf(NO_SANDBOX !== undefined)('a sandboxed environment (real processes, cgroups and namespaces)', () => {
  it('describes itself and serves requests from one environment', async () => {
    const env = sandboxedNode('counter.handler', { memoryMb: 512 });
    expect(env.isolation).toMatch(
      /^sandbox: cgroup v[12], (user\+)?pid\+mount namespaces, cpu quota 0\.289 CPU invoke \/ 2 CPU init \(boost\), memory 512 MB/,
    );
    const a = await env.request({});
    const b = await env.request({});
    expect(b.env).toBe(a.env);
    expect(b.body).toEqual({ served: 2, pinged: false });
    expect(env.sandboxStats()!.frozenMs).toBeGreaterThan(0);
  });

  it('gives INIT up to 2 CPUs and the invoke 128/1769 of one: 150 ms of CPU takes far longer in the first invoke', async () => {
    // Both at once, so that whatever else loads the machine loads both alike.
    const init = sandboxedNode('cpu-burn.handler', { memoryMb: 128 }, { env: { BURN_AT: 'init', BURN_MS: '150' } });
    const invoke = sandboxedNode('cpu-burn.handler', { memoryMb: 128 }, { env: { BURN_AT: 'invoke', BURN_MS: '150' } });
    const [initMs, first] = await Promise.all([init.init.then((m) => m.initMs), invoke.request({})]);
    expect((first.body as { invokeBurnMs: number }).invokeBurnMs).toBeGreaterThanOrEqual(150);
    // Expected ≈ 150 ms INIT and ≈ 2,070 ms (150 × 1769/128) invoke. The invoke is bound by its quota and
    // cannot be faster; INIT's wall time grows with the machine's load, hence the wide margins.
    expect(initMs).toBeGreaterThan(140);
    expect(first.invokeMs).toBeGreaterThan(1200);
    expect(first.invokeMs).toBeGreaterThan(2 * initMs);
  });

  it('does the same for Python (150 ms of time.thread_time)', async () => {
    await resolvePython();
    const init = await sandboxedPython('cpu_burn.handler', { memoryMb: 128 }, { env: { BURN_AT: 'init', BURN_MS: '150' } });
    const invoke = await sandboxedPython('cpu_burn.handler', { memoryMb: 128 }, { env: { BURN_AT: 'invoke', BURN_MS: '150' } });
    const [initMs, first] = await Promise.all([init.init.then((m) => m.initMs), invoke.request({})]);
    expect((first.body as { invokeBurnMs: number }).invokeBurnMs).toBeGreaterThanOrEqual(150);
    expect(initMs).toBeGreaterThan(140);
    expect(first.invokeMs).toBeGreaterThan(1200);
    expect(first.invokeMs).toBeGreaterThan(2 * initMs);
  });

  it('at 1769 MB gives INIT and invoke about the same CPU', async () => {
    const init = sandboxedNode('cpu-burn.handler', { memoryMb: 1769 }, { env: { BURN_AT: 'init', BURN_MS: '150' } });
    const invoke = sandboxedNode('cpu-burn.handler', { memoryMb: 1769 }, { env: { BURN_AT: 'invoke', BURN_MS: '150' } });
    const [initMs, first] = await Promise.all([init.init.then((m) => m.initMs), invoke.request({})]);
    // Expected ≈ 150 ms each (one full CPU for the invoke, two for INIT, one busy process each).
    expect(first.invokeMs).toBeLessThan(3 * initMs);
    expect(initMs).toBeLessThan(3 * first.invokeMs);
  });

  it("with initCpu 'share' applies the invoke share during INIT too", async () => {
    const env = sandboxedNode('cpu-burn.handler', { memoryMb: 128, initCpu: 'share' }, { env: { BURN_AT: 'init', BURN_MS: '100' } });
    expect(env.isolation).toContain('0.072 CPU invoke / 0.072 CPU init (share)');
    const initMs = (await env.init).initMs;
    expect(initMs).toBeGreaterThan(500); // ≈ 1,380 ms expected; 100 ms at full speed
  });

  it.each(['node', 'python'])(
    'turns a %s function that allocates twice its memory size into a failure naming the limit',
    async (runtime) => {
      const env =
        runtime === 'node'
          ? sandboxedNode('allocates.handler', { memoryMb: 128 }, { env: { ALLOC_MB: '256' } })
          : await sandboxedPython('allocates.handler', { memoryMb: 128 }, { env: { ALLOC_MB: '256' } });
      const failure = await failureOf(env.request({}));
      expect(failure.kind).toBe('out-of-memory');
      expect(failure.message).toMatch(
        /^Runtime exited with error: signal: killed \(memory limit of 128 MB reached; max memory used: 12\d MB\)/,
      );
    },
  );

  it('gives every environment a private /tmp and a read-only code folder', async () => {
    const name = `coldbench-sandbox-test-${randomUUID()}`;
    const first = sandboxedNode('sandbox-probe.handler', { memoryMb: 256 });
    const a = await first.request({ name });
    const again = await first.request({ name });
    await first.close();
    const second = sandboxedNode('sandbox-probe.handler', { memoryMb: 256 });
    const b = await second.request({ name });
    expect(a.body).toMatchObject({ existed: false, codeWrite: 'EROFS' });
    expect(again.body).toMatchObject({ existed: true }); // the same environment keeps its /tmp
    expect(b.body).toMatchObject({ existed: false, codeWrite: 'EROFS' });
    expect(existsSync(`/tmp/${name}`)).toBe(false); // nothing reached the host's /tmp
    expect((a.body as { pid: number }).pid).toBeLessThan(10); // its own PID namespace
  });

  it('leaves no process behind: children, detached children and setsid grandchildren die with the environment', async () => {
    const marker = `coldbench-marker-${randomUUID()}`;
    const env = sandboxedNode('escapes.handler', { memoryMb: 256 });
    expect((await env.request({ marker })).ok).toBe(true);
    expect(
      await eventually(
        () => processesWith(marker).length,
        (n) => n >= 3,
      ),
    ).toBeGreaterThanOrEqual(3);
    await env.close();
    expect(processesWith(marker)).toEqual([]);
    expect(() => process.kill(env.pid!, 0)).toThrow();
  });

  it('leaves no process behind when a Python handler forks a new session that keeps the channel open, and close() returns', async () => {
    await resolvePython();
    const marker = `coldbench-marker-${randomUUID()}`;
    const env = await sandboxedPython('sandbox_escapes.handler', { memoryMb: 256 });
    expect((await env.request({ marker })).ok).toBe(true);
    expect(
      await eventually(
        () => processesWith(marker).length,
        (n) => n >= 1,
      ),
    ).toBeGreaterThanOrEqual(1);
    await env.close();
    expect(processesWith(marker)).toEqual([]);
  });

  it('freezes the environment between requests: a background thread does not run while it waits', async () => {
    const counts = async (freeze: boolean) => {
      const env = await sandboxedPython('background.handler', { memoryMb: 1769, freeze });
      await env.request({});
      await new Promise((r) => setTimeout(r, 50));
      const before = await env.request({});
      await new Promise((r) => setTimeout(r, 400));
      const after = await env.request({});
      // What the environment used while it waited after `before`, complete once `after` was sent.
      const ticks = (after.body as { count: number }).count - (before.body as { count: number }).count;
      return { ticks, idleCpuMs: before.after.cpuMs };
    };
    const frozen = await counts(true);
    const running = await counts(false);
    expect(running.ticks).toBeGreaterThan(20); // ≈ 80 ticks of 5 ms in 400 ms
    expect(frozen.ticks).toBeLessThan(running.ticks / 4);
    if (running.idleCpuMs !== undefined) expect(running.idleCpuMs).toBeGreaterThan(frozen.idleCpuMs!);
  });

  it('stays thawed while requests come back to back, and freezes once they stop', async () => {
    const env = await sandboxedPython('background.handler', { memoryMb: 1769 });
    await env.request({});
    env.backToBack(true);
    const first = ((await env.request({})).body as { count: number }).count;
    await new Promise((r) => setTimeout(r, 400)); // a pause inside the burst: not frozen
    const during = ((await env.request({})).body as { count: number }).count;
    env.backToBack(false); // frozen at once, with no request pending
    await new Promise((r) => setTimeout(r, 400));
    const after = ((await env.request({})).body as { count: number }).count;
    expect(during - first).toBeGreaterThan(20); // ≈ 80 ticks of 5 ms in 400 ms
    expect(after - during).toBeLessThan((during - first) / 4);
    await env.close();
  });

  it('runs with the util-linux launcher as well (no C compiler)', async () => {
    const name = `coldbench-sandbox-test-${randomUUID()}`;
    const env = sandboxedNode('sandbox-probe.handler', { memoryMb: 256 }, { extra: { sandboxHost: { launcher: 'util-linux' } } });
    expect(env.isolation).toContain('util-linux launcher');
    const res = await env.request({ name });
    expect(res.body).toMatchObject({ existed: false, codeWrite: 'EROFS' });
    expect(existsSync(`/tmp/${name}`)).toBe(false);
    const marker = `coldbench-marker-${randomUUID()}`;
    const escapes = sandboxedNode('escapes.handler', { memoryMb: 256 }, { extra: { sandboxHost: { launcher: 'util-linux' } } });
    expect((await escapes.request({ marker })).ok).toBe(true);
    await escapes.close();
    expect(processesWith(marker)).toEqual([]);
  });

  it('reports a handler that hangs as a timeout and kills it while frozen or running', async () => {
    const env = sandboxedNode('hangs.handler', { memoryMb: 256 }, { timeoutMs: 600 });
    const failure = await failureOf(env.request({}));
    expect(failure.kind).toBe('timeout');
    await env.close();
    expect(() => process.kill(env.pid!, 0)).toThrow();
  });

  it.each(['compiled', 'util-linux'] as const)(
    'without namespaces (%s launcher), still limits CPU and kills everything through the cgroup',
    async (launcher) => {
      const marker = `coldbench-marker-${randomUUID()}`;
      const env = sandboxedNode('escapes.handler', { memoryMb: 256 }, { extra: { sandboxHost: { launcher, namespaces: false } } });
      expect(env.isolation).toMatch(/^sandbox: cgroup v[12] only, no namespaces \(turned off\), .*the host's \/tmp, code writable/);
      expect((await env.request({ marker })).ok).toBe(true);
      expect(
        await eventually(
          () => processesWith(marker).length,
          (n) => n >= 3,
        ),
      ).toBeGreaterThanOrEqual(3);
      await env.close();
      expect(processesWith(marker)).toEqual([]);
      const burn = sandboxedNode(
        'cpu-burn.handler',
        { memoryMb: 128 },
        { env: { BURN_AT: 'invoke', BURN_MS: '100' }, extra: { sandboxHost: { launcher, namespaces: false } } },
      );
      expect((await burn.request({})).invokeMs).toBeGreaterThan(700); // ≈ 1,380 ms at 0.072 CPU
    },
  );
});
