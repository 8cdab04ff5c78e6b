/**
 * What a first real-account run meets, played by the loopback Lambda endpoint
 * through the real SDK: SnapStart, suppressed and proactive inits, the account's
 * concurrency, failing list and delete calls, missing functions during a wait,
 * Lambda runtimes, and the import-time breakdown from an instrumented function.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { DEFAULT_PYTHON } from '../../../src/runtimes/python/python-runtime.js';
import { FIXTURES, capture, tempDir } from '../../helpers.js';
import { FAKE_ACCOUNT, type FakeLambda } from './fake-lambda-server.js';
import { fakeLambdaPerTest } from './fake-lambda-hooks.js';

const ROLE = `arn:aws:iam::${FAKE_ACCOUNT}:role/coldbench-lambda`;
const AWS_SCENARIOS = path.join(FIXTURES, 'scenarios-aws');
const SNAPSTART = path.join(FIXTURES, 'scenarios-aws-snapstart');
const hasPython = existsSync(DEFAULT_PYTHON);

let fake: FakeLambda;
fakeLambdaPerTest(
  (f) => (fake = f),
  () => fake,
);

type Row = Record<string, string>;
function readCsv(file: string): Row[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}
const samples = (dir: string) => readCsv(path.join(dir, 'samples.csv'));
const runJson = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));
const count = (op: RegExp) => fake.calls.filter((c) => op.test(c)).length;
const run = (args: string[]) => {
  const c = capture();
  const out = path.join(tempDir(), 'run');
  return { out, c, code: main(['--target', 'aws', '--out', out, '--role-arn', ROLE, ...args], c.io) };
};

describe('SnapStart on the loopback endpoint', () => {
  it.skipIf(!hasPython)('publishes a version per cold sample, measures its restore, deletes the version, and leaves nothing', async () => {
    const r = run(['--scenarios', SNAPSTART, '--cold', '3', '--warm', '2', '--warmup', '0', '--no-imports']);
    expect(await r.code, r.c.err.join('\n')).toBe(0);
    const rows = samples(r.out);
    const cold = (v: string) => rows.filter((x) => x.variant === v && x.kind === 'cold');
    expect(rows.every((x) => x.error === '')).toBe(true);
    expect(cold('snapstart')).toHaveLength(3);
    for (const x of cold('snapstart')) {
      expect(x.strategy).toBe('snapstart');
      // init_ms is Restore Duration (the endpoint restores in ~30 ms); the 80 ms import ran at publish time.
      expect(Number(x.init_ms)).toBeGreaterThan(25);
      expect(Number(x.init_ms)).toBeLessThan(75);
      expect(Number(x.invoke_ms)).toBeLessThan(60);
    }
    // preload pays the import in INIT, lazy in its first invoke.
    for (const x of cold('preload')) expect(Number(x.init_ms)).toBeGreaterThan(75);
    for (const x of cold('lazy')) expect(Number(x.invoke_ms)).toBeGreaterThan(75);
    // Warm samples of a snapstart variant come from its restored environment.
    const snapEnvs = new Set(cold('snapstart').map((x) => x.environment));
    expect(snapEnvs.size).toBe(3);
    for (const w of rows.filter((x) => x.variant === 'snapstart' && x.kind === 'warm')) expect(snapEnvs.has(w.environment)).toBe(true);
    // One version published per cold sample of the snapstart function only, each deleted after its samples.
    expect(count(/^POST \/2015-03-31\/functions\/[^/]+-snapstart-[^/]+\/versions$/)).toBe(3);
    expect(count(/^POST .*\/versions$/)).toBe(3);
    expect(count(/^DELETE \/2015-03-31\/functions\/[^/]+-snapstart-[^/]+$/)).toBeGreaterThanOrEqual(3 + 1);
    expect(fake.functions.size).toBe(0);
    expect(fake.liveEnvironments()).toBe(0);
    const meta = runJson(r.out);
    expect(meta.aws.functions.find((f: { variant: string }) => f.variant === 'snapstart').runtime).toBe('python3.14');
  });

  it('refuses snapstart where it cannot run: a Node scenario on AWS (no SnapStart for Node), any scenario locally', async () => {
    const dir = tempDir();
    const { mkdirSync, writeFileSync, copyFileSync } = await import('node:fs');
    mkdirSync(path.join(dir, 'n'));
    copyFileSync(path.join(AWS_SCENARIOS, 'planted', 'preload.mjs'), path.join(dir, 'n', 'preload.mjs'));
    copyFileSync(path.join(AWS_SCENARIOS, 'planted', 'planted.mjs'), path.join(dir, 'n', 'planted.mjs'));
    writeFileSync(
      path.join(dir, 'n', 'scenario.ts'),
      `export default { name: 'n', runtime: 'node', event: {}, variants: { snapstart: { handler: 'preload.handler' } } };\n`,
    );
    const r = run(['--scenarios', dir, '--cold', '1']);
    expect(await r.code).toBe(2);
    expect(r.c.err.join('\n')).toMatch(
      /variant "snapstart": strategy snapstart needs a Lambda runtime with SnapStart; nodejs24\.x has none \(Lambda offers SnapStart for Java, Python 3\.12\+ and \.NET, not node\)/,
    );
    expect(count(/^POST \/2015-03-31\/functions$/)).toBe(0);
    const local = capture();
    expect(await main(['--scenarios', dir, '--cold', '1'], local.io)).toBe(2);
    expect(local.err.join('\n')).toContain('strategy snapstart cannot run on --target local: no snapshot/restore of a process here');
  });
});

describe('what is a cold start', () => {
  it("records a suppressed init (INIT timed out, retried inside the request) as a cold start with INIT_REPORT's duration", async () => {
    fake.faults.suppressInit = 1;
    const r = run(['--scenarios', AWS_SCENARIOS, '--cold', '2', '--warm', '0', '--concurrency', '1', '--no-imports']);
    expect(await r.code, r.c.err.join('\n')).toBe(0);
    const cold = samples(r.out).filter((x) => x.kind === 'cold');
    expect(cold).toHaveLength(4 * 2);
    const suppressed = cold.filter((x) => x.init_ms === '10000.12');
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]!.error).toBe('');
    const meta = runJson(r.out);
    expect(meta.aws.suppressedInits).toBe(1);
    expect(meta.aws.coldRetries).toBe(0);
    expect(r.c.err.join('\n')).toMatch(
      /INIT timeout after 10000 ms and ran again inside the first request \(suppressed init\); recorded as a cold start/,
    );
  });

  it('takes again an environment Lambda initialized ahead of the request, and says how many there were', async () => {
    fake.faults.proactiveInit = 1;
    fake.faults.proactiveDelayMs = 1500;
    const r = run(['--scenarios', AWS_SCENARIOS, '--only', 'planted', '--cold', '2', '--warm', '0', '--concurrency', '1', '--no-imports']);
    expect(await r.code, r.c.err.join('\n')).toBe(0);
    const cold = samples(r.out).filter((x) => x.kind === 'cold');
    expect(cold).toHaveLength(4 * 2);
    expect(cold.every((x) => x.error === '')).toBe(true);
    const meta = runJson(r.out);
    expect(meta.aws.initializedAhead).toBe(1);
    expect(meta.aws.coldRetries).toBe(1);
    const err = r.c.err.join('\n');
    expect(err).toMatch(/initialized this environment \d+ ms before the request arrived; not a cold start/);
    expect(err).toContain('1 of them initialized ahead of the request by Lambda');
  });
});

describe('preflight: the account before anything is created', () => {
  it('stops --provisioned on an account whose unreserved concurrency is 10, with the fix', async () => {
    fake.accountLimit = { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 };
    const r = run(['--scenarios', AWS_SCENARIOS, '--cold', '1', '--provisioned']);
    expect(await r.code).toBe(2);
    const err = r.c.err.join('\n');
    expect(err).toContain('UnreservedConcurrentExecution below its minimum value of [10]');
    expect(err).toContain('Service Quotas');
    expect(count(/^POST \/2015-03-31\/functions$/)).toBe(0);
  });

  it('measures at most half the unreserved concurrency at once, and records it', async () => {
    fake.accountLimit = { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 6 };
    const r = run(['--scenarios', AWS_SCENARIOS, '--cold', '2', '--warm', '0', '--concurrency', '8', '--no-imports']);
    expect(await r.code, r.c.err.join('\n')).toBe(0);
    expect(r.c.err.join('\n')).toContain("--concurrency 8: measuring 3 functions at once, half the account's unreserved concurrency (6)");
    expect(runJson(r.out).aws.concurrency).toEqual({ accountLimit: 10, unreserved: 6, measuredAtOnce: 3 });
    expect(fake.mostInvokingAtOnce).toBeLessThanOrEqual(3);
    expect(fake.mostInvokingAtOnce).toBeGreaterThanOrEqual(2); // and several at once indeed
  });
});

describe('nothing left behind, whatever fails', () => {
  it('still deletes the function when deleting its alias fails, and --cleanup survives a failing list call', async () => {
    fake.faults.refuse = [
      { op: /^DELETE .*\/aliases\//, status: 500, error: 'ServiceException' },
      { op: /^GET \/2019-09-30\/.*provisioned-concurrency/, status: 404, error: 'UnknownOperationException' },
    ];
    const kept = run(['--scenarios', AWS_SCENARIOS, '--cold', '1', '--warm', '0', '--keep', '--no-imports']);
    expect(await kept.code, kept.c.err.join('\n')).toBe(0);
    expect(fake.functions.size).toBe(4);
    // An alias on one of them, whose deletion will fail.
    const [name] = [...fake.functions.keys()];
    const fn = fake.functions.get(name!)!;
    fn.versions.set('1', { config: { ...fn.latest.config, Version: '1' }, codeDir: fn.latest.codeDir });
    fn.aliases.set('coldbench-provisioned', '1');
    const del = capture();
    expect(await main(['--cleanup', '--yes'], del.io), del.err.join('\n')).toBe(0);
    expect(del.err.join('\n')).toMatch(/ListProvisionedConcurrencyConfigs coldbench-\S+: .*\(listed and deleted all the same\)/);
    expect(del.err.join('\n')).toMatch(/deleted coldbench-\S+ \(after: ServiceException: DeleteAlias coldbench-/);
    expect(fake.functions.size).toBe(0);
  });

  it('stops waiting at once when the function disappears, naming the operation and the function', async () => {
    let updates = 0;
    fake.onRequest = (op) => {
      if (/^PUT .*\/configuration$/.test(op) && ++updates === 1) {
        const name = op.split('/')[3]!;
        setTimeout(() => fake.functions.delete(name), 0); // gone behind the run's back, during the wait
      }
    };
    const started = performance.now();
    const r = run(['--scenarios', AWS_SCENARIOS, '--only', 'planted', '--cold', '1', '--warm', '0', '--concurrency', '1', '--no-imports']);
    expect(await r.code).toBe(1);
    expect(performance.now() - started).toBeLessThan(60_000); // not the waiter's 5-minute stall
    const failed = samples(r.out).filter((x) => x.error !== '');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(
      /^ResourceNotFoundException: (GetFunction|UpdateFunctionConfiguration) coldbench-\S+: Function not found/,
    );
    expect(failed[0]!.error).not.toContain('TimeoutError');
  });

  it('gives two runs started in the same second different function names', async () => {
    const { makeRunId } = await import('../../../src/core/run-meta.js');
    const { functionName } = await import('../../../src/targets/aws/naming.js');
    const now = new Date('2026-12-01T08:00:00Z');
    const names = new Set(Array.from({ length: 50 }, () => functionName(makeRunId(now, 'aws'), 'planted', 'preload', 1024, 'x86_64')));
    expect(names.size).toBe(50);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(64);
  });
});

describe('Lambda runtimes and the import breakdown', () => {
  it('--lambda-runtime picks the runtime per language and records it; an unknown one stops the run', async () => {
    const r = run([
      '--scenarios',
      AWS_SCENARIOS,
      '--only',
      'planted',
      '--cold',
      '1',
      '--warm',
      '0',
      '--lambda-runtime',
      'nodejs22.x',
      '--no-imports',
    ]);
    expect(await r.code, r.c.err.join('\n')).toBe(0);
    expect(runJson(r.out).aws.functions.every((f: { runtime: string }) => f.runtime === 'nodejs22.x')).toBe(true);
    expect(fake.calls.filter((c) => c === 'POST /2015-03-31/functions')).toHaveLength(4);
    const bad = run(['--scenarios', AWS_SCENARIOS, '--cold', '1', '--lambda-runtime', 'nodejs20.x']);
    expect(await bad.code).toBe(2);
    expect(bad.c.err.join('\n')).toContain(
      '--lambda-runtime nodejs20.x: not a Lambda runtime coldbench deploys node to; use one of nodejs22.x, nodejs24.x',
    );
  });

  it('breaks INIT down per module from one instrumented function (Node): the planted import is the lazy candidate', async () => {
    const r = run(['--scenarios', AWS_SCENARIOS, '--cold', '1', '--warm', '0']);
    expect(await r.code, r.c.err.join('\n')).toBe(0);
    const imports = readCsv(path.join(r.out, 'imports.csv'));
    const planted = imports.find((m) => m.module === 'planted.mjs');
    expect(planted, JSON.stringify(imports)).toBeDefined();
    expect(Number(planted!.cumulative_ms)).toBeGreaterThan(70);
    expect(planted!.variant).toBe('preload');
    expect(planted!.lazy_candidate).not.toBe('');
    // The instrumented functions are never samples, and they are gone.
    expect(samples(r.out).every((x) => !x.variant!.endsWith('-imports'))).toBe(true);
    expect(fake.functions.size).toBe(0);
  });

  it.skipIf(!hasPython)('breaks INIT down per module on Python (PYTHONPROFILEIMPORTTIME captured by the entry)', async () => {
    const r = run(['--scenarios', SNAPSTART, '--cold', '1', '--warm', '0']);
    expect(await r.code, r.c.err.join('\n')).toBe(0);
    const imports = readCsv(path.join(r.out, 'imports.csv'));
    const heavy = imports.find((m) => m.module === 'heavy');
    expect(heavy, JSON.stringify(imports)).toBeDefined();
    expect(Number(heavy!.cumulative_ms)).toBeGreaterThan(70);
    expect(imports.find((m) => m.module === 'app')?.depth).toBe('0');
    expect(fake.functions.size).toBe(0);
  });
});

describe('derived variants on the loopback endpoint', () => {
  it('--handler on --target aws: the derived lazy variant (bundled from the run folder) defers the planted import into its first invoke', async () => {
    const handler = path.join(FIXTURES, 'derive', 'esm', 'index.handler');
    const r = run([
      '--handler',
      handler,
      '--event',
      path.join(FIXTURES, 'derive', 'event.json'),
      '--lazy',
      './heavy.mjs',
      '--cold',
      '2',
      '--warm',
      '1',
      '--warmup',
      '0',
      '--concurrency',
      '1',
      '--no-imports',
    ]);
    expect(await r.code, r.c.err.join('\n')).toBe(0);
    const rows = samples(r.out);
    expect(rows.every((x) => x.error === '' && x.target === 'aws')).toBe(true);
    expect(new Set(rows.map((x) => x.variant))).toEqual(new Set(['preload', 'lazy', 'initializer', 'prewarmed']));
    const median = (v: string, f: string) => {
      const values = rows.filter((x) => x.variant === v && x.kind === 'cold').map((x) => Number(x[f]));
      return values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    };
    // The fixture's heavy.mjs spins at import: INIT for preload and initializer, the first invoke for lazy.
    expect(median('lazy', 'init_ms')).toBeLessThan(median('preload', 'init_ms'));
    expect(median('lazy', 'invoke_ms')).toBeGreaterThan(median('preload', 'invoke_ms'));
    const meta = runJson(r.out);
    expect(meta.derived?.[0]?.variants.map((v: { name: string }) => v.name)).toContain('lazy');
    expect(fake.functions.size).toBe(0);
  });
});
