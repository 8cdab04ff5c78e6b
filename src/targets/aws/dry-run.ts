import type { CostEstimate } from './cost.js';
import type { AwsPlan } from './plan.js';
import { usesProvisioned } from './plan.js';

const usd = (v: number) => (v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The text `--dry-run` prints: functions, calls and an estimated cost. Pure. */
export function formatPlan(plan: AwsPlan, cost: CostEstimate, packageBytes: ReadonlyMap<string, number>): string {
  const lines = [
    `coldbench --target aws --dry-run: nothing was created; this is what a run would do in ${plan.region}.`,
    '',
    `Functions (${plan.totals.functions}), each created, measured and deleted:`,
  ];
  const width = Math.max(...plan.functions.map((f) => f.name.length), 8);
  for (const f of plan.functions) {
    const size = packageBytes.get(`${f.scenario.name}/${f.variant.name}`);
    const pc = usesProvisioned(f.variant.strategy, plan.provisioned) ? ', provisioned concurrency' : '';
    lines.push(
      `  ${f.name.padEnd(width)}  ${String(f.memoryMb).padStart(5)} MB  ${f.arch.padEnd(6)}  ${f.variant.strategy.padEnd(11)}  package ${size === undefined ? '?' : kb(size)}${pc}`,
    );
  }
  const t = plan.totals;
  lines.push(
    '',
    'Calls:',
    `  CreateFunction ${t.functions}, DeleteFunction ${t.functions}`,
    `  UpdateFunctionConfiguration ${t.configUpdates} (one nonce change per cold sample, to force a fresh environment)`,
    `  Invoke ${t.invocations} (${t.coldInvocations} cold, ${plan.cold} cold samples × ${plan.warmup} unrecorded warm-ups and ${plan.warm} warm samples per function)`,
  );
  if (t.provisionedConfigs > 0) {
    lines.push(
      `  PublishVersion ${t.publishedVersions - t.snapshotRestores}, PutProvisionedConcurrencyConfig ${t.provisionedConfigs} (one provisioned environment per cold sample)`,
    );
  }
  if (t.snapshotRestores > 0) {
    lines.push(
      `  PublishVersion ${t.snapshotRestores} with SnapStart (one snapshot per cold sample, INIT run at publish; each version deleted after its samples)`,
    );
  }
  const a = cost.assumptions;
  lines.push(
    '',
    `Estimated cost (${cost.pricesKnown ? `${plan.region} prices` : `us-east-1 prices: coldbench has no price table for ${plan.region}`}, first tier, free tier not deducted):`,
    `  requests     ${String(cost.requests).padStart(8)} × $0.20 per million      ${usd(cost.usd.requests)}`,
    `  duration     ${cost.gbSeconds.toFixed(1).padStart(8)} GB-s, INIT included       ${usd(cost.usd.duration)}`,
    ...(cost.provisionedGbSeconds > 0
      ? [`  provisioned  ${cost.provisionedGbSeconds.toFixed(0).padStart(8)} GB-s held               ${usd(cost.usd.provisioned)}`]
      : []),
    ...(cost.snapshotCacheGbSeconds > 0
      ? [
          `  snapstart    ${cost.snapshotCacheGbSeconds.toFixed(0).padStart(8)} GB-s cached, ${cost.snapshotRestoredGb.toFixed(1)} GB restored ${usd(cost.usd.snapStart)}`,
        ]
      : []),
    `  total                                          ${usd(cost.usd.total)}`,
    `  assuming INIT ${a.initMs} ms and a first invoke of ${a.coldInvokeMs} ms per cold start, ${a.warmInvokeMs} ms per warm request${cost.provisionedGbSeconds > 0 ? `, ${a.provisionedMinutes} min per provisioned environment` : ''}${cost.snapshotCacheGbSeconds > 0 ? "; each SnapStart version's snapshot billed for the 3-hour minimum" : ''};`,
    '  on-demand INIT is billed since 2025-08-01. CloudWatch Logs ingestion is extra.',
  );
  return lines.join('\n');
}
