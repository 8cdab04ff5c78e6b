import type { SampleRow } from '../../core/model.js';
import { interleavedSteps } from '../../run/plan.js';
import type { Scenario } from '../../scenario/types.js';
import { errorText } from './client.js';
import { measureStep, type MeasureContext } from './measure.js';
import { functionTags, NONCE_VARIABLE, runTag } from './naming.js';
import type { LambdaOps } from './ops.js';
import { packageVariant, type PackageOptions, type VariantPackage } from './package.js';
import type { AwsPlan, FunctionPlan } from './plan.js';

export interface AwsRunOptions {
  ops: LambdaOps;
  plan: AwsPlan;
  roleArn: string;
  packages: ReadonlyMap<string, VariantPackage>;
  /** Functions created at once. */
  deployConcurrency: number;
  maxColdAttempts: number;
  signal: AbortSignal;
  record: (row: SampleRow) => void;
  progress: (line: string) => void;
  redact: (text: string) => string;
  /** Learns the account id from the first function ARN, for redaction. */
  onAccount?: (arn: string) => void;
}

export const packageKey = (scenario: string, variant: string) => `${scenario}/${variant}`;

/** Packages every variant once (memory sizes and architectures share a package). */
export async function packageAll(scenarios: Scenario[], options: PackageOptions): Promise<Map<string, VariantPackage>> {
  const packages = new Map<string, VariantPackage>();
  for (const scenario of scenarios) {
    for (const variant of scenario.variants) packages.set(packageKey(scenario.name, variant.name), await packageVariant(scenario, variant, options));
  }
  return packages;
}

/** Runs `fn` over `items` with at most `limit` at a time; stops starting new ones when aborted. */
export async function mapLimit<T>(items: readonly T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Lambda's timeout in seconds for a scenario's per-request limit (INIT has its own 10 s limit on Lambda). */
export function lambdaTimeoutSeconds(timeoutMs: number): number {
  return Math.min(900, Math.max(3, Math.ceil(timeoutMs / 1000)));
}

/**
 * Deploys every function of the plan (in parallel, bounded), then measures
 * each scenario's functions interleaved round by round, one function at a time.
 * Returns the number of cold samples retried. Deletion is the caller's (it runs on every exit path).
 */
export async function runAws(options: AwsRunOptions): Promise<{ coldRetries: number }> {
  const { plan, ops, signal } = options;
  const deployed = new Set<string>();
  const counters = new Map<string, number>();
  let coldRetries = 0;

  options.progress(`deploying ${plan.functions.length} functions (${options.deployConcurrency} at a time)…`);
  await mapLimit(plan.functions, options.deployConcurrency, signal, async (fn) => {
    const pkg = options.packages.get(packageKey(fn.scenario.name, fn.variant.name))!;
    try {
      const created = await ops.createFunction({
        FunctionName: fn.name,
        Runtime: pkg.runtime as never,
        Role: options.roleArn,
        Handler: pkg.handler,
        Code: { ZipFile: pkg.zip },
        MemorySize: fn.memoryMb,
        Timeout: lambdaTimeoutSeconds(fn.scenario.timeoutMs),
        Architectures: [fn.arch],
        Environment: { Variables: { ...fn.scenario.env, [NONCE_VARIABLE]: 'deploy' } },
        Tags: functionTags(plan.runId, fn.scenario.name, fn.variant.name),
        Description: `coldbench run ${plan.runId}: ${fn.scenario.name} / ${fn.variant.name} (${fn.variant.strategy})`,
        ...(pkg.layers.length > 0 ? { Layers: pkg.layers } : {}),
      });
      if (created.arn) options.onAccount?.(created.arn);
      deployed.add(fn.name);
      options.progress(`deployed ${fn.name} (${(pkg.sizeBytes / 1024).toFixed(1)} KB)`);
    } catch (error) {
      if (signal.aborted) return;
      options.progress(`could not deploy ${fn.name}: ${options.redact(errorText(error))}`);
      record(fn, 'cold', { environment: '', error: options.redact(`deploy failed: ${errorText(error)}`) });
    }
  });

  function record(fn: FunctionPlan, kind: 'cold' | 'warm', fields: Partial<SampleRow>): void {
    if (signal.aborted) return;
    const key = `${fn.name}/${kind}`;
    const sample = (counters.get(key) ?? 0) + 1;
    counters.set(key, sample);
    options.record({
      runId: plan.runId,
      target: 'aws',
      scenario: fn.scenarioLabel,
      variant: fn.variant.name,
      strategy: fn.variant.strategy,
      runtime: fn.scenario.runtime,
      memoryMb: fn.memoryMb,
      kind,
      sample,
      environment: '',
      ...fields,
    });
  }

  let nonce = 0;
  const tag = runTag(plan.runId);
  const ctx: MeasureContext = {
    ops,
    runId: plan.runId,
    maxColdAttempts: options.maxColdAttempts,
    provisioned: plan.provisioned,
    warmup: plan.warmup,
    seen: new Set(),
    signal,
    record,
    retried: (fn, reason) => {
      coldRetries++;
      options.progress(`${fn.name}: not a cold start (${reason}); taking it again`);
    },
    redact: options.redact,
    nextNonce: () => `${tag}-${++nonce}`,
  };

  const groups = new Map<string, FunctionPlan[]>();
  for (const fn of plan.functions) if (deployed.has(fn.name)) groups.set(fn.scenarioLabel, [...(groups.get(fn.scenarioLabel) ?? []), fn]);
  const total = [...groups.values()].reduce((n, g) => n + g.length * plan.cold, 0);
  let done = 0;
  for (const functions of groups.values()) {
    for (const step of interleavedSteps(functions, plan.cold, plan.warm)) {
      if (signal.aborted) return { coldRetries };
      const coldRow = await measureStep(ctx, step.variant, step.warm);
      done++;
      const f = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(1));
      const text = !coldRow ? 'stopped' : coldRow.error ? `FAILED: ${coldRow.error.split('\n')[0]}` : `cold ${f(coldRow.e2eMs)} ms (Init Duration ${f(coldRow.initMs)}, Duration ${f(coldRow.invokeMs)}, billed ${coldRow.billedMs ?? '–'} ms)`;
      options.progress(`[${String(done).padStart(String(total).length)}/${total}] ${step.variant.scenarioLabel} · ${step.variant.variant.name} · ${step.variant.memoryMb} MB ${step.variant.arch} · round ${step.round + 1}/${plan.cold}: ${text}`);
    }
  }
  return { coldRetries };
}
