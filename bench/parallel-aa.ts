/**
 * `npm run bench:parallel`: the A/A check of parallel environments. The
 * preload and lazy variants of bundled scenarios (by default the calibration
 * ones: a planted 200 ms of CPU at import, in INIT or in the throttled first
 * invoke; `--only` takes others) at small memory sizes,
 * measured one at a time and side by side in alternating blocks of one run.
 * Writes results/parallel-aa-<time>/ (or --out): samples.csv, parallel-aa.md, run.json.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { BUNDLED_SCENARIOS_DIR, RESULTS_DIR } from '../src/core/paths.js';
import { gitState, harnessVersion, hostInfo, makeRunId } from '../src/core/run-meta.js';
import { parallelAaMarkdown } from '../src/overhead/parallel-aa-report.js';
import { runParallelAa, summarizeParallelAa, type AaRow, type ParallelAaRun } from '../src/overhead/parallel-aa.js';
import { createRunDir, writeAtomically } from '../src/report/writer.js';
import { nodeRuntime } from '../src/runtimes/node/node-runtime.js';
import { DEFAULT_PYTHON, pythonRuntime } from '../src/runtimes/python/python-runtime.js';
import { findScenarioFiles, loadScenarios } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/types.js';
import type { LocalContext } from '../src/targets/local/local-runner.js';
import { describeSandbox, detectSandboxSupport } from '../src/targets/local/sandbox/index.js';

const count = (flag: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`${flag} takes a whole number of at least 1`);
  return Number(v);
};
const sizes = (v: string) => {
  const list = v.split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 128 || n > 10_240))
    throw new InvalidArgumentError(`--memory takes memory sizes in MB from 128 to 10240, comma-separated, not "${v}"`);
  return list;
};
const opts = new Command('coldbench-parallel-aa')
  .option('--blocks <n>', 'blocks per mode (the modes alternate)', count('--blocks'), 8)
  .option('--rounds <n>', 'rounds (cold samples per variant) in one block', count('--rounds'), 3)
  .option('--warm <n>', 'recorded warm samples per variant in one block', count('--warm'), 30)
  .option('--memory <mb,...>', 'memory sizes', sizes, [128, 512])
  .option('--only <names>', 'bundled scenarios to check, comma-separated', (v: string) => v.split(','), [
    'calibration-node',
    'calibration-python',
  ])
  .option('--out <dir>', 'output folder instead of results/parallel-aa-<time>/')
  .option('--python <path>', 'Python interpreter', DEFAULT_PYTHON)
  .option('--no-python', 'Node only')
  .parse()
  .opts<{ blocks: number; rounds: number; warm: number; memory: number[]; only: string[]; out?: string; python: string | false }>();

const support = await detectSandboxSupport();
if (!support.usable || !support.cpuPinning) {
  process.stderr.write(
    `coldbench parallel A/A: needs the sandbox with CPU pinning (the cpuset controller); here: ${describeSandbox(support)}${support.usable ? ', no cpuset controller' : ''}\n`,
  );
  process.exit(2);
}
const started = new Date();
const loadAtStart = loadavg();
const runId = `parallel-aa-${makeRunId(started, 'local')}`;
const dir = createRunDir(opts.out ? path.resolve(opts.out) : path.join(RESULTS_DIR, runId), !opts.out);
const csvFile = path.join(dir, 'samples.csv');
const COLUMNS = ['mode', 'scenario', 'variant', 'memory_mb', 'kind', 'sample', 'environment', 'e2e_ms', 'init_ms', 'invoke_ms', 'error'];
writeFileSync(csvFile, stringify([COLUMNS]), { flag: 'wx' });
const rows: AaRow[] = [];
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

const node = await nodeRuntime.resolveInterpreter();
const python = opts.python ? await pythonRuntime.resolveInterpreter(opts.python) : undefined;
const only = (s: Scenario): Scenario => ({ ...s, variants: s.variants.filter((v) => v.name === 'preload' || v.name === 'lazy') });
const scenarios: Scenario[] = [];
for (const name of opts.only) {
  const loaded = await loadScenarios(findScenarioFiles(path.join(BUNDLED_SCENARIOS_DIR, name))).catch(() => []);
  if (loaded.length === 0) {
    process.stderr.write(`coldbench parallel A/A: --only: no bundled scenario "${name}" (npm run bench -- --list shows them)\n`);
    process.exit(2);
  }
  if (loaded[0]!.runtime === 'python' && !python) continue;
  scenarios.push(...loaded.map(only));
}
const context: LocalContext = {
  region: 'us-east-1',
  runtimeFor: (s) =>
    s.runtime === 'python' ? { runtime: pythonRuntime, interpreter: python!.path } : { runtime: nodeRuntime, interpreter: node.path },
  sandbox: { support, initCpu: 'boost', ephemeralStorageMb: 512 },
};

const git = await gitState();
const header = [
  `Run ${runId}: coldbench ${harnessVersion()}${git.gitCommit ? ` at ${git.gitCommit.slice(0, 10)}${git.gitDirty ? ' (uncommitted changes)' : ''}` : ''}, node ${node.version},${python ? ` python ${python.version},` : ''} ${hostInfo().cpu}, ${hostInfo().cores} cores.`,
  `${scenarios.map((s) => s.name).join(', ')} (variants preload and lazy) at ${opts.memory.join(', ')} MB; ${opts.blocks} blocks per mode of ${opts.rounds} rounds and ${opts.warm} warm samples per variant, the modes alternating. Raw samples: samples.csv. Reproduce: \`npm run bench:parallel\`.`,
  `Load average when the run started: ${loadAtStart.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min).`,
  `Sandbox: ${describeSandbox(support)}.`,
];
const write = (run: ParallelAaRun, status: string) => {
  const comparisons = summarizeParallelAa(rows);
  writeAtomically(path.join(dir, 'parallel-aa.md'), parallelAaMarkdown({ runId, header, comparisons, run, status }));
  writeAtomically(
    path.join(dir, 'run.json'),
    `${JSON.stringify(
      {
        runId,
        kind: 'parallel-aa',
        harness: { version: harnessVersion(), ...git },
        host: hostInfo(),
        options: { ...opts },
        plans: run.plans,
        timing: run.timing,
        startedAt: started.toISOString(),
        endedAt: new Date().toISOString(),
        loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
        status,
      },
      null,
      2,
    )}\n`,
  );
};

// Warm rows are recorded between back-to-back requests: their lines wait for the next cold row (or the end), as RunWriter batches them.
let csvLines: unknown[][] = [];
const flushCsv = () => {
  if (csvLines.length > 0) appendFileSync(csvFile, stringify(csvLines));
  csvLines = [];
};
process.stderr.write(`coldbench parallel A/A: writing ${dir}\n`);
const result = await runParallelAa({
  runId,
  scenarios,
  context,
  memorySizes: opts.memory,
  blocks: opts.blocks,
  roundsPerBlock: opts.rounds,
  warm: opts.warm,
  warmup: 3,
  signal: controller.signal,
  progress: (line) => process.stderr.write(`coldbench parallel A/A: ${line}\n`),
  record: (row) => {
    rows.push(row);
    csvLines.push([
      row.mode,
      row.scenario,
      row.variant,
      row.memoryMb ?? '',
      row.kind,
      row.sample,
      row.environment,
      row.e2eMs ?? '',
      row.initMs ?? '',
      row.invokeMs ?? '',
      row.error ?? '',
    ]);
    if (row.kind === 'cold') flushCsv();
  },
});
flushCsv();
write(result, controller.signal.aborted ? 'interrupted' : 'complete');
process.stderr.write(`coldbench parallel A/A: report ${path.join(dir, 'parallel-aa.md')}\n`);
