import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { looksSecret, REDACTED, redactEnv } from '../../src/core/redact-env.js';
import scenarioWithSecrets from '../fixtures/redact-env/scenario.js';
import { FIXTURES, tempDir } from '../helpers.js';

describe('redactEnv', () => {
  it('replaces the values of secret-looking names and keeps the others, from a scenario fixture', () => {
    expect(redactEnv(scenarioWithSecrets.env)).toEqual({
      STRIPE_API_KEY: REDACTED,
      AWS_SECRET_ACCESS_KEY: REDACTED,
      CLIENT_SECRET: REDACTED,
      GITHUB_TOKEN: REDACTED,
      DB_PASSWORD_FILE: REDACTED,
      db_password: REDACTED,
      TOKEN: REDACTED,
      LOG_LEVEL: 'debug',
      KEYSPACE: 'orders',
      TOKENIZER: 'bpe',
      MONKEY: 'banana',
      PLANTED_MS: '200',
    });
    expect(scenarioWithSecrets.env.STRIPE_API_KEY).toBe('sk_live_123'); // the input is not changed
  });

  it('matches the names it should, case-insensitively', () => {
    expect(['PASSWORD', 'my_Token', 'X_SECRET'].map(looksSecret)).toEqual([true, true, true]);
    expect(['PASS', 'KEYS', 'SECRETARY'].map(looksSecret)).toEqual([false, false, false]);
  });
});

describe('run.json of a real run', () => {
  it('carries the scenario env with secret-looking values redacted', async () => {
    const out = path.join(tempDir(), 'run');
    const code = await main(
      ['--scenarios', path.join(FIXTURES, 'redact-env'), '--cold', '1', '--warm', '0', '--no-imports', '--out', out],
      { stdout: () => undefined, stderr: () => undefined },
    );
    expect(code).toBe(0);
    const text = readFileSync(path.join(out, 'run.json'), 'utf8');
    expect(JSON.parse(text).scenarios[0].env).toEqual(redactEnv(scenarioWithSecrets.env));
    for (const secret of ['sk_live_123', 'wJalrXUtnFEMI', 's3cr3t', 'ghp_abc', 'hunter2']) expect(text).not.toContain(secret);
  });
});
