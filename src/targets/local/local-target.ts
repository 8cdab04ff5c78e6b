import type { RunMeta } from '../../core/model.js';
import { ConfigError } from '../../core/config-error.js';
import { INTERLEAVED_ORDER, orderDescription } from '../../run/plan.js';
import type { RecordRow, Section, Target, TargetDescription, Unit } from '../../run/target.js';
import type { Scenario } from '../../scenario/types.js';
import { memorySection, memorySizesOf } from '../../core/lambda-defaults.js';
import { describeSandbox } from './sandbox/index.js';
import { killAll } from './child-registry.js';
import { ENV_POLICY_DESCRIPTION, environmentFor } from './env-policy.js';
import { breakDownImports } from './import-breakdown.js';
import { LocalEnvironment } from './local-environment.js';
import { parallelPlan, type ParallelPlan, type ParallelRequest } from './parallel-plan.js';
import { PhaseGate } from './phase-gate.js';
import { harnessCpus } from './sandbox/index.js';
import { environmentSpec, measureEnvironment, preflight, sandboxRequest, type LocalContext } from './local-runner.js';

export interface LocalTargetOptions extends LocalContext {
  /** Unrecorded warm requests per environment before the recorded ones. */
  warmup: number;
  /** Runs before every cold sample, outside the timing (the disk-cold mode evicts files here). */
  beforeColdSample?: (scenario: Scenario) => Promise<void>;
  /** run.json's page-cache policy (disk-cold prepares it); default: files stay cached. */
  pageCache?: RunMeta['pageCache'];
  /** run.json's interpreters. */
  interpreters?: RunMeta['interpreters'];
  /** Skip the check that every handler's export exists (the caller did it). */
  skipPreflight?: boolean;
  /** `--memory`: every scenario at each of these sizes (one report section per size when several); empty: its own memoryMb, else the default. */
  memorySizes?: number[];
  /** `--parallel`: sandboxed environments side by side where their CPU shares allow (parallel-plan.ts); default 1, one at a time. */
  parallel?: ParallelRequest;
  /** Lines for people (stderr): how many environments run side by side at each memory size. */
  notice?: (line: string) => void;
}

/**
 * The local target: every environment a fresh process of the real interpreter
 * running a runtime bootstrap. One at a time, except sandboxed environments
 * whose CPU shares leave room for others (--parallel): those run side by side,
 * their starts, INITs and warm loops kept apart by a PhaseGate.
 */
export class LocalTarget implements Target {
  readonly name = 'local' as const;
  readonly concurrency = 1;
  readonly roundsOverlap = true;
  /** How environments of each memory size of the run ran (undefined: unsized): the sizes and their plans, made once each. */
  private readonly plans = new Map<number | undefined, ParallelPlan>();
  private readonly gate = new PhaseGate();
  /** Every environment id of the run: a cold sample must bring a new one. */
  private readonly seen = new Set<string>();
  private scenarios: Scenario[] = [];
  /** The harness's CPUs, read once. */
  private cpus: number[] | undefined;
  private readonly brokenDown = new Set<string>();

  constructor(private readonly options: LocalTargetOptions) {}

  /** Checks that every handler's export exists (one unmeasured environment per variant, which also pays the first-spawn cost). */
  async prepare(scenarios: Scenario[], signal?: AbortSignal): Promise<Section[]> {
    if (!this.options.skipPreflight) {
      const problems = await preflight(scenarios, this.options, signal);
      if (problems.length > 0) throw new ConfigError(problems);
    }
    this.scenarios = scenarios;
    const flag = this.options.memorySizes ?? [];
    // Environments have a memory size where a sandbox enforces it, or where one was asked for; bare and unasked, none (as before).
    const sized = (s: Scenario) => flag.length > 0 || s.memoryMb !== undefined || this.options.sandbox?.support.usable === true;
    const sections: Section[] = [];
    for (const original of scenarios) {
      const sizes: (number | undefined)[] = sized(original) ? memorySizesOf(original, flag) : [undefined];
      for (const memoryMb of sizes) {
        const scenario: Scenario = memoryMb === undefined ? original : { ...original, memoryMb };
        const name = memoryMb === undefined ? original.name : memorySection(original.name, memoryMb, flag.length > 1);
        this.planFor(memoryMb);
        sections.push({
          name,
          scenario,
          units: scenario.variants.map(
            (variant): Unit => ({
              scenario,
              variant,
              section: name,
              ...(memoryMb !== undefined ? { memoryMb, detail: `${memoryMb} MB` } : {}),
            }),
          ),
        });
      }
    }
    this.announceParallel();
    return sections;
  }

  /**
   * Says once per memory size how its environments run: when --parallel asked
   * for a number above 1, or for auto and some size runs side by side.
   */
  private announceParallel(): void {
    const asked = this.options.parallel ?? 1;
    const plans = this.plansBySize();
    if (asked === 1 || (asked === 'auto' && !plans.some(([, plan]) => plan.atOnce > 1))) return;
    for (const [memoryMb, plan] of plans)
      this.options.notice?.(`${memoryMb === undefined ? 'environments' : `${memoryMb} MB`}: ${plan.description}`);
  }

  /** How environments of `memoryMb` run (parallel-plan.ts), made on first use. */
  private planFor(memoryMb: number | undefined): ParallelPlan {
    let plan = this.plans.get(memoryMb);
    if (!plan) {
      const support = this.options.sandbox?.support;
      plan = parallelPlan({
        requested: this.options.parallel ?? 1,
        memoryMb,
        sandboxed: support?.usable === true,
        cpuPinning: support?.usable === true && support.cpuPinning === true,
        cpus: (this.cpus ??= harnessCpus()),
        ...(this.options.beforeColdSample
          ? { serialBecause: 'files are evicted from the page cache before every cold sample (--disk-cold)' }
          : {}),
      });
      this.plans.set(memoryMb, plan);
    }
    return plan;
  }

  /** The run's memory sizes with their plans, smallest first (unsized first). */
  private plansBySize(): [number | undefined, ParallelPlan][] {
    return [...this.plans].sort(([a], [b]) => (a ?? 0) - (b ?? 0));
  }

  concurrencyOf(section: Section): number {
    return this.planOf(section).atOnce;
  }

  /** How a section's environments run: one at a time or side by side, and why. */
  planOf(section: Section): ParallelPlan {
    return this.planFor(section.scenario.memoryMb);
  }

  /** The first spawn after a pause costs a few ms more: one unmeasured environment first. */
  async beforeSection(section: Section): Promise<void> {
    const env = new LocalEnvironment(environmentSpec(section.scenario, section.units[0]!.variant, this.options));
    await env.init.catch(() => undefined);
    await env.close();
  }

  async measure(unit: Unit, warm: number, record: RecordRow, signal: AbortSignal): Promise<void> {
    await this.options.beforeColdSample?.(unit.scenario);
    const plan = this.planFor(unit.scenario.memoryMb);
    if (plan.atOnce > 1) {
      const context = { ...this.options, ...(plan.pinTo !== undefined ? { pinInvokeTo: plan.pinTo } : {}) };
      await measureEnvironment(unit.scenario, unit.variant, warm, context, record, this.seen, signal, this.gate);
    } else {
      await measureEnvironment(unit.scenario, unit.variant, warm, this.options, record, this.seen, signal);
    }
  }

  /** Once per scenario (its first section): where INIT goes does not depend on the memory size's CPU share, which the boost lifts during INIT. */
  async breakDownImports(section: Section, baseline: string | undefined, signal: AbortSignal) {
    if (this.brokenDown.has(section.scenario.file)) return undefined;
    this.brokenDown.add(section.scenario.file);
    return breakDownImports(section.scenario, { ...this.options, signal, ...(baseline !== undefined ? { baseline } : {}) });
  }

  async cleanup(): Promise<string[]> {
    killAll();
    return [];
  }

  abandon(): void {
    killAll();
  }

  pending(): string[] {
    return [];
  }

  /** run.json's order: one environment at a time, or per memory size how many ran side by side and why. */
  private orderText(): string {
    const plans = this.plansBySize();
    if (!plans.some(([, plan]) => plan.atOnce > 1)) return orderDescription(1);
    const perSize = plans.map(([memoryMb, plan]) => `${memoryMb === undefined ? 'unsized' : `${memoryMb} MB`}: ${plan.description}`);
    return `${INTERLEAVED_ORDER}; ${perSize.join('; ')}`;
  }

  describe(): TargetDescription {
    const runtimeVariables: Record<string, Record<string, string>> = {};
    for (const s of this.scenarios) {
      const vars = this.options.runtimeFor(s).runtime.environment();
      if (Object.keys(vars).length > 0) runtimeVariables[s.runtime] = vars;
    }
    const sandbox = this.options.sandbox;
    const sized = this.plansBySize().filter((entry): entry is [number, ParallelPlan] => entry[0] !== undefined);
    const isolation = !sandbox
      ? ["bare process: --no-sandbox (the whole machine's CPU, no memory limit, the host's /tmp)"]
      : !sandbox.support.usable || sized.length === 0
        ? [describeSandbox(sandbox.support)]
        : sized.map(([memoryMb, { pinTo }]) => describeSandbox(sandbox.support, sandboxRequest(sandbox, memoryMb, pinTo)));
    return {
      region: null,
      isolation,
      order: this.orderText(),
      pageCache: this.options.pageCache ?? { mode: 'warm' },
      interpreters: this.options.interpreters ?? {},
      environment: {
        policy: ENV_POLICY_DESCRIPTION,
        variables: environmentFor({
          functionName: '<scenario>-<variant>',
          timeoutMs: 0,
          taskRoot: '<scenario folder>',
          region: this.options.region,
          scenarioEnv: {},
        }),
        ...(Object.keys(runtimeVariables).length > 0 ? { runtimeVariables } : {}),
      },
    };
  }
}
