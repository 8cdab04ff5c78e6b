import path from 'node:path';
import { CommanderError } from 'commander';
import { ORDER_DESCRIPTION } from '../run/plan.js';
import { ENV_POLICY_DESCRIPTION, environmentFor } from '../targets/local/env-policy.js';
import { preflight, runLocal } from '../targets/local/local-runner.js';
import { prepareDiskCold } from '../targets/local/disk-cold.js';
import { checkRequirements, type Skipped } from '../targets/local/requirements.js';
import type { ScenarioImports } from '../imports/model.js';
import { killAll } from '../targets/local/child-registry.js';
import { RESULTS_DIR } from '../core/paths.js';
import type { RunMeta } from '../core/model.js';
import { openRunWriter } from '../report/writer.js';
import { gitState, harnessVersion, hostInfo, makeRunId } from '../core/run-meta.js';
import { runtimeFor } from '../runtimes/registry.js';
import type { Interpreter, Runtime } from '../runtimes/runtime.js';
import { ConfigError } from '../core/config-error.js';
import { findScenarioFiles, loadScenarios, selectScenarios } from '../scenario/load.js';
import type { RuntimeName, Scenario } from '../scenario/types.js';
import { runAwsCommand, runCleanup } from '../targets/aws/run-aws.js';
import { consoleSummary } from './console-summary.js';
import { onInterrupt } from './interrupt.js';
import { deriveAll, removeEarlyRunDir } from '../derive/run-derivation.js';
import { scenarioFromHandler } from '../derive/handler-scenario.js';
import { relabelForDerivation } from '../derive/relabel.js';
import { baselineOptionProblems, parseOptions, reportOptionProblems, trafficFromOptions, type CliOptions } from './options.js';

const IMPORT_BREAKDOWN_DESCRIPTION =
  "per scenario, one extra cold environment of the baseline variant (and one of the lazy variant, through its first request) runs with the runtime's import-time instrumentation (python -X importtime; Node: a module.register() load hook and a wrapped CommonJS compile); they are never samples";

/** The variables each runtime adds to the policy's (PYTHONPYCACHEPREFIX), for run.json. */
function runtimeVariables(scenarios: Scenario[], context: { runtimeFor: (s: Scenario) => { runtime: Runtime } }): { runtimeVariables?: Record<string, Record<string, string>> } {
  const byRuntime: Record<string, Record<string, string>> = {};
  for (const s of scenarios) {
    const vars = context.runtimeFor(s).runtime.environment();
    if (Object.keys(vars).length > 0) byRuntime[s.runtime] = vars;
  }
  return Object.keys(byRuntime).length > 0 ? { runtimeVariables: byRuntime } : {};
}

/** Exit codes: what a script calling coldbench can rely on. */
export const EXIT = { ok: 0, samplesFailed: 1, usage: 2, interrupted: 130 } as const;

export interface MainIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: MainIo = {
  stdout: (t) => process.stdout.write(t + '\n'),
  stderr: (t) => process.stderr.write(t + '\n'),
};

/** Runs coldbench with these arguments and returns its exit code. */
export async function main(argv: string[], io: MainIo = defaultIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseOptions(argv, { out: (t) => io.stdout(t.trimEnd()), err: (t) => io.stderr(t.trimEnd()) });
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its message (or the help) already
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  try {
    return await run(options, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`coldbench: nothing was run, the configuration has ${error.problems.length === 1 ? 'a problem' : `${error.problems.length} problems`}:`);
      for (const p of error.problems) io.stderr(`  - ${p}`);
      return EXIT.usage;
    }
    throw error;
  }
}

type Resolved = { runtime: Runtime; interpreter: Interpreter };

/** The interpreter a scenario asks for: --python, else its own "python" field, else the runtime's default. */
function interpreterChoice(scenario: Scenario, options: CliOptions): string | undefined {
  return scenario.runtime === 'python' ? (options.python ?? scenario.python) : undefined;
}

const choiceKey = (scenario: Scenario, options: CliOptions) => `${scenario.runtime}\u0000${interpreterChoice(scenario, options) ?? ''}`;

/**
 * Finds each scenario's interpreter. An interpreter someone named (--python, the
 * field "python") that does not run is a configuration error; when the default
 * one is missing (no Python on this machine), its scenarios are skipped instead.
 */
async function resolveRuntimes(scenarios: Scenario[], options: CliOptions): Promise<{ resolved: Map<string, Resolved>; unavailable: Skipped[] }> {
  const resolved = new Map<string, Resolved>();
  const failed = new Map<string, string>();
  const problems: string[] = [];
  const unavailable: Skipped[] = [];
  for (const scenario of scenarios) {
    const key = choiceKey(scenario, options);
    if (!resolved.has(key) && !failed.has(key)) {
      try {
        const runtime = runtimeFor(scenario.runtime);
        resolved.set(key, { runtime, interpreter: await runtime.resolveInterpreter(interpreterChoice(scenario, options)) });
      } catch (error) {
        failed.set(key, (error as Error).message);
      }
    }
    const why = failed.get(key);
    if (why === undefined) continue;
    const chosen = interpreterChoice(scenario, options) !== undefined;
    if (chosen || scenario.runtime !== 'python') {
      const field = options.python && scenario.runtime === 'python' ? 'flag --python' : scenario.python ? 'field "python"' : 'field "runtime"';
      problems.push(`${scenario.file}: ${field}: ${why}`);
    } else {
      unavailable.push({ scenario: scenario.name, reason: `skipped: ${why}` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { resolved, unavailable };
}

/** run.json's interpreters: by runtime name, or `name@path` when one runtime runs under several interpreters. */
function interpreterRecord(resolved: Iterable<Resolved>): RunMeta['interpreters'] {
  const list = [...resolved];
  const record: RunMeta['interpreters'] = {};
  for (const { runtime, interpreter } of list) {
    const several = new Set(list.filter((r) => r.runtime.name === runtime.name).map((r) => r.interpreter.path)).size > 1;
    record[several ? `${runtime.name}@${interpreter.path}` : runtime.name] = {
      path: interpreter.path,
      version: interpreter.version,
      ...(interpreter.bytecode ? { bytecode: interpreter.bytecode } : {}),
    };
  }
  return record;
}

/** Flags that are each valid but do not fit together. */
function checkFlagCombinations(options: CliOptions): string[] {
  const problems = reportOptionProblems(options);
  if (options.coldMin > options.coldMax) problems.push(`--cold-min ${options.coldMin} is above --cold-max ${options.coldMax}; raise --cold-max or lower --cold-min`);
  return problems;
}

/** The scenarios of this run: the one --handler function (its variants to be derived), else the scenario files (--scenarios, --only). */
async function scenariosToRun(options: CliOptions): Promise<Scenario[]> {
  if (options.handler === undefined) {
    const misplaced = (['event', 'runtime'] as const).filter((k) => options[k] !== undefined).map((k) => `--${k}`);
    if (misplaced.length > 0) throw new ConfigError([`${misplaced.join(', ')}: apply only with --handler path/to/file.export; add --handler or remove them`]);
  }
  if (options.handler !== undefined) {
    if (options.only) throw new ConfigError(['--only selects scenarios; with --handler there is one function: remove --only']);
    return [scenarioFromHandler({ handler: options.handler, ...(options.event !== undefined ? { event: options.event } : {}), ...(options.runtime ? { runtime: options.runtime } : {}), ...(options.lazy ? { lazy: options.lazy } : {}) }, process.cwd())];
  }
  const selected = selectScenarios(await loadScenarios(findScenarioFiles(options.scenarios)), options.only);
  // --lazy names the modules of every scenario whose variants are derived.
  return options.lazy ? selected.map((s) => (s.derive ? { ...s, derive: { ...s.derive, lazy: options.lazy!, lazyFrom: 'flag --lazy' } } : s)) : selected;
}

async function run(options: CliOptions, io: MainIo): Promise<number> {
  // Until measuring starts there is nothing to keep: stop at once, with no environment left behind.
  const stopListening = onInterrupt((signal) => {
    io.stderr(`\ncoldbench: ${signal}: stopped before measuring; nothing was written`);
    killAll();
    process.exit(EXIT.interrupted);
  });
  try {
    return await measure(options, io, () => stopListening());
  } finally {
    stopListening();
  }
}

async function measure(options: CliOptions, io: MainIo, stopEarlyInterruptHandler: () => void): Promise<number> {
  if (options.cleanup) return runCleanup(options, io);
  if (options.target !== 'aws' && options.dryRun) throw new ConfigError(['--dry-run: applies to --target aws (it prints what would be created on AWS); add --target aws']);
  if (options.target !== 'aws' && options.memory) io.stderr("coldbench: --memory applies to --target aws only, ignoring it; a local environment's limit is its scenario's memoryMb field");
  const flagProblems = checkFlagCombinations(options);
  if (flagProblems.length > 0) throw new ConfigError(flagProblems);

  const selected = await scenariosToRun(options);
  const baselineProblems = baselineOptionProblems(options.baseline, selected.map((s) => ({ name: s.name, variants: [...s.variants, ...(s.derive?.variants ?? [])] })));
  if (baselineProblems.length > 0) throw new ConfigError(baselineProblems);
  if (options.list) {
    for (const s of selected) {
      io.stdout(`${s.name} (${s.runtime}): ${s.description}`);
      for (const v of s.variants) io.stdout(`  ${v.name.padEnd(14)} ${v.strategy.padEnd(12)} ${v.handler.ref}${v.initializer ? ` + ${v.initializer.ref}` : ''}`);
      for (const v of s.derive?.variants ?? []) io.stdout(`  ${v.name.padEnd(14)} ${v.strategy.padEnd(12)} derived from ${s.derive!.handler.ref}`);
    }
    return EXIT.ok;
  }
  if (options.target === 'aws') {
    const derived = selected.filter((s) => s.derive);
    if (derived.length > 0) {
      throw new ConfigError(derived.map((s) => `${s.file}: variants derived from one handler (--handler, derive: true) run on the local target only for now; run without --target aws, or deploy hand-written variants`));
    }
    return runAwsCommand(options, selected, io, stopEarlyInterruptHandler);
  }

  const { resolved: runtimes, unavailable } = await resolveRuntimes(selected, options);
  const runnerContext = {
    region: options.region,
    runtimeFor: (s: Scenario) => {
      const r = runtimes.get(choiceKey(s, options))!;
      return { runtime: r.runtime, interpreter: r.interpreter.path };
    },
  };
  const checked = await checkRequirements(selected.filter((s) => !unavailable.some((u) => u.scenario === s.name)), runnerContext);
  const skipped = [...unavailable, ...checked.skipped];
  for (const s of skipped) io.stderr(`coldbench: ${s.scenario}: ${s.reason}`);

  const started = new Date();
  const runId = makeRunId(started, options.target);
  const dir = options.out ? path.resolve(options.out) : path.join(RESULTS_DIR, runId);
  // Derived variants are written next to the results, so the run folder is made before they are checked.
  const derivation = await deriveAll(checked.runnable, dir, !options.out, { ...runnerContext, signal: new AbortController().signal }, io);
  const scenarios = derivation.scenarios;
  try {
    io.stderr(`coldbench: checking ${scenarios.reduce((n, s) => n + s.variants.length, 0)} variants of ${scenarios.length} scenarios…`);
    const problems = await preflight(scenarios, runnerContext);
    if (problems.length > 0) throw new ConfigError(problems);
  } catch (error) {
    if (derivation.createdDir) removeEarlyRunDir(dir, derivation.madeFolder);
    throw error;
  }

  let pageCache: Awaited<ReturnType<typeof prepareDiskCold>> | undefined;
  if (options.diskCold) {
    try {
      pageCache = await prepareDiskCold(scenarios, (s) => runnerContext.runtimeFor(s).interpreter);
    } catch (error) {
      throw new ConfigError([(error as Error).message]);
    }
    const { filesPerScenario, residentBytesAfterEviction: resident } = pageCache.meta;
    const count = Object.values(filesPerScenario).reduce((n, c) => n + c, 0);
    io.stderr(`coldbench: disk-cold: ${count} files evicted before every cold sample${resident === null ? ' (fincore missing: not verified)' : `, verified on the scenario folders: ${resident} bytes resident after eviction`}`);
  }

  const meta: RunMeta = {
    runId,
    harness: { name: 'coldbench', version: harnessVersion(), ...(await gitState()) },
    target: options.target,
    region: null,
    samples: { cold: options.cold === 'auto' ? options.coldMin : options.cold, warm: options.warm, warmup: options.warmup },
    pageCache: pageCache?.meta ?? { mode: 'warm' },
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
    sampling: options.cold === 'auto' ? { mode: 'auto', targetPct: options.ciTarget, minRounds: options.coldMin, maxRounds: options.coldMax, scenarios: {} } : { mode: 'fixed' },
    traffic: trafficFromOptions(options),
    order: ORDER_DESCRIPTION,
    host: hostInfo(),
    interpreters: interpreterRecord(new Set(scenarios.map((s) => runtimes.get(choiceKey(s, options))!))),
    environment: {
      policy: ENV_POLICY_DESCRIPTION,
      variables: environmentFor({ functionName: '<scenario>-<variant>', timeoutMs: 0, taskRoot: '<scenario folder>', region: options.region, scenarioEnv: {} }),
      ...runtimeVariables(scenarios, runnerContext),
    },
    scenarios: scenarios.map((s) => ({
      name: s.name,
      description: s.description,
      runtime: s.runtime,
      env: s.env,
      variants: s.variants.map((v) => ({ name: v.name, strategy: v.strategy, handler: v.handler.ref, ...(v.initializer ? { initializer: v.initializer.ref } : {}) })),
    })),
    ...(skipped.length ? { skipped } : {}),
    ...(derivation.records.length ? { derived: derivation.records } : {}),
    importBreakdown: options.imports ? IMPORT_BREAKDOWN_DESCRIPTION : 'off (--no-imports)',
    startedAt: started.toISOString(),
    endedAt: null,
    status: 'running',
    command: ['coldbench', ...process.argv.slice(2)],
  };
  // A folder made for derived files already exists: it is used, not made anew.
  const writer = openRunWriter(dir, !options.out && !derivation.createdDir, meta);
  const coldText = options.cold === 'auto' ? `${options.coldMin}–${options.coldMax} cold (until ±${options.ciTarget} %)` : `${options.cold} cold`;
  io.stderr(`coldbench: run ${runId}: ${coldText} and ${options.warm} warm samples per variant, writing to ${dir}`);

  const controller = new AbortController();
  let interrupts = 0;
  stopEarlyInterruptHandler();
  const stopListening = onInterrupt((signal) => {
    interrupts++;
    if (interrupts > 1) {
      killAll();
      process.exit(EXIT.interrupted);
    }
    io.stderr(`\ncoldbench: ${signal}: stopping; the samples taken so far are kept (again to quit at once)`);
    controller.abort();
  });
  let lastScenario = '';
  try {
    const sampling = await runLocal(scenarios, {
      ...runnerContext,
      runId,
      cold: options.cold === 'auto' ? options.coldMax : options.cold,
      ...(options.cold === 'auto' ? { adaptive: { targetPct: options.ciTarget, minRounds: options.coldMin, maxRounds: options.coldMax } } : {}),
      ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
      warm: options.warm,
      warmup: options.warmup,
      signal: controller.signal,
      ...(pageCache ? { beforeColdSample: pageCache.beforeColdSample } : {}),
      record: (row) => {
        if (lastScenario && row.scenario !== lastScenario) writer.flush(); // a finished scenario's report is on disk
        lastScenario = row.scenario;
        writer.append(row);
      },
      progress: (line) => io.stderr(line),
      ...(options.imports
        ? {
            recordImports: (imports: ScenarioImports) => {
              const derived = derivation.records.find((r) => r.scenario === imports.scenario);
              writer.addImports(derived ? relabelForDerivation(imports, derived) : imports);
              writer.flush();
            },
          }
        : {}),
    });
    if (meta.sampling?.mode === 'auto') {
      meta.sampling.scenarios = sampling;
      meta.samples.cold = Math.max(meta.samples.cold, ...Object.values(sampling).map((s) => s.rounds));
    }
  } finally {
    stopListening();
    meta.status = controller.signal.aborted ? 'partial' : 'complete';
    meta.endedAt = new Date().toISOString();
    writer.flush();
  }

  io.stdout(consoleSummary(writer.result()));
  const failed = writer.samples.filter((r) => r.error).length;
  io.stderr(`coldbench: ${writer.samples.length} samples${failed ? `, ${failed} failed` : ''}; report: ${path.join(dir, 'report.md')}`);
  if (controller.signal.aborted) return EXIT.interrupted;
  return failed > 0 ? EXIT.samplesFailed : EXIT.ok;
}
