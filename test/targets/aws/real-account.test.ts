/**
 * Opt-in: a small run against a real AWS account. Skipped unless
 * COLDBENCH_AWS_REAL_TEST=1 (and never under CI). Needs credentials from the
 * standard chain (AWS_PROFILE, SSO, environment), AWS_REGION and
 * COLDBENCH_ROLE_ARN. Creates 4 functions for a few minutes; cost well under $0.01.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findLeftovers } from '../../../src/targets/aws/cleanup.js';
import { createLambdaClient } from '../../../src/targets/aws/client.js';
import { main } from '../../../src/cli/main.js';
import { FIXTURES, tempDir } from '../../helpers.js';

const enabled = process.env.COLDBENCH_AWS_REAL_TEST === '1' && !process.env.CI;

describe.skipIf(!enabled)('real AWS account (COLDBENCH_AWS_REAL_TEST=1)', () => {
  it('measures the planted fixture on Lambda and leaves nothing behind', async () => {
    const out = path.join(tempDir(), 'run');
    const err: string[] = [];
    const code = await main(
      [
        '--target',
        'aws',
        '--scenarios',
        path.join(FIXTURES, 'scenarios-aws'),
        '--cold',
        '2',
        '--warm',
        '2',
        '--memory',
        '512',
        '--out',
        out,
      ],
      {
        stdout: () => undefined,
        stderr: (t) => err.push(t),
      },
    );
    expect(code, err.join('\n')).toBe(0);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.aws.leftovers).toEqual([]);
    const samples = readFileSync(path.join(out, 'samples.csv'), 'utf8');
    expect(samples).not.toMatch(/\d{12}/); // no account id
    const left = await findLeftovers(createLambdaClient(process.env.AWS_REGION ?? 'us-east-1'), meta.runId);
    expect(left).toEqual([]);
  }, 900_000);
});
