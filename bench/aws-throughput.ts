/**
 * Throughput of the AWS target: cold samples per minute per variant, on the
 * loopback Lambda endpoint with realistic delays (CreateFunction → Active 1.5 s,
 * UpdateFunctionConfiguration → Successful 1 s, 25 ms per call) and the real
 * waiter timing (first poll after 1 s), 9 variants deployed.
 *
 *   npx tsx bench/aws-throughput.ts [--cold 6] [--warm 10] [--concurrency 1,4,8]
 *
 * Prints one line per concurrency and writes nothing to the repository.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { main } from '../src/cli/main.js';
import { PACKAGE_ROOT } from '../src/core/paths.js';
import { FAKE_ACCOUNT, FakeLambda, fakeAwsEnv } from '../test/targets/aws/fake-lambda-server.js';

const { values } = parseArgs({
  options: {
    cold: { type: 'string', default: '6' },
    warm: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '1,4,8' },
  },
});
const SCENARIOS = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'scenarios-aws-nine');
const VARIANTS = 9;
process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING = '1';

for (const concurrency of values.concurrency.split(',').map(Number)) {
  const fake = new FakeLambda({ pendingMs: 1500, updatingMs: 1000, provisioningMs: 3000, callMs: 25 });
  const env = fakeAwsEnv(await fake.start());
  delete (env as Record<string, string>).COLDBENCH_AWS_FAST_WAITERS; // the real waiter timing
  Object.assign(process.env, env);
  delete process.env.COLDBENCH_AWS_FAST_WAITERS;
  const out = mkdtempSync(path.join(os.tmpdir(), 'coldbench-throughput-'));
  const err: string[] = [];
  const code = await main(
    [
      '--target',
      'aws',
      '--scenarios',
      SCENARIOS,
      '--cold',
      values.cold,
      '--warm',
      values.warm,
      '--warmup',
      '1',
      '--no-imports',
      '--concurrency',
      String(concurrency),
      '--out',
      out,
      '--role-arn',
      `arn:aws:iam::${FAKE_ACCOUNT}:role/coldbench-lambda`,
    ],
    { stdout: () => undefined, stderr: (t) => err.push(t) },
  );
  const closing = err.find((l) => l.includes('cold samples per minute')) ?? '';
  const perMinute = Number(/([\d.]+) cold samples per minute/.exec(closing)?.[1] ?? NaN);
  const cold = readFileSync(path.join(out, 'samples.csv'), 'utf8')
    .split('\n')
    .filter((l) => l.includes(',cold,')).length;
  console.log(
    `concurrency ${String(concurrency).padStart(2)}: exit ${code}, ${cold} cold samples, ${perMinute.toFixed(1)} cold samples per minute in all = ${(perMinute / VARIANTS).toFixed(1)} per minute per variant (${VARIANTS} variants, --warm ${values.warm})`,
  );
  await fake.stop();
  rmSync(out, { recursive: true, force: true });
}
