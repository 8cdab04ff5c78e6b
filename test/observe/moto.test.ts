/**
 * A second, independent check: moto's server mode implements CloudWatch Logs
 * (a different implementation of the protocol, pagination tokens and time
 * range than our loopback endpoint). The log is written into it with the real
 * SDK (CreateLogGroup, CreateLogStream, PutLogEvents) and read back by
 * `coldbench observe`. Skipped, with a message, where the pyenv python3 has no moto.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeMain } from '../../src/cli/observe-main.js';
import { OBSERVE_EXIT } from '../../src/observe/run-observe.js';
import { fakeLogsEnv } from './fake-logs-server.js';
import { PLANTED_WEEK, generateLog } from './generate-logs.js';

const hasMoto = spawnSync('python3', ['-c', 'import moto.server, flask'], { stdio: 'ignore' }).status === 0;
if (!hasMoto)
  console.warn(
    'test/observe/moto.test.ts: skipped: python3 on PATH has no moto[server] (pip install "moto[server]" to run this second check)',
  );

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!hasMoto)('coldbench observe against moto server mode', () => {
  const savedEnv = { ...process.env };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'coldbench-observe-moto-'));
  let moto: ChildProcess | undefined;
  // One day ending two hours ago: CloudWatch Logs refuses events older than 14 days.
  const startMs = Math.floor((Date.now() - 26 * 3_600_000) / 3_600_000) * 3_600_000;
  const planted = { ...PLANTED_WEEK, startMs, days: 1, deployAfterDays: 0.5, seed: 7 };
  const log = generateLog(planted);

  beforeAll(async () => {
    const port = await freePort();
    moto = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    const endpoint = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${endpoint}/moto-api/`)
          .then((r) => r.ok)
          .catch(() => false)
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    Object.assign(process.env, fakeLogsEnv(endpoint));
    delete process.env.AWS_PROFILE;
    const client = new CloudWatchLogsClient({ region: 'us-east-1' });
    const group = '/aws/lambda/orders-moto';
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    const byStream = new Map<string, { timestamp: number; message: string }[]>();
    for (const e of log.events)
      (byStream.get(e.logStreamName) ?? byStream.set(e.logStreamName, []).get(e.logStreamName)!).push({
        timestamp: e.timestamp,
        message: e.message,
      });
    for (const [stream, events] of byStream) {
      await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));
    }
    client.destroy();
  }, 60_000);

  afterAll(() => {
    moto?.kill('SIGTERM');
    process.env = savedEnv;
    rmSync(tmp, { recursive: true, force: true });
  });

  it('reads every invocation back, cold starts and INIT included', async () => {
    const err: string[] = [];
    const out = path.join(tmp, 'run');
    const code = await observeMain(
      [
        '--function',
        'orders-moto',
        '--start',
        new Date(startMs).toISOString(),
        '--end',
        new Date(startMs + 86_400_000).toISOString(),
        '--out',
        out,
      ],
      { stdout: () => undefined, stderr: (t) => err.push(t) },
    );
    expect(code, err.join('\n')).toBe(OBSERVE_EXIT.ok);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.counts).toEqual({ invocations: log.invocations.length, coldStarts: log.invocations.filter((i) => i.cold).length });
    const initSum = readFileSync(path.join(out, 'observed.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .reduce((s, line) => s + Number(line.split(',')[6] || 0), 0);
    expect(initSum).toBeGreaterThan(0);
  }, 60_000);

  it('a missing log group is exit code 3 there too', async () => {
    const err: string[] = [];
    expect(
      await observeMain(['--function', 'absent', '--since', '1d', '--out', path.join(tmp, 'absent')], {
        stdout: () => undefined,
        stderr: (t) => err.push(t),
      }),
    ).toBe(OBSERVE_EXIT.notFound);
    expect(err.join('\n')).toContain('log group /aws/lambda/absent does not exist');
  });
});
