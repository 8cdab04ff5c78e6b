import type { LambdaClient } from '@aws-sdk/client-lambda';
import { ConfigError } from '../../core/config-error.js';
import { accountOf, redact } from '../../core/redact.js';
import type { RecordRow, Section, Target, TargetDescription, Unit } from '../../run/target.js';
import type { Scenario } from '../../scenario/types.js';
import { awsDescription } from './aws-meta.js';
import { AWS_WAITER_TIMING, checkCredentials, createLambdaClient, CREDENTIAL_HELP, type WaiterTiming } from './client.js';
import { estimateCost } from './cost.js';
import { deployFunctions, packageAll } from './deploy.js';
import { ResourceLedger } from './ledger.js';
import { measureStep, type MeasureContext } from './measure.js';
import { runTag } from './naming.js';
import { LambdaOps } from './ops.js';
import { PackagingError, type VariantPackage } from './package.js';
import { buildPlan, type AwsPlan, type AwsPlanInput, type FunctionPlan } from './plan.js';

export const ROLE_ENV = 'COLDBENCH_ROLE_ARN';
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export { CREDENTIAL_HELP };

/** Knobs the tests turn (a fast fake endpoint); real runs use the defaults. */
export interface AwsTuning {
  waiter: WaiterTiming;
  deployConcurrency: number;
  maxColdAttempts: number;
}

export const DEFAULT_TUNING: AwsTuning = { waiter: AWS_WAITER_TIMING, deployConcurrency: 4, maxColdAttempts: 3 };

/** Test hook: COLDBENCH_AWS_FAST_WAITERS=1 shortens waiter delays, honoured only with a loopback AWS_ENDPOINT_URL_LAMBDA. */
export function tuningFromEnv(): AwsTuning {
  const loopback = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(process.env.AWS_ENDPOINT_URL_LAMBDA ?? '');
  return process.env.COLDBENCH_AWS_FAST_WAITERS === '1' && loopback ? { ...DEFAULT_TUNING, waiter: { minDelaySeconds: 0.02, maxDelaySeconds: 0.1, maxWaitSeconds: 30 } } : DEFAULT_TUNING;
}

/** The plan's inputs (run id, region, memory sizes, architectures, sample counts; with --cold auto its cap) and how to run it. */
export interface AwsTargetOptions extends AwsPlanInput {
  unbundled: boolean;
  keep: boolean;
  /** `--role-arn` or COLDBENCH_ROLE_ARN. */
  roleArn: string | undefined;
  /** Functions measured at once (each still one cold sample at a time). */
  concurrency: number;
  tuning: AwsTuning;
  /** Warnings and the cost line, for people (stderr). */
  notice: (line: string) => void;
  progress: (line: string) => void;
}

/** Checks the role ARN's form; returns it, or throws a ConfigError that says how to give one. */
export function checkedRoleArn(roleArn: string | undefined): string {
  if (!roleArn) throw new ConfigError([`--role-arn: the functions need an execution role; pass --role-arn arn:aws:iam::<account>:role/<name> or set ${ROLE_ENV} (docs/aws.md has the minimal policy)`]);
  if (!ROLE_ARN.test(roleArn)) throw new ConfigError([`--role-arn ${redact(roleArn)}: not an IAM role ARN; it looks like arn:aws:iam::123456789012:role/coldbench-lambda`]);
  return roleArn;
}

/** Packages every variant once; a package Lambda would refuse is a configuration error. */
export async function packageScenarios(scenarios: Scenario[], unbundled: boolean): Promise<Map<string, VariantPackage>> {
  try {
    return await packageAll(scenarios, { unbundled });
  } catch (error) {
    if (error instanceof PackagingError) throw new ConfigError([error.message]);
    throw error;
  }
}

/** The plan of an AWS run (pure), shared by the target and --dry-run. */
export function planFor(scenarios: Scenario[], options: AwsPlanInput): AwsPlan {
  const { runId, region, memoryMb, arch, cold, warm, warmup, provisioned } = options;
  return buildPlan(scenarios, { runId, region, memoryMb, arch, cold, warm, warmup, provisioned });
}

/**
 * AWS Lambda: one function per variant × memory size × architecture, created
 * before measuring and deleted after, whatever happens. A fresh execution
 * environment is forced by changing a variable of the function's configuration.
 */
export class AwsTarget implements Target {
  readonly name = 'aws' as const;
  readonly concurrency: number;
  readonly noImportBreakdown = 'not available on the aws target yet: Lambda runs no instrumented interpreter of ours (run the same scenarios locally for the breakdown)';
  private readonly ledger = new ResourceLedger();
  private readonly accounts = new Set<string>();
  private ops: LambdaOps | undefined;
  private plan: AwsPlan | undefined;
  private packages: Map<string, VariantPackage> | undefined;
  private roleArn = '';
  private readonly functionOf = new Map<Unit, FunctionPlan>();
  /** Deploy errors, recorded once as the function's cold row. */
  private readonly deployErrors = new Map<string, string>();
  private readonly seen = new Set<string>();
  private coldRetries = 0;
  private nonce = 0;
  private leftovers: string[] = [];
  private estimatedCostUsd = 0;

  constructor(private readonly options: AwsTargetOptions) {
    this.concurrency = options.concurrency;
  }

  /** Text with every account id this run has seen replaced. */
  readonly redact = (text: string): string => redact(text, this.accounts);

  private learn(arn: string | undefined): void {
    const id = accountOf(arn);
    if (id) this.accounts.add(id);
  }

  async prepare(scenarios: Scenario[], signal: AbortSignal): Promise<Section[]> {
    const o = this.options;
    const plan = planFor(scenarios, o);
    // Before packaging (which takes a while): what an AWS run needs from the user.
    this.roleArn = checkedRoleArn(o.roleArn);
    this.learn(this.roleArn);
    const client: LambdaClient = createLambdaClient(o.region);
    const problem = await checkCredentials(client);
    if (problem) throw new ConfigError([`--target aws: ${CREDENTIAL_HELP} (${problem})`]);
    const packages = await packageScenarios(scenarios, o.unbundled);
    for (const s of scenarios) {
      if (s.runtime === 'python' && s.requires.length > 0 && !s.aws?.layers?.length) {
        o.notice(`coldbench: ${s.name} requires ${s.requires.join(', ')}: on Lambda these must come from a layer (scenario field "aws.layers"; boto3 is in the runtime), else its handlers fail with Runtime.ImportModuleError`);
      }
    }
    const cost = estimateCost(plan);
    this.estimatedCostUsd = cost.usd.total;
    if (o.provisioned) {
      o.notice(`coldbench: --provisioned keeps one provisioned environment per prewarmed cold sample (billed in 5-minute steps even when idle); estimated cost of this run ${cost.usd.total.toFixed(2)} USD`);
    }
    o.notice(
      `coldbench: ${plan.totals.functions} functions in ${plan.region}, ${plan.totals.invocations} invocations, estimated ${cost.usd.total < 0.01 ? cost.usd.total.toFixed(4) : cost.usd.total.toFixed(2)} USD (--dry-run shows the plan)`,
    );
    this.plan = plan;
    this.packages = packages;
    this.ops = new LambdaOps(client, this.ledger, o.tuning.waiter, signal);
    const failed = await deployFunctions({
      ops: this.ops,
      plan,
      roleArn: this.roleArn,
      packages,
      concurrency: o.tuning.deployConcurrency,
      signal,
      progress: (line) => o.progress(this.redact(line)),
      redact: this.redact,
      onAccount: (arn) => this.learn(arn),
    });
    for (const [name, why] of failed) this.deployErrors.set(name, why);

    const sections = new Map<string, Section>();
    for (const fn of plan.functions) {
      const unit: Unit = { scenario: fn.scenario, variant: fn.variant, section: fn.scenarioLabel, memoryMb: fn.memoryMb, detail: `${fn.memoryMb} MB ${fn.arch}` };
      this.functionOf.set(unit, fn);
      const section = sections.get(fn.scenarioLabel) ?? { name: fn.scenarioLabel, scenario: fn.scenario, units: [] };
      section.units.push(unit);
      sections.set(fn.scenarioLabel, section);
    }
    return [...sections.values()];
  }

  async measure(unit: Unit, warm: number, record: RecordRow, signal: AbortSignal): Promise<void> {
    const fn = this.functionOf.get(unit)!;
    const deployError = this.deployErrors.get(fn.name);
    if (deployError !== undefined) {
      if (deployError) record('cold', { environment: '', error: deployError });
      this.deployErrors.set(fn.name, ''); // said once; later rounds of an undeployed function record nothing
      return;
    }
    const ctx: MeasureContext = {
      ops: this.ops!,
      runId: this.plan!.runId,
      maxColdAttempts: this.options.tuning.maxColdAttempts,
      provisioned: this.plan!.provisioned,
      warmup: this.plan!.warmup,
      seen: this.seen,
      signal,
      record: (_fn, kind, fields) => {
        record(kind, fields.error ? { ...fields, error: this.redact(fields.error) } : fields);
      },
      retried: (f, reason) => {
        this.coldRetries++;
        this.options.progress(this.redact(`${f.name}: not a cold start (${reason}); taking it again`));
      },
      redact: this.redact,
      nextNonce: () => `${runTag(this.plan!.runId)}-${++this.nonce}`,
    };
    await measureStep(ctx, fn, warm);
  }

  async cleanup(progress: (line: string) => void): Promise<string[]> {
    if (!this.ops) return [];
    if (this.options.keep) {
      this.leftovers = [...this.ledger.functions];
      progress(`--keep: ${this.ledger.size} function(s) left in place; delete them with: npm run bench -- --cleanup --region ${this.options.region}`);
      return [];
    }
    const failed = await this.ops.deleteAll((line) => progress(this.redact(line)));
    this.leftovers = failed.map(this.redact);
    for (const f of this.leftovers) progress(`could not delete ${f}; run npm run bench -- --cleanup`);
    return this.leftovers;
  }

  closingNote(): string {
    return `${this.coldRetries} cold sample(s) retried`;
  }

  pending(): string[] {
    return [...this.ledger.functions];
  }

  describe(): TargetDescription {
    if (!this.plan || !this.packages) {
      return { region: this.options.region, order: 'not started', interpreters: {}, environment: { policy: '', variables: {} }, pageCache: { mode: 'warm' } };
    }
    return awsDescription({
      plan: this.plan,
      packages: this.packages,
      roleArn: this.roleArn,
      unbundled: this.options.unbundled,
      keep: this.options.keep,
      estimatedCostUsd: this.estimatedCostUsd,
      coldRetries: this.coldRetries,
      leftovers: this.leftovers,
    });
  }
}
