import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { CommanderError } from 'commander';
import { ConfigError } from '../core/config-error.js';
import { RESULTS_DIR } from '../core/paths.js';
import { makeRunId } from '../core/run-meta.js';
import { strategyOf } from '../core/strategies.js';
import { scenarioFromHandler } from '../derive/handler-scenario.js';
import { relabelForDerivation } from '../derive/relabel.js';
import { deriveAll, removeEarlyRunDir } from '../derive/run-derivation.js';
import { EXIT } from '../run/exit-codes.js';
import { onInterrupt } from '../run/interrupt.js';
import { runBenchmark, type RunSettings } from '../run/run-benchmark.js';
import type { Target } from '../run/target.js';
import { findScenarioFiles, loadScenarios, selectScenarios } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { AWS_IMPORT_BREAKDOWN_DESCRIPTION, AwsTarget, tuningFromEnv, ROLE_ENV } from '../targets/aws/aws-target.js';
import { awsDryRun, runCleanup } from '../targets/aws/run-aws.js';
import { killAll } from '../targets/local/child-registry.js';
import { outputFolderProblems } from '../report/writer.js';
import { prepareDiskCold } from '../targets/local/disk-cold.js';
import { resolveInterpreters, type LocalInterpreters } from '../targets/local/interpreters.js';
import { LocalTarget } from '../targets/local/local-target.js';
import { DEFAULT_PARALLEL } from '../targets/local/parallel-plan.js';
import type { LocalSandbox } from '../targets/local/local-runner.js';
import { describeSandbox, detectSandboxSupport } from '../targets/local/sandbox/index.js';
import { checkRequirements, type Skipped } from '../targets/local/requirements.js';
import { trafficFrom } from './traffic-from.js';
import { baselineOptionProblems, parseOptions, reportOptionProblems, trafficFromOptions, type CliOptions } from './options.js';

export { EXIT };

const IMPORT_BREAKDOWN_DESCRIPTION =
  "per scenario, one extra cold environment of the baseline variant (and one of the lazy variant, through its first request) runs with the runtime's import-time instrumentation (python -X importtime; Node: a module.register() load hook and a wrapped CommonJS compile); they are never samples";

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
      io.stderr(
        `coldbench: nothing was run, the configuration has ${error.problems.length === 1 ? 'a problem' : `${error.problems.length} problems`}:`,
      );
      for (const p of error.problems) io.stderr(`  - ${p}`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** Flags that are each valid but do not fit together. */
function checkFlagCombinations(options: CliOptions): string[] {
  const problems = reportOptionProblems(options);
  if (options.coldMin > options.coldMax)
    problems.push(`--cold-min ${options.coldMin} is above --cold-max ${options.coldMax}; raise --cold-max or lower --cold-min`);
  return problems;
}

/** The scenarios of this run: the one --handler function (its variants to be derived), else the scenario files (--scenarios, --only). */
async function scenariosToRun(options: CliOptions): Promise<Scenario[]> {
  if (options.handler === undefined) {
    const misplaced = (['event', 'runtime', 'env', 'envFile', 'name'] as const)
      .filter((k) => options[k] !== undefined)
      .map((k) => `--${k === 'envFile' ? 'env-file' : k}`);
    if (misplaced.length > 0)
      throw new ConfigError([`${misplaced.join(', ')}: apply only with --handler path/to/file.export; add --handler or remove them`]);
  }
  if (options.handler !== undefined) {
    if (options.only) throw new ConfigError(['--only selects scenarios; with --handler there is one function: remove --only']);
    return [
      scenarioFromHandler(
        {
          handler: options.handler,
          ...(options.event !== undefined ? { event: options.event } : {}),
          ...(options.runtime ? { runtime: options.runtime } : {}),
          ...(options.lazy ? { lazy: options.lazy } : {}),
          ...(options.env ? { env: options.env } : {}),
          ...(options.envFile !== undefined ? { envFile: options.envFile } : {}),
          ...(options.name !== undefined ? { name: options.name } : {}),
        },
        process.cwd(),
      ),
    ];
  }
  const selected = selectScenarios(await loadScenarios(findScenarioFiles(options.scenarios)), options.only);
  // --lazy names the modules of every scenario whose variants are derived.
  return options.lazy
    ? selected.map((s) => (s.derive ? { ...s, derive: { ...s.derive, lazy: options.lazy!, lazyFrom: 'flag --lazy' } } : s))
    : selected;
}

async function run(options: CliOptions, io: MainIo): Promise<number> {
  // Until the run pipeline takes over there is nothing to keep: stop at once, with no environment left behind.
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

/**
 * The local sandbox: what this machine allows, said once. Where no sandbox can
 * be made, environments run as bare processes and run.json and the report say so.
 */
async function localSandbox(options: CliOptions, io: MainIo): Promise<LocalSandbox> {
  const support = await detectSandboxSupport();
  if (support.usable) {
    io.stderr(
      `coldbench: environments: ${describeSandbox(support)}; INIT CPU ${options.initCpu}, warm requests on ${options.warmCpu === 'harness' ? "the harness's CPU" : 'any CPU'}, /tmp ${options.ephemeralStorage} MB`,
    );
  } else {
    io.stderr(
      `coldbench: no Lambda-like sandbox on this machine (${support.reason}); environments run as bare processes: the whole machine's CPU, no memory limit, the host's /tmp. Fix: ${support.fix}`,
    );
    if (options.memory)
      io.stderr(
        'coldbench: without a sandbox, --memory labels the rows and sets AWS_LAMBDA_FUNCTION_MEMORY_SIZE but limits neither CPU nor memory',
      );
  }
  return { support, initCpu: options.initCpu, warmCpu: options.warmCpu, ephemeralStorageMb: options.ephemeralStorage };
}

/** Refusals that depend on the target, before anything is loaded. */
function targetProblems(options: CliOptions): string[] {
  const problems: string[] = [];
  if (options.target !== 'aws') {
    for (const [flag, set] of [
      ['--dry-run', options.dryRun],
      ['--provisioned', options.provisioned],
      ['--unbundled', options.unbundled],
      ['--keep', options.keep],
      ['--lambda-runtime', options.lambdaRuntime !== undefined],
    ] as const) {
      if (set) problems.push(`${flag}: applies to --target aws; add --target aws or remove ${flag}`);
    }
  } else {
    if (options.diskCold)
      problems.push(
        '--disk-cold: applies to --target local; on Lambda a new environment reads the code from its own storage, which coldbench cannot evict',
      );
    if (!options.sandbox) problems.push('--no-sandbox: applies to --target local; Lambda always runs functions in its own sandboxes');
    if (options.parallel !== undefined)
      problems.push('--parallel: applies to --target local; on AWS, --concurrency sets how many functions are measured at once');
  }
  return problems;
}

/** Strategies the chosen target cannot measure, as configuration errors naming the scenario file. */
function strategyProblems(scenarios: Scenario[], target: CliOptions['target']): string[] {
  return scenarios.flatMap((s) =>
    [...s.variants, ...(s.derive?.variants ?? [])]
      .filter((v) => !strategyOf(v.strategy).targets[target])
      .map((v) => {
        const why = strategyOf(v.strategy).refusal?.[target];
        return `${s.file}: variant "${v.name}": strategy ${v.strategy} cannot run on --target ${target}${why ? `: ${why}` : ''}`;
      }),
  );
}

async function measure(options: CliOptions, io: MainIo, stopEarlyInterruptHandler: () => void): Promise<number> {
  if (options.cleanup) return runCleanup(options, io);
  const flagProblems = [...checkFlagCombinations(options), ...targetProblems(options)];
  // An --out folder that cannot take this run stops it before anything loads, runs or is deployed.
  if (options.out !== undefined && !options.dryRun && !options.list) flagProblems.push(...outputFolderProblems(path.resolve(options.out)));
  if (flagProblems.length > 0) throw new ConfigError(flagProblems);

  const selected = await scenariosToRun(options);
  const problems = [
    ...baselineOptionProblems(
      options.baseline,
      selected.map((s) => ({ name: s.name, variants: [...s.variants, ...(s.derive?.variants ?? [])] })),
    ),
    ...strategyProblems(selected, options.target),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  if (options.list) {
    for (const s of selected) {
      io.stdout(`${s.name} (${s.runtime}): ${s.description}`);
      for (const v of s.variants)
        io.stdout(`  ${v.name.padEnd(14)} ${v.strategy.padEnd(12)} ${v.handler.ref}${v.initializer ? ` + ${v.initializer.ref}` : ''}`);
      for (const v of s.derive?.variants ?? [])
        io.stdout(`  ${v.name.padEnd(14)} ${v.strategy.padEnd(12)} derived from ${s.derive!.handler.ref}`);
    }
    return EXIT.ok;
  }

  // Read before anything runs: a folder that is not an observe run stops the run here.
  const observed = options.trafficFrom !== undefined ? trafficFrom(options.trafficFrom, trafficFromOptions(options)) : undefined;
  const started = new Date();
  const runId = makeRunId(started, options.target);
  const local = options.target === 'local';
  const coldMost = options.cold === 'auto' ? options.coldMax : options.cold;
  const awsOptions = {
    runId,
    region: options.region,
    memoryMb: options.memory ?? [],
    arch: options.arch ?? ['x86_64' as const],
    cold: coldMost,
    warm: options.warm,
    warmup: options.warmup,
    provisioned: options.provisioned,
    unbundled: options.unbundled,
    lambdaRuntimes: options.lambdaRuntime ?? [],
  };

  // Interpreters here are needed to run locally, and on any target to derive variants (that runs the handler locally).
  const needsLocal = local || selected.some((s) => s.derive);
  let interpreters: LocalInterpreters | undefined;
  let runnable = selected;
  const skipped: Skipped[] = [];
  if (needsLocal) {
    interpreters = await resolveInterpreters(
      selected,
      { ...(options.python !== undefined ? { python: options.python } : {}) },
      options.region,
    );
    if (local && options.sandbox) interpreters.context.sandbox = await localSandbox(options, io);
    skipped.push(...interpreters.unavailable);
    runnable = selected.filter((s) => !skipped.some((u) => u.scenario === s.name));
    if (local) {
      const checked = await checkRequirements(runnable, interpreters.context);
      skipped.push(...checked.skipped);
      runnable = checked.runnable;
    }
  }
  for (const s of skipped) io.stderr(`coldbench: ${s.scenario}: ${s.reason}`);

  // A dry run derives into a temporary folder: it creates nothing that stays.
  const dryRunDir = options.dryRun ? mkdtempSync(path.join(os.tmpdir(), 'coldbench-dry-run-')) : undefined;
  const dir = dryRunDir ?? (options.out ? path.resolve(options.out) : path.join(RESULTS_DIR, runId));
  // Derived variants are written next to the results, so the run folder is made before they are checked.
  const deriveContext = interpreters?.context ?? {
    region: options.region,
    runtimeFor: () => {
      throw new Error('coldbench: no local interpreter was resolved, yet a scenario derives its variants');
    },
  };
  const derivation = await deriveAll(
    runnable,
    dir,
    !options.out && !dryRunDir,
    { ...deriveContext, signal: new AbortController().signal, responseCheck: options.responseCheck },
    io,
  );
  const scenarios = derivation.scenarios;
  if (dryRunDir) {
    try {
      io.stdout(await awsDryRun(scenarios, awsOptions));
      return EXIT.ok;
    } finally {
      rmSync(dryRunDir, { recursive: true, force: true });
    }
  }

  let target: Target;
  try {
    if (local) {
      const context = interpreters!.context;
      let pageCache: Awaited<ReturnType<typeof prepareDiskCold>> | undefined;
      if (options.diskCold) {
        try {
          pageCache = await prepareDiskCold(scenarios, (s) => context.runtimeFor(s).interpreter);
        } catch (error) {
          throw new ConfigError([(error as Error).message]);
        }
        const { filesPerScenario, residentBytesAfterEviction: resident } = pageCache.meta;
        const count = Object.values(filesPerScenario).reduce((n, c) => n + c, 0);
        io.stderr(
          `coldbench: disk-cold: ${count} files evicted before every cold sample${resident === null ? ' (fincore missing: not verified)' : `, verified on the scenario folders: ${resident} bytes resident after eviction`}`,
        );
      }
      io.stderr(`coldbench: checking ${scenarios.reduce((n, s) => n + s.variants.length, 0)} variants of ${scenarios.length} scenarios…`);
      target = new LocalTarget({
        ...context,
        warmup: options.warmup,
        memorySizes: options.memory ?? [],
        parallel: options.parallel ?? DEFAULT_PARALLEL,
        notice: (line) => io.stderr(`coldbench: ${line}`),
        interpreters: interpreters!.record(scenarios),
        ...(pageCache ? { beforeColdSample: pageCache.beforeColdSample, pageCache: pageCache.meta } : {}),
      });
    } else {
      target = new AwsTarget({
        ...awsOptions,
        keep: options.keep,
        roleArn: options.roleArn ?? process.env[ROLE_ENV],
        concurrency: options.concurrency,
        tuning: tuningFromEnv(),
        notice: (line) => io.stderr(line),
        progress: (line) => io.stderr(`coldbench: ${line}`),
      });
    }
    const settings: RunSettings = {
      runId,
      started,
      dir,
      dirMustBeNew: !options.out && !derivation.createdDir,
      cold:
        options.cold === 'auto'
          ? { auto: true, targetPct: options.ciTarget, minRounds: options.coldMin, maxRounds: options.coldMax }
          : options.cold,
      warm: options.warm,
      warmup: options.warmup,
      ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
      traffic: observed?.traffic ?? trafficFromOptions(options),
      ...(observed ? { observed: observed.observed } : {}),
      imports: options.imports,
      importsMethod: local ? IMPORT_BREAKDOWN_DESCRIPTION : AWS_IMPORT_BREAKDOWN_DESCRIPTION,
      command: ['coldbench', ...process.argv.slice(2)],
      skipped,
      derived: derivation.records,
      ...(options.json !== undefined ? { jsonOut: options.json === '-' ? '-' : path.resolve(options.json) } : {}),
      relabelImports: (imports) => {
        const record = derivation.records.find((r) => r.scenario === imports.scenario);
        return record ? relabelForDerivation(imports, record) : imports;
      },
    };
    stopEarlyInterruptHandler();
    return await runBenchmark(target, scenarios, settings, io);
  } catch (error) {
    if (error instanceof ConfigError && derivation.createdDir) removeEarlyRunDir(dir, derivation.madeFolder);
    throw error;
  }
}
