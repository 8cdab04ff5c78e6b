import type { AwsRunInfo } from '../../core/model.js';
import { redact } from '../../core/redact.js';
import { orderDescription } from '../../run/plan.js';
import type { TargetDescription } from '../../run/target.js';
import { NONCE_VARIABLE } from './naming.js';
import type { VariantPackage } from './package.js';
import type { AwsPlan } from './plan.js';
import { packageKey } from './deploy.js';

export interface AwsDescriptionInput {
  plan: AwsPlan;
  packages: ReadonlyMap<string, VariantPackage>;
  roleArn: string;
  unbundled: boolean;
  keep: boolean;
  estimatedCostUsd: number;
  coldRetries: number;
  initializedAhead?: number;
  suppressedInits?: number;
  concurrency?: AwsRunInfo['concurrency'];
  leftovers: string[];
}

/** The AWS target's part of run.json (account ids redacted). Pure. */
export function awsDescription(input: AwsDescriptionInput): TargetDescription {
  const { plan } = input;
  const aws: AwsRunInfo = {
    architectures: plan.arch,
    memoryMb: [...new Set(plan.functions.map((f) => f.memoryMb))],
    roleArn: redact(input.roleArn),
    packaging: input.unbundled ? 'unbundled' : 'bundled',
    provisioned: plan.provisioned,
    keep: input.keep,
    functions: plan.functions.map((f) => {
      const pkg = input.packages.get(packageKey(f.scenario.name, f.variant.name))!;
      return {
        name: f.name,
        scenario: f.scenario.name,
        variant: f.variant.name,
        memoryMb: f.memoryMb,
        arch: f.arch,
        runtime: pkg.runtime,
        packageBytes: pkg.sizeBytes,
      };
    }),
    coldRetries: input.coldRetries,
    ...(input.initializedAhead !== undefined ? { initializedAhead: input.initializedAhead } : {}),
    ...(input.suppressedInits !== undefined ? { suppressedInits: input.suppressedInits } : {}),
    ...(input.concurrency ? { concurrency: input.concurrency } : {}),
    estimatedCostUsd: Math.round(input.estimatedCostUsd * 10000) / 10000,
    leftovers: input.leftovers,
  };
  return {
    region: plan.region,
    pageCache: { mode: 'warm' }, // Lambda's own storage; --disk-cold is local only
    order: `${orderDescription(input.concurrency?.measuredAtOnce ?? 1)}; on AWS a fresh environment is forced by changing ${NONCE_VARIABLE} and waiting for the update`,
    interpreters: { node: { path: 'client only: functions run on Lambda managed runtimes', version: process.versions.node } },
    environment: { policy: `each function gets its scenario's env plus ${NONCE_VARIABLE}`, variables: {} },
    aws,
  };
}
