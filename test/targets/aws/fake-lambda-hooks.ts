import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { FakeLambda, fakeAwsEnv } from './fake-lambda-server.js';

/**
 * Every test of a file gets a fresh fake Lambda endpoint on loopback, reached
 * through AWS_ENDPOINT_URL_LAMBDA, with no profile or role from the shell; the
 * environment is restored after the file. `set` receives each new endpoint,
 * `get` returns the one to stop (a test may replace it).
 */
export function fakeLambdaPerTest(set: (fake: FakeLambda) => void, get: () => FakeLambda): void {
  const savedEnv = { ...process.env };
  beforeAll(() => {
    process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING = '1';
  });
  beforeEach(async () => {
    const fake = new FakeLambda();
    set(fake);
    Object.assign(process.env, fakeAwsEnv(await fake.start()));
    delete process.env.AWS_PROFILE;
    delete process.env.COLDBENCH_ROLE_ARN;
  });
  afterEach(async () => {
    await get().stop();
  });
  afterAll(() => {
    process.env = savedEnv;
  });
}
