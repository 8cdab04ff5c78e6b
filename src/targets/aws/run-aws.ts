import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { consoleSummary } from '../../cli/console-summary.js';
import { onInterrupt } from '../../cli/interrupt.js';
import { trafficFromOptions, type CliOptions } from '../../cli/options.js';
import { RESULTS_DIR } from '../../core/paths.js';
import { openRunWriter } from '../../report/writer.js';
import { gitState, harnessVersion, makeRunId } from '../../core/run-meta.js';
import { ConfigError } from '../../core/config-error.js';
import { awsRunMeta } from './aws-meta.js';
import type { Scenario } from '../../scenario/types.js';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { AWS_WAITER_TIMING, checkCredentials, createLambdaClient, type WaiterTiming } from './client.js';
import { deleteLeftovers, describeLeftovers, findLeftovers } from './cleanup.js';
import { estimateCost } from './cost.js';
import { formatPlan } from './dry-run.js';
import { ResourceLedger } from './ledger.js';
import { LambdaOps } from './ops.js';
import { PackagingError } from './package.js';
import { buildPlan } from './plan.js';
import { accountOf, redact } from './redact.js';
import { packageAll, runAws } from './runner.js';

export const ROLE_ENV = 'COLDBENCH_ROLE_ARN';
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export interface AwsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Knobs the tests turn (a fast fake endpoint); real runs use the defaults. */
export interface AwsTuning {
  waiter: WaiterTiming;
  deployConcurrency: number;
  maxColdAttempts: number;
}

export const DEFAULT_TUNING: AwsTuning = { waiter: AWS_WAITER_TIMING, deployConcurrency: 4, maxColdAttempts: 3 };

/** Test hook: COLDBENCH_AWS_FAST_WAITERS=1 shortens waiter delays, honoured only with a loopback AWS_ENDPOINT_URL_LAMBDA. */
function tuningFromEnv(): AwsTuning {
  const loopback = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(process.env.AWS_ENDPOINT_URL_LAMBDA ?? '');
  return process.env.COLDBENCH_AWS_FAST_WAITERS === '1' && loopback ? { ...DEFAULT_TUNING, waiter: { minDelaySeconds: 0.02, maxDelaySeconds: 0.1, maxWaitSeconds: 30 } } : DEFAULT_TUNING;
}

const credentialHelp =
  'no AWS credentials: set AWS_PROFILE (after `aws sso login` or `aws configure`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance/container role is available';

/** `--cleanup`: show what earlier runs left behind, then delete it (after --yes or a confirmation). */
export async function runCleanup(options: CliOptions, io: AwsIo, tuning: AwsTuning = tuningFromEnv()): Promise<number> {
  const client = createLambdaClient(options.region);
  const problem = await checkCredentials(client);
  if (problem) throw new ConfigError([`--cleanup: ${credentialHelp} (${problem})`]);
  const leftovers = await findLeftovers(client);
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

/** `--target aws`: package, (dry-run or) deploy, measure, always delete. Returns the exit code. */
export async function runAwsCommand(
  options: CliOptions,
  scenarios: Scenario[],
  io: AwsIo,
  /** Called just before the AWS run takes over Ctrl-C (until then an interrupt may simply exit: nothing exists on AWS yet). */
  takeOverInterrupts: () => void = () => undefined,
  tuning: AwsTuning = tuningFromEnv(),
): Promise<number> {
  if (options.diskCold) throw new ConfigError(['--disk-cold: applies to --target local; on Lambda a new environment reads the code from its own storage']);
  if (options.cold === 'auto') throw new ConfigError(['--cold auto: applies to --target local; on AWS give a number of cold samples (each costs a configuration update and a cold start), for example --cold 10']);
  const cold = options.cold;
  const started = new Date();
  const runId = makeRunId(started, 'aws');
  const plan = buildPlan(scenarios, {
    runId,
    region: options.region,
    memoryMb: options.memory ?? [],
    arch: options.arch ?? ['x86_64'],
    cold,
    warm: options.warm,
    warmup: options.warmup,
    provisioned: options.provisioned,
  });
  // Before packaging (which takes a while), unless this is a dry run: what an AWS run needs from the user.
  let roleArn = '';
  let client: LambdaClient | undefined;
  if (!options.dryRun) {
    roleArn = options.roleArn ?? process.env[ROLE_ENV] ?? '';
    if (!roleArn) throw new ConfigError([`--role-arn: the functions need an execution role; pass --role-arn arn:aws:iam::<account>:role/<name> or set ${ROLE_ENV} (docs/aws.md has the trust policy and the minimal permissions)`]);
    if (!ROLE_ARN.test(roleArn)) throw new ConfigError([`--role-arn ${redact(roleArn)}: not an IAM role ARN; it looks like arn:aws:iam::123456789012:role/coldbench-lambda`]);
    client = createLambdaClient(options.region);
    const problem = await checkCredentials(client);
    if (problem) throw new ConfigError([`--target aws: ${credentialHelp} (${problem})`]);
  }
  let packages;
  try {
    packages = await packageAll(scenarios, { unbundled: options.unbundled });
  } catch (error) {
    if (error instanceof PackagingError) throw new ConfigError([error.message]);
    throw error;
  }
  for (const s of scenarios) {
    if (s.runtime === 'python' && s.requires.length > 0 && !(s.aws?.layers?.length)) {
      io.stderr(`coldbench: ${s.name} requires ${s.requires.join(', ')}: on Lambda these must come from a layer (scenario field "aws.layers"; boto3 is in the runtime), else its handlers fail with Runtime.ImportModuleError`);
    }
  }
  const cost = estimateCost(plan);
  const sizes = new Map([...packages].map(([k, p]) => [k, p.sizeBytes]));
  if (options.dryRun) {
    io.stdout(formatPlan(plan, cost, sizes));
    return 0;
  }

  const accounts = new Set<string>();
  const learn = (arn: string | undefined) => {
    const id = accountOf(arn);
    if (id) accounts.add(id);
  };
  learn(roleArn);
  const clean = (text: string) => redact(text, accounts);

  if (options.provisioned) {
    io.stderr(`coldbench: --provisioned keeps one provisioned environment per prewarmed cold sample (billed in 5-minute steps even when idle); estimated cost of this run ${cost.usd.total.toFixed(2)} USD`);
  }
  io.stderr(`coldbench: ${plan.totals.functions} functions in ${plan.region}, ${plan.totals.invocations} invocations, estimated ${cost.usd.total < 0.01 ? cost.usd.total.toFixed(4) : cost.usd.total.toFixed(2)} USD (--dry-run shows the plan)`);

  const dir = options.out ? path.resolve(options.out) : path.join(RESULTS_DIR, runId);
  const meta = awsRunMeta({
    plan,
    packages,
    started,
    harness: { name: 'coldbench', version: harnessVersion(), ...(await gitState()) },
    samples: { cold, warm: options.warm, warmup: options.warmup },
    roleArn,
    unbundled: options.unbundled,
    keep: options.keep,
    estimatedCostUsd: cost.usd.total,
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
    traffic: trafficFromOptions(options),
  });
  const writer = openRunWriter(dir, !options.out, meta);
  io.stderr(`coldbench: run ${runId}: ${cold} cold and ${options.warm} warm samples per function, writing to ${dir}`);

  const controller = new AbortController();
  const ledger = new ResourceLedger();
  const ops = new LambdaOps(client!, ledger, tuning.waiter, controller.signal);
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts === 1) {
      io.stderr(`\ncoldbench: ${signal}: stopping; the samples taken so far are kept, and the functions are being deleted`);
      controller.abort();
    } else if (interrupts === 2) {
      io.stderr(`coldbench: still deleting ${ledger.size} function(s); press Ctrl-C again to quit and leave them (then run: npm run bench -- --cleanup)`);
    } else {
      io.stderr(`coldbench: quitting; left behind: ${[...ledger.functions].join(', ') || 'nothing'}`);
      process.exit(130);
    }
  };
  takeOverInterrupts();
  const stopListening = onInterrupt(onSignal);
  let coldRetries = 0;
  let lastScenario = '';
  try {
    const result = await runAws({
      ops,
      plan,
      roleArn,
      packages,
      deployConcurrency: tuning.deployConcurrency,
      maxColdAttempts: tuning.maxColdAttempts,
      signal: controller.signal,
      record: (row) => {
        if (lastScenario && row.scenario !== lastScenario) writer.flush();
        lastScenario = row.scenario;
        writer.append({ ...row, ...(row.error ? { error: clean(row.error) } : {}) });
      },
      progress: (line) => io.stderr(clean(line)),
      redact: clean,
      onAccount: learn,
    });
    coldRetries = result.coldRetries;
  } catch (error) {
    if (!controller.signal.aborted) io.stderr(`coldbench: the run stopped: ${clean((error as Error).message)}`);
    meta.status = 'partial';
  } finally {
    if (options.keep) {
      meta.aws!.leftovers = [...ledger.functions];
      io.stderr(`coldbench: --keep: ${ledger.size} function(s) left in place; delete them with: npm run bench -- --cleanup --region ${plan.region}`);
    } else {
      const failed = await ops.deleteAll((line) => io.stderr(`coldbench: ${line}`));
      meta.aws!.leftovers = failed.map(clean);
      for (const f of failed) io.stderr(`coldbench: could not delete ${clean(f)}; run npm run bench -- --cleanup`);
    }
    stopListening();
    meta.aws!.coldRetries = coldRetries;
    if (meta.status === 'running') meta.status = controller.signal.aborted ? 'partial' : 'complete';
    meta.endedAt = new Date().toISOString();
    writer.flush();
  }
  io.stdout(consoleSummary(writer.result()));
  const failed = writer.samples.filter((r) => r.error).length;
  io.stderr(`coldbench: ${writer.samples.length} samples${failed ? `, ${failed} failed` : ''}, ${coldRetries} cold sample(s) retried; report: ${path.join(dir, 'report.md')}`);
  if (controller.signal.aborted) return 130;
  return failed > 0 || meta.status === 'partial' ? 1 : 0;
}
