/**
 * How the Python bootstrap's request decoding weighs on what coldbench measures:
 * cold starts of the empty handler, and warm round trips with a small, a 143 KB
 * (an SQS-style batch) and a 5.5 MB event, for the current bootstrap and,
 * with --baseline FILE, another one (an earlier bootstrap.py), interleaved so
 * that the machine's drift hits both alike. Prints a markdown table of medians.
 *
 *   npx tsx bench/python-decode.ts --baseline /tmp/old-bootstrap.py
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { execa } from 'execa';
import { quantileSorted } from 'simple-statistics';
import { PACKAGE_ROOT } from '../src/core/paths.js';
import { DEFAULT_PYTHON, PYTHON_BOOTSTRAP, pythonRuntime } from '../src/runtimes/python/python-runtime.js';
import { environmentFor } from '../src/targets/local/env-policy.js';
import { LocalEnvironment } from '../src/targets/local/local-environment.js';
import type { Json } from '../src/scenario/types.js';

const count = (flag: string) => (v: string) => {
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`${flag} takes a whole number from 1 to 999999`);
  return Number(v);
};
const opts = new Command('python-decode')
  .option('--baseline <file>', 'another bootstrap.py to measure alongside the current one')
  .option('--python <path>', 'the interpreter', DEFAULT_PYTHON)
  .option('--rounds <n>', 'cold starts per bootstrap', count('--rounds'), 60)
  .option('--warm <n>', 'warm round trips per bootstrap and event (a tenth of it for the 5.5 MB event)', count('--warm'), 400)
  .parse()
  .opts<{ baseline?: string; python: string; rounds: number; warm: number }>();

const interpreter = (await pythonRuntime.resolveInterpreter(opts.python)).path;
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'coldbench-decode-'));
/** Each bootstrap runs from bytecode, as in a run. */
async function compiled(source: string, label: string): Promise<string> {
  const pyc = path.join(cacheDir, `${label}.pyc`);
  await execa(interpreter, ['-c', 'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)', source, pyc]);
  return pyc;
}
const bootstraps = [{ label: 'current', pyc: await compiled(PYTHON_BOOTSTRAP, 'current') }];
if (opts.baseline) bootstraps.push({ label: 'baseline', pyc: await compiled(path.resolve(opts.baseline), 'baseline') });

const handlerDir = path.join(PACKAGE_ROOT, 'bench', 'overhead'); // empty.py: returns {}
const env = {
  ...environmentFor({ functionName: 'coldbench-decode', timeoutMs: 60_000, taskRoot: handlerDir, region: 'us-east-1', scenarioEnv: {} }),
  ...pythonRuntime.environment(),
};
const start = (pyc: string) =>
  new LocalEnvironment({ interpreter, args: [pyc, handlerDir, 'empty', 'handler'], env, cwd: handlerDir, timeoutMs: 60_000 });

const sqsBatch = {
  Records: Array.from({ length: 16 }, (_, i) => ({
    messageId: `m-${i}`,
    receiptHandle: 'r'.repeat(400),
    body: JSON.stringify({
      items: Array.from({ length: 120 }, (_, j) => ({ sku: `sku-${j}`, qty: j, price: j * 1.25, tags: ['a', 'b'] })),
    }),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1700000000000' },
    eventSource: 'aws:sqs',
  })),
};
const events: { name: string; event: Json; n: number }[] = [
  { name: 'small ({})', event: {}, n: opts.warm },
  { name: `SQS batch (${Math.round(JSON.stringify(sqsBatch).length / 1024)} KB)`, event: sqsBatch, n: opts.warm },
  {
    name: '5.5 MB of records',
    event: {
      Records: Array.from({ length: 68_000 }, (_, i) => ({
        id: i,
        name: `item-${i}`,
        price: i * 0.25,
        ok: i % 2 === 0,
        tags: ['a', 'b'],
        at: null,
      })),
    },
    n: Math.max(5, Math.round(opts.warm / 10)),
  },
];

const results = new Map<string, number[]>();
const record = (key: string, ms: number) => results.set(key, [...(results.get(key) ?? []), ms]);

process.stderr.write(`cold starts: ${opts.rounds} rounds\n`);
for (const b of bootstraps)
  await start(b.pyc)
    .request({})
    .catch(() => undefined); // a fresh parent's first spawn is slower
for (let round = 0; round < opts.rounds; round++) {
  for (const b of round % 2 ? [...bootstraps].reverse() : bootstraps) {
    const e = start(b.pyc);
    try {
      const r = await e.request({});
      record(`${b.label}|cold e2e`, r.e2eMs);
      record(`${b.label}|cold init`, (await e.init).initMs);
    } finally {
      await e.close();
    }
  }
}
for (const { name, event, n } of events) {
  process.stderr.write(`warm: ${name}, ${n} round trips\n`);
  const envs = bootstraps.map((b) => ({ b, e: start(b.pyc) }));
  try {
    for (const { e } of envs) for (let i = 0; i < 5; i++) await e.request(event);
    for (let i = 0; i < n; i++) {
      for (const { b, e } of i % 2 ? [...envs].reverse() : envs) record(`${b.label}|warm e2e, ${name}`, (await e.request(event)).e2eMs);
    }
    // The first request of a fresh environment carries the event too: the cold e2e with this event.
    for (let i = 0; i < Math.min(20, n); i++) {
      for (const b of i % 2 ? [...bootstraps].reverse() : bootstraps) {
        const e = start(b.pyc);
        try {
          record(`${b.label}|cold e2e, ${name}`, (await e.request(event)).e2eMs);
        } finally {
          await e.close();
        }
      }
    }
  } finally {
    for (const { e } of envs) await e.close();
  }
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
const metrics = [...new Set([...results.keys()].map((k) => k.split('|')[1]!))];
const lines = [
  `| measurement | ${bootstraps.map((b) => `${b.label}: median [p10, p90] ms`).join(' | ')} |`,
  `|---|${bootstraps.map(() => '---:').join('|')}|`,
];
for (const m of metrics) {
  const cells = bootstraps.map((b) => {
    const v = [...(results.get(`${b.label}|${m}`) ?? [])].sort((x, y) => x - y);
    return v.length
      ? `${fmt(quantileSorted(v, 0.5))} [${fmt(quantileSorted(v, 0.1))}, ${fmt(quantileSorted(v, 0.9))}] (n=${v.length})`
      : '—';
  });
  lines.push(`| ${m} | ${cells.join(' | ')} |`);
}
process.stdout.write(`Python ${interpreter}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores\n\n${lines.join('\n')}\n`);
