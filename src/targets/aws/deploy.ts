import { strategyOf } from '../../core/strategies.js';
import { mapLimit } from '../../run/rounds.js';
import type { Scenario } from '../../scenario/types.js';
import { errorText } from './client.js';
import { functionTags, NONCE_VARIABLE } from './naming.js';
import type { LambdaOps } from './ops.js';
import { packageVariant, type PackageOptions, type VariantPackage } from './package.js';
import { lambdaRuntimeFor } from './runtime-choice.js';
import type { AwsPlan } from './plan.js';

export const packageKey = (scenario: string, variant: string) => `${scenario}/${variant}`;

/** Packages every variant once (memory sizes and architectures share a package), for the Lambda runtime each scenario chose (runtime-choice.ts). */
export async function packageAll(
  scenarios: Scenario[],
  options: PackageOptions & { lambdaRuntimes?: readonly string[] },
): Promise<Map<string, VariantPackage>> {
  const packages = new Map<string, VariantPackage>();
  for (const scenario of scenarios) {
    const runtime = lambdaRuntimeFor(scenario, options.lambdaRuntimes);
    for (const variant of scenario.variants)
      packages.set(packageKey(scenario.name, variant.name), await packageVariant(scenario, variant, options, runtime));
  }
  return packages;
}

/** Lambda's timeout in seconds for a scenario's per-request limit (INIT has its own 10 s limit on Lambda). */
export function lambdaTimeoutSeconds(timeoutMs: number): number {
  return Math.min(900, Math.max(3, Math.ceil(timeoutMs / 1000)));
}

/** What deploying needs. */
export interface DeployOptions {
  ops: LambdaOps;
  plan: AwsPlan;
  roleArn: string;
  packages: ReadonlyMap<string, VariantPackage>;
  /** Functions created at once. */
  concurrency: number;
  signal: AbortSignal;
  progress: (line: string) => void;
  redact: (text: string) => string;
  /** Learns the account id from the first function ARN, for redaction. */
  onAccount?: (arn: string) => void;
}

/** Creates every function of the plan (in parallel, bounded). Returns, by function name, why it could not be created. Deletion is the caller's. */
export async function deployFunctions(options: DeployOptions): Promise<Map<string, string>> {
  const { plan, ops, signal } = options;
  const failed = new Map<string, string>();
  options.progress(`deploying ${plan.functions.length} functions (${options.concurrency} at a time)…`);
  await mapLimit(plan.functions, options.concurrency, signal, async (fn) => {
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
        // SnapStart: every published version is initialized and snapshotted; its cold starts are restores.
        ...(strategyOf(fn.variant.strategy).restoresSnapshot ? { SnapStart: { ApplyOn: 'PublishedVersions' as const } } : {}),
      });
      if (created.arn) options.onAccount?.(created.arn);
      options.progress(`deployed ${fn.name} (${(pkg.sizeBytes / 1024).toFixed(1)} KB)`);
    } catch (error) {
      if (signal.aborted) return;
      const why = options.redact(errorText(error));
      options.progress(`could not deploy ${fn.name}: ${why}`);
      failed.set(fn.name, `deploy failed: ${why}`);
    }
  });
  return failed;
}
