import type { LambdaClient } from '@aws-sdk/client-lambda';
import { ConfigError } from '../../core/config-error.js';
import { accountOf, redact } from '../../core/redact.js';
import type { RecordRow, Section, Target, TargetDescription, Unit } from '../../run/target.js';
import type { Scenario } from '../../scenario/types.js';
import { awsDescription } from './aws-meta.js';
import { AWS_WAITER_TIMING, checkCredentials, createLambdaClient, CREDENTIAL_HELP, type WaiterTiming } from './client.js';
import { estimateCost } from './cost.js';
import { deployFunctions, packageAll, packageKey } from './deploy.js';
import { ResourceLedger } from './ledger.js';
import { measureStep, type MeasureContext } from './measure.js';
import { functionTags, runTag } from './naming.js';
import { LambdaOps } from './ops.js';
import { PackagingError, packageVariant, type VariantPackage } from './package.js';
import { planConcurrency } from './preflight.js';
import { checkLambdaRuntimeFlag } from './runtime-choice.js';
import { errorName, errorText } from './client.js';
import { functionName, NONCE_VARIABLE } from './naming.js';
import { lambdaTimeoutSeconds } from './deploy.js';
import { parseReport } from './report-line.js';
import { unwrapResponse } from './entry.js';
import { strategyOf } from '../../core/strategies.js';
import { runtimeFor } from '../../runtimes/registry.js';
import { breakDownVariants, displayModuleName, type InstrumentedRun } from '../../imports/breakdown.js';
import type { ImportRecord, ImportTiming, ScenarioImports } from '../../imports/model.js';
import { buildPlan, type AwsPlan, type AwsPlanInput, type FunctionPlan } from './plan.js';

export const ROLE_ENV = 'COLDBENCH_ROLE_ARN';

/** How the AWS target breaks INIT down per module (run.json `importBreakdown`). */
export const AWS_IMPORT_BREAKDOWN_DESCRIPTION =
  "per scenario, one extra function of the baseline variant (and one of the lazy variant, through its first request) with an instrumented entry and an unbundled package, invoked once cold; the entry returns the runtime's import timings in its response (Python: PYTHONPROFILEIMPORTTIME, i.e. -X importtime; Node: a module.register() load hook and a wrapped CommonJS compile); never samples, deleted at once";
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
  return process.env.COLDBENCH_AWS_FAST_WAITERS === '1' && loopback
    ? { ...DEFAULT_TUNING, waiter: { minDelaySeconds: 0.02, maxDelaySeconds: 0.1, maxWaitSeconds: 30 } }
    : DEFAULT_TUNING;
}

/** The plan's inputs (run id, region, memory sizes, architectures, sample counts; with --cold auto its cap) and how to run it. */
export interface AwsTargetOptions extends AwsPlanInput {
  unbundled: boolean;
  keep: boolean;
  /** `--role-arn` or COLDBENCH_ROLE_ARN. */
  roleArn: string | undefined;
  /** Functions measured at once (each still one cold sample at a time); lowered to the account's limits by the preflight. */
  concurrency: number;
  /** `--lambda-runtime`: Lambda runtimes to use, one per language (else each scenario's aws.runtime, else the default). */
  lambdaRuntimes?: string[];
  tuning: AwsTuning;
  /** Warnings and the cost line, for people (stderr). */
  notice: (line: string) => void;
  progress: (line: string) => void;
}

/**
 * Import records as if the handler module were the entry: on Lambda the
 * generated entry imports the handler, so Python's -X importtime indents the
 * handler module one level deeper than under the local bootstrap; depths are
 * shifted so that the shallowest module of INIT is depth 0, as locally. Pure.
 */
export function entryRelative(timing: ImportTiming): ImportTiming {
  const all = [...timing.init, ...timing.firstRequest];
  if (all.length === 0) return timing;
  const shift = Math.min(...timing.init.map((r) => r.depth), ...(timing.init.length ? [] : all.map((r) => r.depth)));
  if (shift <= 0) return timing;
  const move = (r: ImportTiming['init'][number]) => ({ ...r, depth: Math.max(0, r.depth - shift) });
  return { init: timing.init.map(move), firstRequest: timing.firstRequest.map(move) };
}

/** Checks the role ARN's form; returns it, or throws a ConfigError that says how to give one. */
export function checkedRoleArn(roleArn: string | undefined): string {
  if (!roleArn)
    throw new ConfigError([
      `--role-arn: the functions need an execution role; pass --role-arn arn:aws:iam::<account>:role/<name> or set ${ROLE_ENV} (docs/aws.md has the minimal policy)`,
    ]);
  if (!ROLE_ARN.test(roleArn))
    throw new ConfigError([
      `--role-arn ${redact(roleArn)}: not an IAM role ARN; it looks like arn:aws:iam::123456789012:role/coldbench-lambda`,
    ]);
  return roleArn;
}

/** Packages every variant once; a package Lambda would refuse is a configuration error. */
export async function packageScenarios(
  scenarios: Scenario[],
  unbundled: boolean,
  lambdaRuntimes: readonly string[] = [],
): Promise<Map<string, VariantPackage>> {
  checkLambdaRuntimeFlag(lambdaRuntimes);
  try {
    return await packageAll(scenarios, { unbundled, lambdaRuntimes });
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
  private measuredAtOnce: number;
  private account: { accountLimit?: number; unreserved?: number } = {};
  private initializedAheadCount = 0;
  private suppressedInitCount = 0;
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
    this.measuredAtOnce = options.concurrency;
  }

  /** Functions measured at once: --concurrency, within the account's limits once prepare() has read them. */
  get concurrency(): number {
    return this.measuredAtOnce;
  }

  /**
   * Before anything is created: the account's concurrency (GetAccountSettings),
   * which bounds how many functions are measured at once and decides whether
   * --provisioned can work at all. A denied or missing GetAccountSettings is a
   * notice, not a stop (the run then trusts --concurrency).
   */
  private async preflight(ops: LambdaOps): Promise<void> {
    const o = this.options;
    try {
      const settings = await ops.accountSettings();
      this.account = {
        ...(settings.concurrentExecutions !== undefined ? { accountLimit: settings.concurrentExecutions } : {}),
        ...(settings.unreservedConcurrentExecutions !== undefined ? { unreserved: settings.unreservedConcurrentExecutions } : {}),
      };
    } catch (error) {
      if (errorName(error) === 'AbortError') throw error;
      o.notice(
        `coldbench: could not read the account's concurrency (${this.redact(errorText(error))}); measuring ${o.concurrency} functions at once as --concurrency says (the IAM policy in docs/aws.md allows lambda:GetAccountSettings)`,
      );
      return;
    }
    const plan = planConcurrency({ requested: o.concurrency, unreserved: this.account.unreserved, provisioned: o.provisioned });
    if (plan.errors.length) throw new ConfigError(plan.errors);
    for (const note of plan.notes) o.notice(`coldbench: ${note}`);
    this.measuredAtOnce = plan.concurrency;
  }

  /** Strategies and runtimes Lambda must support for this plan: SnapStart only on the runtimes that have it. */
  private checkSnapStart(plan: AwsPlan, packages: ReadonlyMap<string, VariantPackage>): void {
    const problems: string[] = [];
    for (const s of new Set(plan.functions.map((f) => f.scenario))) {
      const lambda = runtimeFor(s.runtime).lambda;
      for (const v of s.variants.filter((v) => strategyOf(v.strategy).restoresSnapshot)) {
        const runtime = packages.get(packageKey(s.name, v.name))?.runtime ?? lambda.defaultRuntime;
        if (!lambda.snapStartRuntimes.includes(runtime)) {
          problems.push(
            `${s.file}: variant "${v.name}": strategy snapstart needs a Lambda runtime with SnapStart; ${runtime} has none${lambda.snapStartRuntimes.length ? ` (use one of ${lambda.snapStartRuntimes.join(', ')})` : ` (Lambda offers SnapStart for Java, Python 3.12+ and .NET, not ${s.runtime})`}`,
          );
        }
      }
    }
    if (problems.length) throw new ConfigError(problems);
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
    const packages = await packageScenarios(scenarios, o.unbundled, o.lambdaRuntimes);
    this.checkSnapStart(plan, packages);
    for (const s of scenarios) {
      if (s.runtime === 'python' && s.requires.length > 0 && !s.aws?.layers?.length) {
        o.notice(
          `coldbench: ${s.name} requires ${s.requires.join(', ')}: on Lambda these must come from a layer (scenario field "aws.layers"; boto3 is in the runtime), else its handlers fail with Runtime.ImportModuleError`,
        );
      }
    }
    const cost = estimateCost(plan);
    this.estimatedCostUsd = cost.usd.total;
    if (o.provisioned) {
      o.notice(
        `coldbench: --provisioned keeps one provisioned environment per prewarmed cold sample (billed in 5-minute steps even when idle); estimated cost of this run ${cost.usd.total.toFixed(2)} USD`,
      );
    }
    o.notice(
      `coldbench: ${plan.totals.functions} functions in ${plan.region}, ${plan.totals.invocations} invocations, estimated ${cost.usd.total < 0.01 ? cost.usd.total.toFixed(4) : cost.usd.total.toFixed(2)} USD (--dry-run shows the plan)`,
    );
    this.plan = plan;
    this.packages = packages;
    this.ops = new LambdaOps(client, this.ledger, o.tuning.waiter, signal);
    await this.preflight(this.ops);
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
      const unit: Unit = {
        scenario: fn.scenario,
        variant: fn.variant,
        section: fn.scenarioLabel,
        memoryMb: fn.memoryMb,
        detail: `${fn.memoryMb} MB ${fn.arch}`,
      };
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
      initializedAhead: (f, idleMs) => {
        this.initializedAheadCount++;
        this.options.progress(
          this.redact(
            `${f.name}: Lambda initialized this environment ${Math.round(idleMs)} ms before the request arrived; not a cold start`,
          ),
        );
      },
      suppressedInit: (f, init) => {
        this.suppressedInitCount++;
        this.options.progress(
          this.redact(
            `${f.name}: INIT ${init.status} after ${init.initDurationMs.toFixed(0)} ms and ran again inside the first request (suppressed init); recorded as a cold start`,
          ),
        );
      },
      redact: this.redact,
      nextNonce: () => `${runTag(this.plan!.runId)}-${++this.nonce}`,
    };
    await measureStep(ctx, fn, warm);
  }

  /**
   * Where a section's INIT goes, per module, on Lambda: the baseline variant
   * (and the lazy variant, through its first request) each in one extra function
   * with the runtime's instrumented entry and an unbundled package, invoked once
   * cold; the entry returns the import records in the response. These functions
   * are never sampled and are deleted at once (the ledger has them until then).
   */
  async breakDownImports(section: Section, baseline: string | undefined, signal: AbortSignal): Promise<ScenarioImports> {
    const { scenario } = section;
    return breakDownVariants(
      { scenario: section.name, runtime: scenario.runtime, method: runtimeFor(scenario.runtime).lambda.importTimingMethod },
      scenario.variants,
      baseline,
      async (variant): Promise<InstrumentedRun> => {
        const run = await this.instrumented(section, variant, signal);
        if ('error' in run) return { ok: false, error: run.error };
        const rename = (r: ImportRecord): ImportRecord => ({
          ...r,
          module: run.rename(r.module),
          ...(r.parent ? { parent: run.rename(r.parent) } : {}),
        });
        return {
          ok: true,
          initMs: run.initMs,
          timing: { init: run.timing.init.map(rename), firstRequest: run.timing.firstRequest.map(rename) },
        };
      },
      { firstInvoke: false, aborted: () => signal.aborted },
    );
  }

  /** One instrumented function of a variant: created, invoked once cold (pinged first for prewarmed), deleted. */
  private async instrumented(
    section: Section,
    variant: Section['units'][number]['variant'],
    signal: AbortSignal,
  ): Promise<{ error: string } | { timing: ImportTiming; initMs: number; rename: (module: string) => string }> {
    const { scenario } = section;
    const unit = section.units.find((u) => u.variant.name === variant.name) ?? section.units[0]!;
    const fn = this.functionOf.get(unit)!;
    const lambda = runtimeFor(scenario.runtime).lambda;
    const name = functionName(this.plan!.runId, scenario.name, `${variant.name}-imports`, fn.memoryMb, fn.arch);
    const ops = this.ops!;
    try {
      const runtime = this.packages!.get(packageKey(scenario.name, variant.name))!.runtime;
      const pkg = await packageVariant(scenario, variant, { unbundled: true, importTiming: true }, runtime);
      const created = await ops.createFunction({
        FunctionName: name,
        Runtime: pkg.runtime as never,
        Role: this.roleArn,
        Handler: pkg.handler,
        Code: { ZipFile: pkg.zip },
        MemorySize: fn.memoryMb,
        Timeout: lambdaTimeoutSeconds(scenario.timeoutMs),
        Architectures: [fn.arch],
        Environment: { Variables: { ...scenario.env, ...lambda.importTimingVariables, [NONCE_VARIABLE]: 'imports' } },
        Tags: functionTags(this.plan!.runId, scenario.name, `${variant.name}-imports`),
        Description: `coldbench run ${this.plan!.runId}: import-time breakdown of ${scenario.name} / ${variant.name} (never a sample)`,
        ...(pkg.layers.length > 0 ? { Layers: pkg.layers } : {}),
      });
      this.learn(created.arn);
      if (strategyOf(variant.strategy).pingsFirst) await ops.invoke(name, scenario.prewarmEvent);
      const res = await ops.invoke(name, scenario.event);
      if (signal.aborted) return { error: 'interrupted' };
      const report = parseReport(res.logTail);
      let payload: unknown = null;
      try {
        payload = JSON.parse(res.payload);
      } catch {
        payload = null;
      }
      if (res.functionError) return { error: this.redact(`FunctionError (${res.functionError}): ${res.payload.slice(0, 300)}`) };
      const stamp = unwrapResponse(payload)?.stamp;
      if (!stamp?.imports) return { error: 'the instrumented entry returned no import records' };
      const timing = entryRelative(runtimeFor(scenario.runtime).parseImportTiming(stamp.imports));
      const root = stamp.taskRoot;
      const rename = (module: string) => (root ? displayModuleName(module, root) : module);
      const initMs = report?.initDurationMs ?? 0;
      return { timing, initMs, rename };
    } catch (error) {
      return { error: this.redact(errorText(error)) };
    } finally {
      await ops.deleteFunction(name).catch(() => undefined); // the ledger keeps it for cleanup if this failed
    }
  }

  async cleanup(progress: (line: string) => void): Promise<string[]> {
    if (!this.ops) return [];
    if (this.options.keep) {
      this.leftovers = [...this.ledger.functions];
      progress(
        `--keep: ${this.ledger.size} function(s) left in place; delete them with: npm run bench -- --cleanup --region ${this.options.region}`,
      );
      return [];
    }
    const failed = await this.ops.deleteAll((line) => progress(this.redact(line)));
    this.leftovers = failed.map(this.redact);
    for (const f of this.leftovers) progress(`could not delete ${f}; run npm run bench -- --cleanup`);
    return this.leftovers;
  }

  closingNote(): string {
    const ahead = this.initializedAheadCount ? `, ${this.initializedAheadCount} of them initialized ahead of the request by Lambda` : '';
    const suppressed = this.suppressedInitCount
      ? `; ${this.suppressedInitCount} suppressed init(s) (INIT timed out and ran again in the request) recorded as cold`
      : '';
    return `${this.coldRetries} cold sample(s) retried${ahead}${suppressed}`;
  }

  pending(): string[] {
    return [...this.ledger.functions];
  }

  describe(): TargetDescription {
    if (!this.plan || !this.packages) {
      return {
        region: this.options.region,
        order: 'not started',
        interpreters: {},
        environment: { policy: '', variables: {} },
        pageCache: { mode: 'warm' },
      };
    }
    return awsDescription({
      plan: this.plan,
      packages: this.packages,
      roleArn: this.roleArn,
      unbundled: this.options.unbundled,
      keep: this.options.keep,
      estimatedCostUsd: this.estimatedCostUsd,
      coldRetries: this.coldRetries,
      initializedAhead: this.initializedAheadCount,
      suppressedInits: this.suppressedInitCount,
      concurrency: { ...this.account, measuredAtOnce: this.measuredAtOnce },
      leftovers: this.leftovers,
    });
  }
}
