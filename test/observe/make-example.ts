/**
 * Builds the committed example report from generated logs:
 *   npx tsx test/observe/make-example.ts results/<run-id>-observe-generated
 * A week of PLANTED_WEEK (text log format) is served from the loopback
 * CloudWatch Logs endpoint and read by `coldbench observe` as a real log group would be.
 */
import { observeMain } from '../../src/cli/observe-main.js';
import { FakeLogsServer, fakeLogsEnv } from './fake-logs-server.js';
import { PLANTED_WEEK, generateLog } from './generate-logs.js';

const out = process.argv[2];
if (!out || !out.endsWith('-observe-generated')) {
  process.stderr.write('usage: npx tsx test/observe/make-example.ts results/<run-id>-observe-generated\n');
  process.exit(2);
}
const p = PLANTED_WEEK;
const fake = new FakeLogsServer({ pageSize: 10_000, emptyPageEvery: 0 });
fake.addGroup('/aws/lambda/orders-api', generateLog(p).events);
Object.assign(process.env, fakeLogsEnv(await fake.start()));
delete process.env.AWS_PROFILE;
const note =
  `Generated logs, not a real function: coldbench's seeded generator (test/observe/generate-logs.ts, seed ${p.seed}) planted Poisson arrivals of ${p.dayRate * 3600}/h from ${p.dayFromHour}:00 to ${p.dayToHour}:00 UTC and ${p.nightRate * 3600}/h otherwise, ` +
  `a burst of ${p.burstSize} requests daily at ${p.burstHour}:30, idle reclaim uniform in ${p.reclaimMinS}–${p.reclaimMaxS} s, INIT log-normal with median ${p.initMedianMs} ms (σ ${p.initSigma}), a deployment of version ${p.versions[1]} after ${p.deployAfterDays} days; served from a loopback CloudWatch Logs endpoint.`;
const code = await observeMain(
  ['--function', 'orders-api', '--start', '2026-11-16T00:00:00Z', '--end', '2026-11-23T00:00:00Z', '--out', out, '--note', note],
  {
    stdout: (t) => process.stdout.write(t + '\n'),
    stderr: (t) => process.stderr.write(t + '\n'),
  },
);
await fake.stop();
process.exitCode = code;
