import { strategyOf } from '../../core/strategies.js';
import type { Scenario, Strategy, Variant } from '../../scenario/types.js';
import { functionName, type Architecture } from './naming.js';
import { DEFAULT_MEMORY_MB, memorySection, memorySizesOf } from '../../core/lambda-defaults.js';

/** One Lambda function of a run: a variant at one memory size and architecture. */
export interface FunctionPlan {
  name: string;
  scenario: Scenario;
  variant: Variant;
  /**
   * Scenario name as the rows carry it, so that every report section compares
   * variants on equal terms: `name`, plus `@<memory>mb` when several memory sizes
   * run and `@<arch>` when several architectures do (`orders@1024mb@arm64`).
   */
  scenarioLabel: string;
  memoryMb: number;
  arch: Architecture;
}

export { DEFAULT_MEMORY_MB };

export interface AwsPlanInput {
  runId: string;
  region: string;
  /** `--memory`; empty: each scenario's own `memoryMb`, else DEFAULT_MEMORY_MB. */
  memoryMb: number[];
  arch: Architecture[];
  cold: number;
  warm: number;
  warmup: number;
  provisioned: boolean;
}

/** What a run will do on AWS, counted ahead. Pure. */
export interface AwsPlan extends AwsPlanInput {
  functions: FunctionPlan[];
  totals: {
    functions: number;
    configUpdates: number;
    invocations: number;
    coldInvocations: number;
    publishedVersions: number;
    provisionedConfigs: number;
    snapshotRestores: number;
  };
}

/** Whether this variant is measured through provisioned concurrency. */
export function usesProvisioned(strategy: Strategy, provisioned: boolean): boolean {
  return provisioned && strategyOf(strategy).pingsFirst;
}

/** Invocations and configuration changes one function needs (retries of non-cold samples not included). */
export function functionCounts(strategy: Strategy, input: Pick<AwsPlanInput, 'cold' | 'warm' | 'warmup' | 'provisioned'>) {
  const pc = usesProvisioned(strategy, input.provisioned);
  const pings = strategyOf(strategy).pingsFirst && !pc ? input.cold : 0;
  const snap = strategyOf(strategy).restoresSnapshot === true;
  return {
    configUpdates: input.cold,
    coldInvocations: input.cold + pings,
    invocations: input.cold + pings + input.cold * input.warmup + input.warm,
    // SnapStart: one version (one snapshot, INIT run at publish) per cold sample, each cold start a restore.
    publishedVersions: pc || snap ? input.cold : 0,
    provisionedConfigs: pc ? input.cold : 0,
    snapshotRestores: snap ? input.cold : 0,
  };
}

export function scenarioLabel(name: string, memoryMb: number, arch: Architecture, input: Pick<AwsPlanInput, 'memoryMb' | 'arch'>): string {
  return `${memorySection(name, memoryMb, input.memoryMb.length > 1)}${input.arch.length > 1 ? `@${arch}` : ''}`;
}

/** One function per scenario × variant × memory × architecture, in declaration order. */
export function buildPlan(scenarios: Scenario[], input: AwsPlanInput): AwsPlan {
  const functions: FunctionPlan[] = [];
  for (const scenario of scenarios) {
    for (const arch of input.arch) {
      for (const memoryMb of memorySizesOf(scenario, input.memoryMb)) {
        for (const variant of scenario.variants) {
          functions.push({
            name: functionName(input.runId, scenario.name, variant.name, memoryMb, arch),
            scenario,
            variant,
            scenarioLabel: scenarioLabel(scenario.name, memoryMb, arch, input),
            memoryMb,
            arch,
          });
        }
      }
    }
  }
  const totals = {
    functions: functions.length,
    configUpdates: 0,
    invocations: 0,
    coldInvocations: 0,
    publishedVersions: 0,
    provisionedConfigs: 0,
    snapshotRestores: 0,
  };
  for (const f of functions) {
    const c = functionCounts(f.variant.strategy, input);
    totals.configUpdates += c.configUpdates;
    totals.invocations += c.invocations;
    totals.coldInvocations += c.coldInvocations;
    totals.publishedVersions += c.publishedVersions;
    totals.provisionedConfigs += c.provisionedConfigs;
    totals.snapshotRestores += c.snapshotRestores;
  }
  return { ...input, functions, totals };
}
