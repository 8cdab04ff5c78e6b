import type { RunMeta } from '../../core/model.js';
import { hostInfo } from '../../core/run-meta.js';
import { ORDER_DESCRIPTION } from '../../run/plan.js';
import { NONCE_VARIABLE } from './naming.js';
import type { VariantPackage } from './package.js';
import type { AwsPlan } from './plan.js';
import { redact } from './redact.js';
import { packageKey } from './runner.js';

export interface AwsMetaInput {
  plan: AwsPlan;
  packages: ReadonlyMap<string, VariantPackage>;
  started: Date;
  harness: RunMeta['harness'];
  samples: RunMeta['samples'];
  roleArn: string;
  unbundled: boolean;
  keep: boolean;
  estimatedCostUsd: number;
  /** `--baseline`, as for local runs. */
  baseline?: string;
  traffic: RunMeta['traffic'];
}

/** run.json of an AWS run: one scenario entry per report section (scenario × memory × architecture), account ids redacted. */
export function awsRunMeta(input: AwsMetaInput): RunMeta {
  const { plan } = input;
  const scenarioLabels = [...new Set(plan.functions.map((f) => f.scenarioLabel))];
  return {
    runId: plan.runId,
    harness: input.harness,
    target: 'aws',
    region: plan.region,
    samples: input.samples,
    pageCache: { mode: 'warm' }, // Lambda's own storage; --disk-cold is local only
    order: `${ORDER_DESCRIPTION}; on AWS a fresh environment is forced by changing ${NONCE_VARIABLE} and waiting for the update`,
    host: hostInfo(),
    interpreters: { node: { path: 'client only: functions run on Lambda managed runtimes', version: process.versions.node } },
    environment: { policy: `each function gets its scenario's env plus ${NONCE_VARIABLE}`, variables: {} },
    scenarios: scenarioLabels.map((label) => {
      const s = plan.functions.find((f) => f.scenarioLabel === label)!.scenario;
      return {
        name: label,
        description: s.description,
        runtime: s.runtime,
        env: s.env,
        variants: s.variants.map((v) => ({ name: v.name, strategy: v.strategy, handler: v.handler.ref, ...(v.initializer ? { initializer: v.initializer.ref } : {}) })),
      };
    }),
    startedAt: input.started.toISOString(),
    endedAt: null,
    status: 'running',
    command: ['coldbench', ...process.argv.slice(2)].map((a) => redact(a)),
    ...(input.baseline !== undefined ? { baseline: input.baseline } : {}),
    sampling: { mode: 'fixed' },
    ...(input.traffic ? { traffic: input.traffic } : {}),
    aws: {
      architectures: plan.arch,
      memoryMb: [...new Set(plan.functions.map((f) => f.memoryMb))],
      roleArn: redact(input.roleArn),
      packaging: input.unbundled ? 'unbundled' : 'bundled',
      provisioned: plan.provisioned,
      keep: input.keep,
      functions: plan.functions.map((f) => {
        const pkg = input.packages.get(packageKey(f.scenario.name, f.variant.name))!;
        return { name: f.name, scenario: f.scenario.name, variant: f.variant.name, memoryMb: f.memoryMb, arch: f.arch, runtime: pkg.runtime, packageBytes: pkg.sizeBytes };
      }),
      coldRetries: 0,
      estimatedCostUsd: Math.round(input.estimatedCostUsd * 10000) / 10000,
      leftovers: [],
    },
  };
}
