import { describe, expect, it } from 'vitest';
import { looksSecret, REDACTED, redactEnv, redactionNote } from '../../src/core/redact-env.js';
import scenarioWithSecrets from '../fixtures/redact-env/scenario.js';

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

  it('says which names were redacted, and nothing when none were', () => {
    expect(redactionNote({ A_TOKEN: 'x', B: 'y', C_KEY: 'z' })).toBe(`values of A_TOKEN, C_KEY are written as ${REDACTED} (names that look secret: *_KEY, *_SECRET, *_TOKEN, *PASSWORD*); the environments had the real values`);
    expect(redactionNote({ B: 'y' })).toBeUndefined();
    expect(looksSecret('PASSWORD')).toBe(true);
    expect(looksSecret('PASS')).toBe(false);
  });
});
