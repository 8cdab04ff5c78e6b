import { createInterface } from 'node:readline/promises';
import { ConfigError } from '../../core/config-error.js';
import type { Scenario } from '../../scenario/types.js';
import { CREDENTIAL_HELP, packageScenarios, planFor, tuningFromEnv, type AwsTargetOptions, type AwsTuning } from './aws-target.js';
import { checkCredentials, createLambdaClient } from './client.js';
import { deleteLeftovers, describeLeftovers, findLeftovers } from './cleanup.js';
import { estimateCost } from './cost.js';
import { formatPlan } from './dry-run.js';
import type { AwsPlanInput } from './plan.js';
import { ResourceLedger } from './ledger.js';
import { LambdaOps } from './ops.js';

export interface AwsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** `--cleanup`: show what earlier runs left behind, then delete it (after --yes or a confirmation). */
export async function runCleanup(
  options: { region: string; yes: boolean },
  io: AwsIo,
  tuning: AwsTuning = tuningFromEnv(),
): Promise<number> {
  const client = createLambdaClient(options.region);
  const problem = await checkCredentials(client);
  if (problem) throw new ConfigError([`--cleanup: ${CREDENTIAL_HELP} (${problem})`]);
  const leftovers = await findLeftovers(client, undefined, (line) =>
    io.stderr(`coldbench --cleanup: ${line} (listed and deleted all the same)`),
  );
  io.stdout(describeLeftovers(leftovers, options.region));
  if (leftovers.length === 0) return 0;
  if (!options.yes) {
    if (!process.stdin.isTTY) {
      io.stderr('coldbench --cleanup: nothing deleted; run again with --cleanup --yes to delete these functions');
      return 0;
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`Delete ${leftovers.length} function(s)? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stderr('coldbench --cleanup: nothing deleted');
      return 0;
    }
  }
  const ops = new LambdaOps(client, new ResourceLedger(), tuning.waiter);
  const failed = await deleteLeftovers(ops, leftovers, (l) => io.stderr(`coldbench: ${l}`));
  for (const f of failed) io.stderr(`coldbench: could not delete ${f}`);
  return failed.length > 0 ? 1 : 0;
}

/** `--target aws --dry-run`: packages every variant and prints the plan with a cost estimate; calls nothing on AWS. */
export async function awsDryRun(
  scenarios: Scenario[],
  options: Pick<AwsTargetOptions, keyof AwsPlanInput | 'unbundled' | 'lambdaRuntimes'>,
): Promise<string> {
  const plan = planFor(scenarios, options);
  const packages = await packageScenarios(scenarios, options.unbundled, options.lambdaRuntimes);
  return formatPlan(plan, estimateCost(plan), new Map([...packages].map(([k, p]) => [k, p.sizeBytes])));
}
