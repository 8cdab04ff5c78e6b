/**
 * The AWS target end to end against a Lambda-compatible endpoint on loopback:
 * the real @aws-sdk/client-lambda (serialization, waiters, retries), real
 * packages (esbuild bundles, generated entry), really run by the endpoint.
 * No request leaves the machine: dummy credentials, metadata lookups off.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { FIXTURES, capture, tempDir } from '../../helpers.js';
import { DEFAULT_PYTHON } from '../../../src/runtimes/python/python-runtime.js';
import { FAKE_ACCOUNT, FakeLambda, fakeAwsEnv } from './fake-lambda-server.js';
import { fakeLambdaPerTest } from './fake-lambda-hooks.js';

const ROLE = `arn:aws:iam::${FAKE_ACCOUNT}:role/coldbench-lambda`;
const AWS_SCENARIOS = path.join(FIXTURES, 'scenarios-aws');
const QUICK = path.join(FIXTURES, 'scenarios');

let fake: FakeLambda;
fakeLambdaPerTest(
  (f) => (fake = f),
  () => fake,
);

type Row = Record<string, string> & {
  error: string;
  variant: string;
  kind: string;
  memory_mb: string;
  init_ms: string;
  environment: string;
};
function readSamples(dir: string): Row[] {
  const [header, ...lines] = readFileSync(path.join(dir, 'samples.csv'), 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines
    .filter((l) => l.includes(',aws,'))
    .map((line) => {
      const cells = line.split(',');
      return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])) as Row;
    });
}
const num = (v: string | undefined) => Number(v);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const count = (op: RegExp) => fake.calls.filter((c) => op.test(c)).length;

describe('--target aws against a Lambda-compatible endpoint', () => {
  it('deploys, measures each strategy where it pays for its import, and deletes every function', async () => {
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    // The fake endpoint runs every function on this machine: one at a time, so that timings compare.
    const code = await main(
      [
        '--target',
        'aws',
        '--scenarios',
        AWS_SCENARIOS,
        '--cold',
        '3',
        '--warm',
        '4',
        '--warmup',
        '1',
        '--memory',
        '256',
        '--concurrency',
        '1',
        '--out',
        out,
        '--role-arn',
        ROLE,
      ],
      io,
    );
    expect(code, err.join('\n')).toBe(0);
    const rows = readSamples(out);
    expect(rows).toHaveLength(4 * (3 + 4));
    for (const r of rows) {
      expect(r.memory_mb).toBe('256');
      expect(num(r.billed_ms)).toBeGreaterThan(0);
      expect(num(r.max_memory_mb)).toBeGreaterThan(0);
      expect(r.error).toBe('');
    }
    const cold = (v: string) => rows.filter((r) => r.variant === v && r.kind === 'cold');
    // The planted 80 ms import: in Init Duration for preload and initializer (top-level await in the entry), in the first invoke for lazy.
    expect(median(cold('preload').map((r) => num(r.init_ms)))).toBeGreaterThan(75);
    expect(median(cold('initializer').map((r) => num(r.init_ms)))).toBeGreaterThan(75);
    expect(median(cold('initializer').map((r) => num(r.invoke_ms)))).toBeLessThan(40);
    expect(median(cold('lazy').map((r) => num(r.invoke_ms)))).toBeGreaterThan(75);
    expect(median(cold('lazy').map((r) => num(r.init_ms)))).toBeLessThan(60);
    // Billed includes INIT on a cold start (on-demand, since 2025-08-01).
    for (const r of cold('preload')) expect(num(r.billed_ms)).toBeGreaterThanOrEqual(Math.floor(num(r.init_ms) + num(r.invoke_ms)));
    // prewarmed: the measured request comes after the ping, INIT off the request path.
    expect(Math.max(...cold('prewarmed').map((r) => num(r.e2e_ms)))).toBeLessThan(Math.min(...cold('preload').map((r) => num(r.e2e_ms))));
    // Fresh environment per cold sample; warm rows from their cold row's environment.
    const coldEnvs = rows.filter((r) => r.kind === 'cold').map((r) => r.environment);
    expect(new Set(coldEnvs).size).toBe(coldEnvs.length);
    for (const w of rows.filter((r) => r.kind === 'warm')) {
      expect(w.init_ms).toBe('');
      expect(coldEnvs).toContain(w.environment);
    }
    // One nonce update per cold sample, waiters instead of sleeps, and nothing left.
    expect(count(/^PUT \/2015-03-31\/functions\/[^/]+\/configuration$/)).toBe(4 * 3);
    expect(count(/^GET \/2015-03-31\/functions\/[^/]+$/)).toBeGreaterThanOrEqual(4 * 3 + 4);
    // 4 measured functions, and the import breakdown's 2 instrumented ones (preload and lazy), never sampled.
    expect(count(/^DELETE \/2015-03-31\/functions\/[^/]+$/)).toBe(4 + 2);
    expect(fake.functions.size).toBe(0);
    expect(fake.liveEnvironments()).toBe(0);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.target).toBe('aws');
    expect(meta.status).toBe('complete');
    expect(meta.aws.coldRetries).toBe(0);
    expect(meta.aws.leftovers).toEqual([]);
    expect(meta.aws.roleArn).toBe('arn:aws:iam::<account>:role/coldbench-lambda');
    expect(meta.aws.functions).toHaveLength(4);
    for (const f of meta.aws.functions) expect(f.packageBytes).toBeGreaterThan(100);
    // Nothing committed may carry the account id.
    for (const file of ['samples.csv', 'summary.csv', 'report.md', 'run.json'])
      expect(readFileSync(path.join(out, file), 'utf8')).not.toContain(FAKE_ACCOUNT);
    // The report explains AWS figures, not local ones.
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain('come from the REPORT line of that Invoke');
    expect(report).not.toContain('| page cache |');
  });

  it('handles what AWS does: 409 while updating, 429 with retry-after, non-cold samples, FunctionError, a function stuck in Failed, JSON logs', async () => {
    fake.logFormat = 'JSON';
    fake.faults.conflictOnUpdate = 2;
    fake.faults.throttle = 0;
    fake.faults.reuseOnUpdate = 1;
    fake.faults.omitInit = 1;
    fake.faults.failCreate = ['-lazy-'];
    let invokes = 0;
    fake.onRequest = (op) => {
      if (op.endsWith('/invocations') && ++invokes === 5) {
        fake.faults.throttle = 1;
        fake.faults.retryAfterSeconds = 0;
      }
    };
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    // One function at a time, so that each planted fault meets the sample it is meant for.
    const code = await main(
      [
        '--target',
        'aws',
        '--scenarios',
        QUICK,
        '--cold',
        '2',
        '--warm',
        '2',
        '--warmup',
        '0',
        '--memory',
        '128,512',
        '--concurrency',
        '1',
        '--out',
        out,
        '--role-arn',
        ROLE,
      ],
      io,
    );
    expect(code).toBe(1); // broken and lazy failed
    const rows = readSamples(out);
    const stderr = err.join('\n');
    // The lazy functions never became Active: one row each with the reason, and the run went on.
    const lazy = rows.filter((r) => r.variant === 'lazy');
    expect(lazy).toHaveLength(2);
    expect(lazy.every((r) => r.error.includes('deploy failed') && r.error.includes('Failed'))).toBe(true);
    // The broken handler: FunctionError rows, with REPORT figures.
    const broken = rows.filter((r) => r.variant === 'broken');
    expect(broken.length).toBe(4);
    expect(broken.every((r) => r.error.includes('FunctionError (Unhandled)') && r.error.includes('broken on purpose'))).toBe(true);
    // Everything else measured, cold rows really cold (two retried), both memory sizes.
    const good = rows.filter((r) => !['lazy', 'broken'].includes(r.variant));
    expect(good.every((r) => r.error === '')).toBe(true);
    expect(good.filter((r) => r.kind === 'cold')).toHaveLength(3 * 2 * 2);
    expect(good.filter((r) => r.kind === 'cold' && r.variant !== 'prewarmed').every((r) => num(r.init_ms) > 0)).toBe(true);
    expect(new Set(good.map((r) => r.memory_mb))).toEqual(new Set(['128', '512']));
    expect(stderr).toMatch(/not a cold start \(no Init Duration in the REPORT\); taking it again/);
    expect(stderr).toMatch(/not a cold start \(no Init Duration in the REPORT; environment \S+ was seen before\); taking it again/);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.aws.coldRetries).toBe(2);
    expect(fake.throttled).toBe(1); // answered 429 once, retried by the SDK after Retry-After
    expect(stderr).toContain('2 cold sample(s) retried');
    expect(count(/^PUT .*\/configuration$/)).toBeGreaterThanOrEqual(12 + 2 + 2); // 12 cold samples + 2 retries + 2 conflicts
    expect(fake.functions.size).toBe(0);
    expect(fake.liveEnvironments()).toBe(0);
  });

  it('honours Retry-After on a throttled invoke and does not count the wait as latency', async () => {
    let invokes = 0;
    fake.onRequest = (op) => {
      if (op.endsWith('/invocations') && ++invokes === 1) {
        fake.faults.throttle = 1; // this very request is answered 429
        fake.faults.retryAfterSeconds = 1;
      }
    };
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    const started = performance.now();
    expect(
      await main(
        [
          '--target',
          'aws',
          '--scenarios',
          AWS_SCENARIOS,
          '--only',
          'planted',
          '--cold',
          '1',
          '--warm',
          '0',
          '--out',
          out,
          '--role-arn',
          ROLE,
        ],
        io,
      ),
      err.join('\n'),
    ).toBe(0);
    expect(fake.throttled).toBe(1);
    expect(performance.now() - started).toBeGreaterThan(1000); // the SDK waited for Retry-After
    const rows = readSamples(out);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.error === '' && num(r.e2e_ms) < 900)).toBe(true); // e2e times the last attempt only
  });

  it('--provisioned: publishes a version, an alias and provisioned concurrency, measures, removes them', async () => {
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    const code = await main(
      [
        '--target',
        'aws',
        '--scenarios',
        AWS_SCENARIOS,
        '--cold',
        '2',
        '--warm',
        '2',
        '--warmup',
        '0',
        '--provisioned',
        '--out',
        out,
        '--role-arn',
        ROLE,
      ],
      io,
    );
    expect(code, err.join('\n')).toBe(0);
    expect(err.join('\n')).toContain('--provisioned keeps one provisioned environment');
    const pre = readSamples(out).filter((r) => r.variant === 'prewarmed');
    expect(pre.filter((r) => r.kind === 'cold')).toHaveLength(2);
    expect(pre.every((r) => r.error === '')).toBe(true);
    expect(pre.filter((r) => r.kind === 'cold').every((r) => r.init_ms === '')).toBe(true); // INIT happened when it was provisioned
    expect(count(/^POST .*\/versions$/)).toBe(2);
    expect(count(/^POST .*\/aliases$/)).toBe(2);
    expect(count(/^PUT \/2019-09-30\/.*provisioned-concurrency$/)).toBe(2);
    expect(count(/^DELETE \/2019-09-30\/.*provisioned-concurrency$/)).toBe(2);
    expect(fake.functions.size).toBe(0);
    expect(fake.liveEnvironments()).toBe(0);
  });

  it('--unbundled: the endpoint runs the handler with the node_modules package it shipped', async () => {
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    const code = await main(
      [
        '--target',
        'aws',
        '--unbundled',
        '--scenarios',
        path.join(FIXTURES, 'scenarios-aws-deps'),
        '--cold',
        '2',
        '--warm',
        '1',
        '--out',
        out,
        '--role-arn',
        ROLE,
      ],
      io,
    );
    expect(code, err.join('\n')).toBe(0);
    const rows = readSamples(out);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.error === '')).toBe(true);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.aws.packaging).toBe('unbundled');
    expect(meta.aws.functions[0].packageBytes).toBeGreaterThan(20_000); // fflate's files travel along
    expect(fake.functions.size).toBe(0);
  });

  it.skipIf(!existsSync(DEFAULT_PYTHON))('a Python package runs with its module folder, and the initializer lands in INIT', async () => {
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    const code = await main(
      [
        '--target',
        'aws',
        '--scenarios',
        path.join(FIXTURES, 'scenarios-aws-python'),
        '--cold',
        '3',
        '--warm',
        '1',
        '--concurrency',
        '1',
        '--out',
        out,
        '--role-arn',
        ROLE,
      ],
      io,
    );
    expect(code, err.join('\n')).toBe(0);
    const rows = readSamples(out);
    expect(rows).toHaveLength(2 * 4);
    expect(rows.every((r) => r.error === '' && r.runtime === 'python')).toBe(true);
    const init = (v: string) => median(rows.filter((r) => r.variant === v && r.kind === 'cold').map((r) => num(r.init_ms)));
    expect(init('initializer') - init('preload')).toBeGreaterThan(35); // the 60 ms initializer ran at module level (a wide margin: 2 shared cores)
    expect(fake.functions.size).toBe(0);
    expect(fake.liveEnvironments()).toBe(0);
  });

  it('--dry-run prints the plan and cost without calling AWS', async () => {
    const { io, out } = capture();
    expect(
      await main(
        [
          '--target',
          'aws',
          '--dry-run',
          '--scenarios',
          AWS_SCENARIOS,
          '--memory',
          '128,1024',
          '--arch',
          'x86_64,arm64',
          '--cold',
          '5',
          '--warm',
          '10',
        ],
        io,
      ),
    ).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Functions (16)');
    expect(text).toMatch(/coldbench-\d{6}T\d{6}-[a-z0-9]{5}-planted-initializer-1024-arm/);
    expect(text).toContain('Estimated cost (us-east-1 prices');
    expect(fake.calls).toEqual([]);
  });

  it('samples adaptively on AWS too (--cold auto): rounds stop at the target or the cap, recorded in run.json', async () => {
    const { io, err } = capture();
    const out = path.join(tempDir(), 'run');
    const code = await main(
      [
        '--target',
        'aws',
        '--scenarios',
        AWS_SCENARIOS,
        '--cold',
        'auto',
        '--cold-min',
        '6',
        '--cold-max',
        '7',
        '--ci-target',
        '50',
        '--warm',
        '0',
        '--out',
        out,
        '--role-arn',
        ROLE,
      ],
      io,
    );
    expect(code, err.join('\n')).toBe(0);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.sampling.mode).toBe('auto');
    const rounds = Object.values(meta.sampling.scenarios as Record<string, { rounds: number }>).map((s) => s.rounds);
    expect(rounds.length).toBeGreaterThan(0);
    for (const r of rounds) expect(r === 6 || r === 7).toBe(true);
    const cold = readSamples(out).filter((r) => r.kind === 'cold');
    expect(cold.length).toBeGreaterThanOrEqual(6 * 4);
    expect(fake.functions.size).toBe(0);
  });

  it('stops before anything starts without a role, naming the flag and the variable', async () => {
    const { io, err } = capture();
    expect(await main(['--target', 'aws', '--scenarios', AWS_SCENARIOS, '--cold', '1'], io)).toBe(2);
    expect(err.join('\n')).toContain('--role-arn: the functions need an execution role');
    expect(err.join('\n')).toContain('COLDBENCH_ROLE_ARN');
    expect(fake.calls).toEqual([]);
  });

  it('stops before anything starts without credentials, saying how to provide them', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const { io, err } = capture();
    expect(await main(['--target', 'aws', '--scenarios', AWS_SCENARIOS, '--cold', '1', '--role-arn', ROLE], io)).toBe(2);
    expect(err.join('\n')).toContain('no AWS credentials: set AWS_PROFILE');
    expect(fake.calls).toEqual([]);
  });

  it('--keep leaves the functions; --cleanup shows them, then deletes them with --yes', async () => {
    const out = path.join(tempDir(), 'run');
    const kept = capture();
    expect(
      await main(
        ['--target', 'aws', '--scenarios', AWS_SCENARIOS, '--cold', '1', '--warm', '0', '--keep', '--out', out, '--role-arn', ROLE],
        kept.io,
      ),
    ).toBe(0);
    expect(fake.functions.size).toBe(4);
    expect(JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')).aws.leftovers).toHaveLength(4);
    const show = capture();
    expect(await main(['--cleanup'], show.io)).toBe(0);
    expect(show.out.join('\n')).toContain('4 functions in us-east-1 to delete');
    expect(show.err.join('\n')).toContain('run again with --cleanup --yes');
    expect(fake.functions.size).toBe(4);
    const del = capture();
    expect(await main(['--cleanup', '--yes'], del.io)).toBe(0);
    expect(fake.functions.size).toBe(0);
  });

  it('deletes every function when the run fails with an error', async () => {
    const out = path.join(tempDir(), 'run');
    let invokes = 0;
    fake.onRequest = (op) => {
      if (op.endsWith('/invocations') && ++invokes === 4) rmSync(out, { recursive: true, force: true }); // the writer fails next
    };
    const { io } = capture();
    await expect(
      main(['--target', 'aws', '--scenarios', AWS_SCENARIOS, '--cold', '3', '--warm', '1', '--out', out, '--role-arn', ROLE], io),
    ).rejects.toThrow(/ENOENT/);
    expect(fake.functions.size).toBe(0);
    expect(fake.liveEnvironments()).toBe(0);
  });

  it('deletes every function on Ctrl-C while they are still being deployed', async () => {
    await fake.stop();
    fake = new FakeLambda({ pendingMs: 60_000, updatingMs: 40, provisioningMs: 60 }); // stuck in Pending
    const env = { ...process.env, ...fakeAwsEnv(await fake.start()) };
    const out = path.join(tempDir(), 'run');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/bench.ts',
        '--target',
        'aws',
        '--scenarios',
        AWS_SCENARIOS,
        '--cold',
        '2',
        '--out',
        out,
        '--role-arn',
        ROLE,
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    for (let i = 0; i < 300 && fake.functions.size < 4; i++) await new Promise((r) => setTimeout(r, 100));
    expect(fake.functions.size).toBe(4);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(130);
    expect(fake.functions.size).toBe(0);
    // Interrupted before measuring: like a local run, nothing is written.
    expect(stderr).toContain('stopped before measuring; nothing was written');
    expect(existsSync(path.join(out, 'samples.csv'))).toBe(false);
  });

  it('deletes every function on Ctrl-C and keeps the samples taken', async () => {
    const out = path.join(tempDir(), 'run');
    const env = { ...process.env };
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/bench.ts',
        '--target',
        'aws',
        '--scenarios',
        AWS_SCENARIOS,
        '--cold',
        '30',
        '--warm',
        '0',
        '--out',
        out,
        '--role-arn',
        ROLE,
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const samples = path.join(out, 'samples.csv');
    for (let i = 0; i < 300; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (existsSync(samples) && readFileSync(samples, 'utf8').trim().split('\n').length >= 4) break;
    }
    expect(fake.functions.size).toBe(4);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('SIGINT: stopping');
    expect(fake.functions.size).toBe(0);
    const rows = readSamples(out);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.length).toBeLessThan(4 * 30);
    expect(rows.every((r) => r.error === '')).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')).status).toBe('partial');
  });
});
