import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../../src/targets/aws/cost.js';
import { formatPlan } from '../../../src/targets/aws/dry-run.js';
import { unwrapResponse } from '../../../src/targets/aws/entry.js';
import { nodeEntrySource } from '../../../src/runtimes/node/lambda-entry.js';
import { functionName, runTag } from '../../../src/targets/aws/naming.js';
import { buildPlan } from '../../../src/targets/aws/plan.js';
import { accountOf, redact } from '../../../src/core/redact.js';
import { fixtureScenario } from '../../helpers.js';

const scenario = fixtureScenario({
  variants: {
    preload: { handler: 'counter.handler' },
    lazy: { handler: 'counter.handler' },
    prewarmed: { handler: 'counter.handler' },
  },
});
const input = {
  runId: '2026-11-22T09-30-12Z-aws',
  region: 'us-east-1',
  memoryMb: [128, 1024],
  arch: ['x86_64' as const, 'arm64' as const],
  cold: 10,
  warm: 20,
  warmup: 2,
  provisioned: false,
};

describe('AWS plan, names and cost', () => {
  it('names functions with the prefix and run, within 64 characters, unique when cut', () => {
    expect(runTag(input.runId)).toBe('20261122T093012');
    expect(functionName(input.runId, 'node-aws-sdk', 'preload', 1024, 'arm64')).toBe(
      'coldbench-20261122T093012-node-aws-sdk-preload-1024-arm',
    );
    const a = functionName(input.runId, 'a-very-long-scenario-name-indeed', 'a-very-long-variant-name-one', 128, 'x86_64');
    const b = functionName(input.runId, 'a-very-long-scenario-name-indeed', 'a-very-long-variant-name-two', 128, 'x86_64');
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^coldbench-[A-Za-z0-9_-]+$/);
  });

  it('plans one function per variant × memory × architecture and counts the calls', () => {
    const plan = buildPlan([scenario], input);
    expect(plan.functions).toHaveLength(3 * 2 * 2);
    expect(new Set(plan.functions.map((f) => f.scenarioLabel))).toEqual(
      new Set(['fixture@128mb@x86_64', 'fixture@1024mb@x86_64', 'fixture@128mb@arm64', 'fixture@1024mb@arm64']),
    );
    // per function: 10 config updates; invocations 10 cold (+10 pings for prewarmed) + 10×2 warm-ups + 20 warm
    expect(plan.totals.configUpdates).toBe(12 * 10);
    expect(plan.totals.invocations).toBe(12 * 50 + 4 * 10);
    expect(plan.totals.coldInvocations).toBe(12 * 10 + 4 * 10);
    expect(buildPlan([scenario], { ...input, arch: ['x86_64'] }).functions[0]!.scenarioLabel).toBe('fixture@128mb');
    expect(buildPlan([scenario], { ...input, arch: ['x86_64'], memoryMb: [512] }).functions[0]!.scenarioLabel).toBe('fixture');
    // Without --memory: the scenario's own memoryMb, else 1024.
    expect(buildPlan([{ ...scenario, memoryMb: 256 }], { ...input, memoryMb: [] }).functions.map((f) => f.memoryMb)).toEqual(
      Array(6).fill(256),
    );
    expect(buildPlan([scenario], { ...input, memoryMb: [] }).functions[0]!.memoryMb).toBe(1024);
  });

  it('estimates cost from GB-seconds including INIT, requests and provisioned time', () => {
    const plan = buildPlan([scenario], { ...input, memoryMb: [1024], arch: ['x86_64'], cold: 1, warm: 0, warmup: 0 });
    const assumptions = { initMs: 1000, coldInvokeMs: 0, warmInvokeMs: 0, provisionedMinutes: 5 };
    const cost = estimateCost(plan, assumptions);
    // 3 functions × 1 cold + 1 ping = 4 cold invocations × 1 s INIT × 1 GB
    expect(cost.requests).toBe(4);
    expect(cost.gbSeconds).toBeCloseTo(4, 9);
    expect(cost.usd.duration).toBeCloseTo(4 * 0.0000166667, 12);
    expect(cost.usd.requests).toBeCloseTo(4 * 0.2e-6, 12);
    const pc = estimateCost(
      buildPlan([scenario], { ...input, memoryMb: [1024], arch: ['arm64'], cold: 1, warm: 0, warmup: 0, provisioned: true }),
      assumptions,
    );
    expect(pc.provisionedGbSeconds).toBe(300); // one environment, 5 minutes, 1 GB
    expect(pc.usd.provisioned).toBeCloseTo(300 * 0.0000033334, 12);
    expect(estimateCost({ ...plan, region: 'xx-nowhere-1' }).pricesKnown).toBe(false);
  });

  it('prints a dry-run plan with functions, calls and cost', () => {
    const plan = buildPlan([scenario], { ...input, arch: ['x86_64'], memoryMb: [512] });
    const text = formatPlan(plan, estimateCost(plan), new Map([['fixture/preload', 2048]]));
    expect(text).toContain('nothing was created');
    expect(text).toContain('coldbench-20261122T093012-fixture-preload-512-x86');
    expect(text).toContain('package 2.0 KB');
    expect(text).toContain('UpdateFunctionConfiguration 30');
    expect(text).toMatch(/total\s+\$0\.\d+/);
    expect(text).toContain('on-demand INIT is billed since 2025-08-01');
  });

  it('redacts account ids and access keys', () => {
    expect(
      redact('User: arn:aws:sts::123456789012:assumed-role/x is not authorized on arn:aws:lambda:us-east-1:123456789012:function:f'),
    ).toBe('User: arn:aws:sts::<account>:assumed-role/x is not authorized on arn:aws:lambda:us-east-1:<account>:function:f');
    expect(redact('account 210987654321 key AKIAABCDEFGHIJKLMNOP', ['210987654321'])).toBe('account <account> key <access-key>');
    expect(accountOf('arn:aws:iam::123456789012:role/r')).toBe('123456789012');
  });

  it('generates an entry that calls the initializer at module level and stamps responses', () => {
    const src = nodeEntrySource({
      handlerModule: './a.mjs',
      handlerExport: 'handler',
      initializerModule: './b.mjs',
      initializerExport: 'init',
    });
    expect(src).toContain('import * as initializerModule from "./b.mjs";');
    expect(src).toMatch(/^await __coldbenchInitializer\(/m); // top-level await: part of INIT
    expect(unwrapResponse({ coldbench: { env: 'e1', served: 1 }, body: 5 })).toEqual({ stamp: { env: 'e1', served: 1 }, body: 5 });
    expect(unwrapResponse({ value: 1 })).toBeUndefined();
  });
});

describe('SnapStart in the plan and the cost estimate', () => {
  const snapScenario = fixtureScenario({
    variants: { preload: { handler: 'counter.handler' }, snapstart: { handler: 'counter.handler' } },
  });
  const snapInput = { ...input, memoryMb: [1024], arch: ['x86_64' as const], cold: 10, warm: 0, warmup: 0 };

  it('plans one published version and one restore per cold sample of a snapstart variant only', () => {
    const plan = buildPlan([snapScenario], snapInput);
    expect(plan.totals.publishedVersions).toBe(10);
    expect(plan.totals.snapshotRestores).toBe(10);
    expect(plan.totals.provisionedConfigs).toBe(0);
  });

  it('prices the cached snapshots (3-hour minimum per version) and the restores', () => {
    const plan = buildPlan([snapScenario], snapInput);
    const cost = estimateCost(plan);
    // 10 versions × 3 h × 1 GB, and 10 restores of 1 GB.
    expect(cost.snapshotCacheGbSeconds).toBe(10 * 3 * 3600);
    expect(cost.snapshotRestoredGb).toBe(10);
    expect(cost.usd.snapStart).toBeCloseTo(10 * 3 * 3600 * 0.0000015046 + 10 * 0.0001397998, 8);
    const without = estimateCost(buildPlan([fixtureScenario({ variants: { preload: { handler: 'counter.handler' } } })], snapInput));
    expect(without.usd.snapStart).toBe(0);
    expect(cost.usd.total).toBeGreaterThan(without.usd.total + cost.usd.snapStart);
    const text = formatPlan(plan, cost, new Map());
    expect(text).toContain('PublishVersion 10 with SnapStart');
    expect(text).toMatch(/snapstart\s+108000 GB-s cached, 10\.0 GB restored \$0\.16/);
  });
});
