/**
 * The AWS target against a second, independent Lambda implementation: moto in
 * server mode (Lambda's Docker execution off, so invocations answer with moto's
 * canned payload and no REPORT; those samples become error rows, which is what
 * this test expects of them). It checks the control plane: deploy with a
 * --memory × --arch matrix, the nonce updates and waits, invoke, --keep,
 * --cleanup --yes, and that nothing is left. Optional: skipped, with a message,
 * where `python3 -m moto.server` is not available.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { createLambdaClient } from '../../../src/targets/aws/client.js';
import { FIXTURES, tempDir } from '../../helpers.js';

function motoAvailable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import moto.server, boto3'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}
const available = motoAvailable();
if (!available)
  console.warn(
    'moto.test.ts: skipped: `python3 -c "import moto.server, boto3"` failed (pip install "moto[server]" boto3 for the pyenv python3 to run it)',
  );

const ROLE = 'arn:aws:iam::123456789012:role/coldbench-lambda';
const savedEnv = { ...process.env };
let server: ChildProcess | undefined;
let endpoint = '';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe.skipIf(!available)('--target aws against moto (server mode)', () => {
  beforeAll(async () => {
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    server = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await fetch(`${endpoint}/moto-api/config`, { method: 'POST', body: JSON.stringify({ lambda: { use_docker: false } }) });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_LAMBDA: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      COLDBENCH_AWS_FAST_WAITERS: '1',
      AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1',
    });
    delete process.env.AWS_PROFILE;
    // moto checks that the execution role exists.
    execFileSync(
      'python3',
      [
        '-c',
        `import boto3; boto3.client("iam", endpoint_url="${endpoint}", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing").create_role(RoleName="coldbench-lambda", AssumeRolePolicyDocument="{}")`,
      ],
      { timeout: 60_000 },
    );
  }, 120_000);
  afterAll(async () => {
    server?.kill('SIGTERM');
    process.env = savedEnv;
  });

  const listed = async () =>
    ((await createLambdaClient('us-east-1').send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => f.FunctionName ?? '');

  it('deploys a --memory × --arch matrix, updates, invokes and deletes everything', async () => {
    const out = path.join(tempDir(), 'run');
    const err: string[] = [];
    const code = await main(
      [
        '--target',
        'aws',
        '--scenarios',
        path.join(FIXTURES, 'scenarios-aws'),
        '--only',
        'planted',
        '--cold',
        '2',
        '--warm',
        '1',
        '--warmup',
        '0',
        '--memory',
        '128,256',
        '--arch',
        'x86_64,arm64',
        '--no-imports',
        '--out',
        out,
        '--role-arn',
        ROLE,
      ],
      { stdout: () => undefined, stderr: (t) => err.push(t) },
    );
    // moto's Docker-less invoke echoes the event: no entry wrapper, no REPORT. Those samples are error rows; the run goes on.
    expect(code, err.join('\n')).toBe(1);
    const lines = readFileSync(path.join(out, 'samples.csv'), 'utf8').trim().split('\n').slice(1);
    expect(lines.length).toBe(4 * 2 * 2 * 2); // 4 variants × 2 memory sizes × 2 architectures × 2 cold samples (the warm samples never started)
    expect(lines.every((l) => l.includes("the response did not come through coldbench's entry wrapper"))).toBe(true);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(new Set(meta.aws.functions.map((f: { memoryMb: number; arch: string }) => `${f.memoryMb}/${f.arch}`))).toEqual(
      new Set(['128/x86_64', '256/x86_64', '128/arm64', '256/arm64']),
    );
    expect(meta.aws.leftovers).toEqual([]);
    expect(await listed()).toEqual([]);
  }, 180_000);

  it('--keep leaves the functions; --cleanup --yes finds and deletes them', async () => {
    const out = path.join(tempDir(), 'run');
    const quiet = { stdout: () => undefined, stderr: () => undefined };
    await main(
      [
        '--target',
        'aws',
        '--scenarios',
        path.join(FIXTURES, 'scenarios-aws'),
        '--only',
        'planted',
        '--cold',
        '1',
        '--warm',
        '0',
        '--keep',
        '--no-imports',
        '--out',
        out,
        '--role-arn',
        ROLE,
      ],
      quiet,
    );
    expect((await listed()).filter((n) => n.startsWith('coldbench-'))).toHaveLength(4);
    const shown: string[] = [];
    const errs: string[] = [];
    expect(await main(['--cleanup', '--yes'], { stdout: (t) => shown.push(t), stderr: (t) => errs.push(t) }), errs.join('\n')).toBe(0);
    expect(shown.join('\n')).toContain('4 functions in us-east-1 to delete');
    expect(await listed()).toEqual([]);
  }, 180_000);
});
