/**
 * `npm run bench:overhead`: how much the harness adds to what it measures, and
 * whether it recovers planted costs. Writes results/overhead-<time>/ (or --out).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { BUNDLED_SCENARIOS_DIR, PACKAGE_ROOT, RESULTS_DIR } from '../src/core/paths.js';
import { overheadMarkdown, summarizeOverhead } from '../src/overhead/overhead-report.js';
import {
  measureColdOverhead,
  measurePlantedCosts,
  measureSandboxWarm,
  type OverheadSample,
  type RuntimeSetup,
} from '../src/overhead/run-overhead.js';
import { measureWarmPaths, type EarlyShape, type WarmPathSetup } from '../src/overhead/warm-paths.js';
import { DEFAULTS } from '../src/cli/options.js';
import type { LocalContext } from '../src/targets/local/local-runner.js';
import type { Runtime } from '../src/runtimes/runtime.js';
import { detectSandboxSupport, harnessPlacement } from '../src/targets/local/sandbox/detect.js';
import { describeSandbox, type SandboxRequest } from '../src/targets/local/sandbox/sandbox-request.js';
import { createRunDir, writeAtomically } from '../src/report/writer.js';
import { gitState, harnessVersion, hostInfo, makeRunId } from '../src/core/run-meta.js';
import { NODE_BOOTSTRAP, nodeRuntime } from '../src/runtimes/node/node-runtime.js';
import { DEFAULT_PYTHON, pythonRuntime } from '../src/runtimes/python/python-runtime.js';
import { findScenarioFiles, loadScenarios } from '../src/scenario/load.js';
import { DEFAULT_PREWARM_EVENT, type Scenario, type Variant } from '../src/scenario/types.js';

const count = (flag: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`${flag} takes a whole number of at least 1`);
  return Number(v);
};
/** The parts of the benchmark, in the order they run. */
const PARTS = ['cold', 'warm', 'planted'] as const;
type Part = (typeof PARTS)[number];
const parts = (v: string): Part[] => {
  const list = v.split(',').map((p) => p.trim());
  const unknown = list.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0 || list.length === 0)
    throw new InvalidArgumentError(
      `--only takes a comma-separated list of ${PARTS.join(', ')}; not ${unknown.join(', ') || 'an empty list'}`,
    );
  return list as Part[];
};
const opts = new Command('coldbench-overhead')
  .option('--rounds <n>', 'interleaved rounds of cold starts, of warm paths and of planted costs', count('--rounds'), 30)
  .option('--warm <n>', 'recorded warm round trips per path (spread over the rounds)', count('--warm'), 6000)
  .option('--warmup <n>', 'unrecorded warm round trips per path first (spread over the rounds)', count('--warmup'), 1500)
  .option('--out <dir>', 'output folder instead of results/overhead-<time>/')
  .option('--python <path>', 'Python interpreter to measure as well', DEFAULT_PYTHON)
  .option('--no-python', 'measure Node only')
  .option('--no-sandbox', 'skip the sandboxed-vs-bare comparison')
  .option(
    '--only <parts>',
    `measure only these parts, comma-separated (${PARTS.join(', ')}; default all): to iterate on one of them`,
    parts,
    [...PARTS],
  )
  .parse()
  .opts<{ rounds: number; warm: number; warmup: number; out?: string; python: string | false; sandbox: boolean; only: Part[] }>();

const started = new Date();
const loadAtStart = loadavg();
const runId = `overhead-${makeRunId(started, 'local')}`;
const dir = createRunDir(opts.out ? path.resolve(opts.out) : path.join(RESULTS_DIR, runId), !opts.out);
const csvFile = path.join(dir, 'overhead.csv');
writeFileSync(csvFile, stringify([['run_id', 'runtime', 'measurement', 'round', 'planted_ms', 'value_ms']]), { flag: 'wx' });
const samples: OverheadSample[] = [];
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

const node = await nodeRuntime.resolveInterpreter();
const here = path.join(PACKAGE_ROOT, 'bench', 'overhead');
const python = opts.python ? await pythonRuntime.resolveInterpreter(opts.python) : undefined;
const setups: RuntimeSetup[] = [
  {
    runtime: 'node',
    interpreter: node.path,
    bareArgs: ['-e', '0'],
    directArgs: [path.join(here, 'direct.mjs')],
    harnessArgs: [NODE_BOOTSTRAP, path.join(here, 'empty.mjs'), 'handler'],
  },
  ...(python
    ? [
        {
          runtime: 'python',
          interpreter: python.path,
          bareArgs: ['-c', 'pass'],
          directArgs: [path.join(here, 'direct.py')],
          // The compiled bootstrap, as a run starts it: empty.py is module "empty" in bench/overhead.
          harnessArgs: pythonRuntime.bootstrapArgs(
            { dir: here } as Scenario,
            { handler: { ref: 'empty.handler', file: path.join(here, 'empty.py'), exportName: 'handler' } } as Variant,
            python.path,
          ),
          env: pythonRuntime.environment(),
        },
      ]
    : []),
];
const [calibration] = await loadScenarios(findScenarioFiles(path.join(BUNDLED_SCENARIOS_DIR, 'calibration-node')));
const [pythonCalibration] = python ? await loadScenarios(findScenarioFiles(path.join(BUNDLED_SCENARIOS_DIR, 'calibration-python'))) : [];
// A full CPU (1,769 MB) so that the quota does not slow the empty handler: what remains is the sandbox's own cost.
const sandboxRequest: SandboxRequest = { memoryMb: 1769 };
const sandboxSupport = opts.sandbox ? await detectSandboxSupport() : undefined;
const sandboxLine = sandboxSupport
  ? describeSandbox(sandboxSupport, sandboxSupport.usable ? sandboxRequest : undefined)
  : 'not measured (--no-sandbox)';
// The empty handler as a scenario, for the warm rows of `npm run bench`'s own pipeline (the bench path).
// 1,769 MB, as the sandbox request above: a full CPU, so that a sandboxed bench path shows the sandbox, not the quota.
const emptyScenario = (runtime: 'node' | 'python', file: string): Scenario => ({
  name: `overhead-empty-${runtime}`,
  description: 'the empty handler of the overhead benchmark',
  runtime,
  event: {},
  prewarmEvent: DEFAULT_PREWARM_EVENT,
  env: {},
  timeoutMs: 30_000,
  memoryMb: 1769,
  requires: [],
  dir: here,
  file: path.join(here, file),
  variants: [
    {
      name: 'empty',
      strategy: 'preload',
      handler: { ref: `${path.parse(file).name}.handler`, file: path.join(here, file), exportName: 'handler' },
    },
  ],
});
/** How `npm run bench` starts the scenario: bare, and (where this machine and the runner support it) in its sandbox. */
const benchPath = (scenario: Scenario, runtime: Runtime, interpreter: string) => {
  const context: LocalContext = { region: 'us-east-1', runtimeFor: () => ({ runtime, interpreter }) };
  // As `npm run bench` sandboxes by default (INIT boost, 512 MB of /tmp); the bare context is its --no-sandbox.
  const sandboxed: LocalContext | undefined = sandboxSupport?.usable
    ? { ...context, sandbox: { support: sandboxSupport, initCpu: 'boost', ephemeralStorageMb: 512 } }
    : undefined;
  return { scenario, context, ...(sandboxed ? { sandboxedContext: sandboxed } : {}) };
};
const warmSetups: WarmPathSetup[] = setups.map((s) =>
  s.runtime === 'node'
    ? {
        ...s,
        echoArgs: [path.join(here, 'echo.mjs')],
        peerArgs: [path.join(here, 'canned-peer.mjs')],
        bench: benchPath(emptyScenario('node', 'empty.mjs'), nodeRuntime, node.path),
      }
    : { ...s, echoArgs: [path.join(here, 'echo.py')], bench: benchPath(emptyScenario('python', 'empty.py'), pythonRuntime, python!.path) },
);
// Where a default `npm run bench` takes its warm rows: after --warmup unrecorded requests, --warm spread over --cold environments.
const earlyShape: EarlyShape = {
  warmup: DEFAULTS.warmup,
  perEnvironment: Math.max(1, Math.round(DEFAULTS.warm / DEFAULTS.cold)),
  environments: 5,
};
// Sandboxed warm loops run on the harness's CPU (--warm-cpu harness): the echo is measured there too, as their floor.
const placement = sandboxSupport?.usable ? harnessPlacement() : undefined;
const harnessCpu = placement && !('reason' in placement) ? placement : undefined;
if (placement && 'reason' in placement) process.stderr.write(`bench:overhead: no echo on the harness's CPU: ${placement.reason}\n`);
const options = {
  ...(sandboxSupport?.usable ? { sandbox: sandboxRequest } : {}),
  ...(harnessCpu ? { harnessCpu } : {}),
  earlyShape,
  rounds: opts.rounds,
  warmIterations: opts.warm,
  warmupIterations: opts.warmup,
  plantedMs: [0, 50, 200],
  cwd: here,
  signal: controller.signal,
  progress: (line: string) => process.stderr.write(line + '\n'),
  record: (s: OverheadSample) => {
    samples.push(s);
    appendFileSync(csvFile, stringify([[runId, s.runtime, s.measurement, s.round, s.plantedMs ?? '', Math.round(s.valueMs * 1e6) / 1e6]]));
  },
};

const git = await gitState();
const header = [
  `Run ${runId}: coldbench ${harnessVersion()}${git.gitCommit ? ` at ${git.gitCommit.slice(0, 10)}${git.gitDirty ? ' (uncommitted changes)' : ''}` : ''}, node ${node.version} (${node.path}),${python ? ` python ${python.version} (${python.path}),` : ''} ${hostInfo().cpu}, ${hostInfo().cores} cores.`,
  `${opts.rounds} interleaved rounds of ${opts.only.length === PARTS.length ? 'cold starts, of warm paths and of planted costs' : `${opts.only.map((p) => ({ cold: 'cold starts', warm: 'warm paths', planted: 'planted costs' })[p]).join(', ')} (--only ${opts.only.join(',')})`}${opts.only.includes('warm') ? `; per warm path ${opts.warm} recorded round trips after ${opts.warmup} unrecorded ones, spread over the rounds (one environment per round and path: ${Math.max(1, Math.round(opts.warm / opts.rounds))} after ${Math.max(1, Math.round(opts.warmup / opts.rounds))}); early rows: per round ${earlyShape.environments} fresh environments, ${earlyShape.perEnvironment} recorded requests each after ${earlyShape.warmup} unrecorded ones, as a default \`npm run bench\` (--cold ${DEFAULTS.cold} --warm ${DEFAULTS.warm} --warmup ${DEFAULTS.warmup})` : ''}. Raw samples: overhead.csv. Reproduce: \`npm run bench:overhead\`.`,
  `Load average when the run started: ${loadAtStart.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min; ${hostInfo().cores} cores).`,
  `Sandbox: ${sandboxLine}.`,
];
const write = (status: string) => {
  writeAtomically(
    path.join(dir, 'overhead.md'),
    overheadMarkdown(summarizeOverhead(samples), [
      ...header,
      '',
      `Status: ${status}${
        status === 'running'
          ? ''
          : `; load average at the end: ${loadavg()
              .map((l) => l.toFixed(2))
              .join(', ')}`
      }.`,
    ]),
  );
  writeAtomically(
    path.join(dir, 'run.json'),
    JSON.stringify(
      {
        runId,
        kind: 'overhead',
        harness: { version: harnessVersion(), ...git },
        host: hostInfo(),
        interpreters: { node, ...(python ? { python } : {}) },
        sandbox: sandboxLine,
        options: { ...opts },
        startedAt: started.toISOString(),
        endedAt: new Date().toISOString(),
        loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
        status,
      },
      null,
      2,
    ) + '\n',
  );
};

process.stderr.write(`coldbench overhead: writing ${dir}\n`);
if (opts.only.includes('cold')) {
  await measureColdOverhead(setups, options);
  write('running');
}
if (opts.only.includes('warm')) {
  await measureWarmPaths(warmSetups, options);
  for (const setup of setups) await measureSandboxWarm(setup, options);
  write('running');
}
if (opts.only.includes('planted')) {
  await measurePlantedCosts(calibration!, nodeRuntime, node.path, options);
  if (python && pythonCalibration) await measurePlantedCosts(pythonCalibration, pythonRuntime, python.path, options);
}
write(controller.signal.aborted ? 'partial' : 'complete');
process.stdout.write(`${path.join(dir, 'overhead.md')}\n`);
