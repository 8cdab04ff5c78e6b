/**
 * How much the Python bootstrap adds to a bare interpreter start: spawn → exit
 * of `python3 -c pass`, against spawn → exit of the bootstrap serving one
 * request of an empty handler (scenarios/calibration-python/control.py) and
 * then seeing EOF, from cached bytecode and from source. Interleaved rounds,
 * the controlled environment of a real run. Usage:
 *   npm run build && node dist/bench/python-overhead.js [rounds] [--python PATH]
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { environmentFor } from '../src/runner/env-policy.js';
import { BUNDLED_SCENARIOS_DIR } from '../src/paths.js';
import { DEFAULT_PYTHON, PYTHON_BOOTSTRAP, pythonRuntime } from '../src/runtimes/python/python-runtime.js';

const args = process.argv.slice(2);
const pythonAt = args.indexOf('--python');
const choice = pythonAt >= 0 ? args[pythonAt + 1] : DEFAULT_PYTHON;
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 30);

const interpreter = await pythonRuntime.resolveInterpreter(choice);
const dir = path.join(BUNDLED_SCENARIOS_DIR, 'calibration-python');
const env = environmentFor({ functionName: 'overhead', timeoutMs: 10000, taskRoot: dir, region: 'us-east-1', runtimeEnv: pythonRuntime.environment(), scenarioEnv: {} });
const compiled = pythonRuntime.bootstrapArgs({ dir } as never, { handler: { file: path.join(dir, 'control.py'), exportName: 'handler' } } as never, interpreter.path);

function timeRun(argv: string[], request: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(interpreter.path, argv, { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit', 'pipe', 'pipe'] });
    (child.stdio[4] as NodeJS.ReadableStream | null)?.resume();
    const requests = child.stdio[3] as NodeJS.WritableStream | null;
    if (request && requests) requests.end(JSON.stringify({ id: 1, event: { n: 1 } }) + '\n');
    else requests?.end();
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`${argv.join(' ')} exited with ${code}`))));
  });
}

const cases: [string, string[], boolean][] = [
  ['python3 -c pass', ['-c', 'pass'], false],
  ['bootstrap (cached bytecode) + empty handler, 1 request', compiled, true],
  ['bootstrap (from source) + empty handler, 1 request', [PYTHON_BOOTSTRAP, ...compiled.slice(1)], true],
];
const times = cases.map(() => [] as number[]);
for (const [, argv, request] of cases) await timeRun(argv, request); // unmeasured first spawns
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < cases.length; i++) {
    const k = (r + i) % cases.length;
    times[k]!.push(await timeRun(cases[k]![1], cases[k]![2]));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(times[0]!);
console.log(`${interpreter.path} ${interpreter.version}, ${rounds} interleaved rounds, spawn → exit medians:`);
cases.forEach(([name], i) => {
  const m = median(times[i]!);
  console.log(`  ${name.padEnd(56)} ${m.toFixed(2)} ms${i === 0 ? '' : `  (+${(m - base).toFixed(2)} ms)`}`);
});
