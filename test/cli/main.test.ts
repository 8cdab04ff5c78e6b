import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FIXTURES, capture, tempDir } from '../helpers.js';

const readCsv = (file: string) => readFileSync(file, 'utf8').trim().split('\n');

describe('coldbench CLI', () => {
  it('runs a scenario folder end to end and writes the four files', async () => {
    const out = path.join(tempDir(), 'run');
    const { io, out: stdout, err } = capture();
    const code = await main(
      ['--scenarios', path.join(FIXTURES, 'scenarios'), '--cold', '2', '--warm', '4', '--warmup', '1', '--out', out],
      io,
    );
    expect(code).toBe(1); // the broken variant failed
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    const samples = readCsv(path.join(out, 'samples.csv'));
    // Error cells hold multi-line stacks: count the lines that start a row.
    expect(samples.filter((l) => l.startsWith(`${meta.runId},local,quick,`))).toHaveLength(5 * (2 + 4));
    expect(samples[0]!.split(',').slice(0, 4)).toEqual(['run_id', 'target', 'scenario', 'variant']);
    const summary = readCsv(path.join(out, 'summary.csv'));
    expect(summary.some((l) => l.includes(',quick,lazy,lazy,node,1024,cold_e2e_ms,2,'))).toBe(true);
    expect(meta.status).toBe('complete');
    expect(meta.samples).toEqual({ cold: 2, warm: 4, warmup: 1 });
    expect(meta.interpreters.node.version).toBe(process.versions.node);
    expect(meta.environment.variables.PATH).toBe('/usr/local/bin:/usr/bin:/bin');
    expect(meta.endedAt).not.toBeNull();
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain('## quick (node)');
    expect(report).toContain('broken on purpose');
    expect(stdout.join('\n')).toMatch(/quick\s+prewarmed\s+prewarmed/);
    expect(err.some((l) => l.startsWith('[10/10] quick'))).toBe(true);
  });

  it('--json exports the run for scripts: to a file, or to standard output with the table on stderr', async () => {
    const out = path.join(tempDir(), 'run');
    const file = path.join(tempDir(), 'export.json');
    const args = [
      '--scenarios',
      path.join(FIXTURES, 'scenarios'),
      '--only',
      'quick',
      '--cold',
      '1',
      '--warm',
      '1',
      '--warmup',
      '0',
      '--no-imports',
    ];
    const first = capture();
    await main([...args, '--out', out, '--json', file], first.io);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported).toEqual(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')));
    expect(exported.results.map((r: { variant: string }) => r.variant)).toContain('lazy');
    const second = capture();
    await main([...args, '--out', path.join(tempDir(), 'run2'), '--json', '-'], second.io);
    const parsed = JSON.parse(second.out.join('\n'));
    expect(parsed.samples.length).toBeGreaterThan(0);
    expect(second.err.join('\n')).toMatch(/quick\s+lazy\s+lazy/);
  });

  it('runs Python scenarios, skips one whose modules are missing, and writes the import breakdown', async () => {
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    const code = await main(
      ['--scenarios', path.join(FIXTURES, 'scenarios-python'), '--cold', '2', '--warm', '3', '--warmup', '1', '--out', out],
      io,
    );
    expect(code).toBe(0); // a skipped scenario is not a failure
    expect(err.join('\n')).toContain('needs-missing: skipped:');
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.scenarios.map((s: { name: string }) => s.name)).toEqual(['pyquick']);
    expect(meta.skipped).toEqual([{ scenario: 'needs-missing', reason: expect.stringContaining('"coldbench_no_such_module"') }]);
    expect(meta.interpreters.python.path).toBe('/usr/bin/python3');
    expect(meta.interpreters.python.bytecode).toContain('PYTHONPYCACHEPREFIX');
    expect(meta.environment.runtimeVariables.python.PYTHONPYCACHEPREFIX).toBeTruthy();
    expect(meta.importBreakdown).toContain('-X importtime');
    const samples = readCsv(path.join(out, 'samples.csv'));
    expect(samples.filter((l) => l.startsWith(`${meta.runId},local,pyquick,`) && l.includes(',python,'))).toHaveLength(4 * (2 + 3));
    const imports = readCsv(path.join(out, 'imports.csv'));
    expect(imports[0]).toBe('run_id,scenario,runtime,variant,order,module,parent,depth,self_ms,cumulative_ms,share_of_init,lazy_candidate');
    expect(imports.some((l) => l.includes(',pyquick,python,preload,') && l.includes(',counter,'))).toBe(true);
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain('## pyquick (python)');
    expect(report).toContain('### Where INIT goes');
    expect(report).toContain('**Skipped scenarios:**');
  });

  it.each([
    [['--cold', 'many'], '--cold takes a whole number of at least 1'],
    [['--cold', '0'], '--cold takes a whole number of at least 1'],
    [['--frobnicate'], "unknown option '--frobnicate'"],
    [['--target', 'gcp'], 'Allowed choices are local, aws'],
    [['--memory', '64'], 'is not a Lambda memory size'],
    [['--target', 'aws'], '--role-arn: the functions need an execution role'],
    [['--target', 'aws', '--arch', 'sparc'], '"sparc" is not a Lambda architecture'],
    [['--dry-run'], '--dry-run: applies to --target aws'],
    [['--scenarios', '/nonexistent/x'], '--scenarios /nonexistent/x: no such folder'],
    [['--only', 'nope'], '--only: no scenario named "nope"'],
    [
      ['--only', 'calibration-python', '--python', '/nonexistent/python3'],
      'flag --python: cannot run the Python interpreter "/nonexistent/python3" (not found)',
    ],
    [['--cold', 'lots'], '--cold takes a whole number of at least 1, not "lots"'],
    [['--cold-min', '3'], '--cold-min takes a whole number of at least 6'],
    [['--cold', 'auto', '--cold-min', '30', '--cold-max', '20'], '--cold-min 30 is above --cold-max 20'],
    [['--ci-target', '0'], '--ci-target takes a positive number, not "0"'],
    [['--rates', 'fast'], '"fast" is not an arrival rate'],
    [['--rates', '5/fortnight'], '"5/fortnight" is not an arrival rate'],
    [['--price', 'foo=1'], '--price: unknown price "foo"; known: request, gbSecond'],
    [['--price', 'gbSecond'], '--price takes KEY=USD'],
    [['--ping-interval', '900'], '--ping-interval 900 is not below --idle-reclaim 600'],
    [['--cost-memory', '64'], 'is not a Lambda memory size'],
    [
      ['--scenarios', path.join(FIXTURES, 'scenarios'), '--baseline', 'nope'],
      '--baseline nope: scenario "quick" has no variant of that name (it has preload, lazy, initializer, prewarmed, broken)',
    ],
  ])('rejects %j with exit code 2 and a message naming the flag', async (argv, message) => {
    const { io, err } = capture();
    expect(await main(argv, io)).toBe(2);
    expect(err.join('\n')).toContain(message);
  });

  it('stops on a missing export before anything runs, writing nothing', async () => {
    const out = path.join(tempDir(), 'never');
    const { io, err } = capture();
    expect(await main(['--scenarios', path.join(FIXTURES, 'scenarios-bad-export'), '--out', out], io)).toBe(2);
    expect(err.join('\n')).toContain('field "variants.preload.handler"');
    expect(err.join('\n')).toContain('no exported function "handlr"');
    expect(existsSync(out)).toBe(false);
  });

  it('never writes into a folder that holds a run', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'samples.csv'), 'old\n');
    const { io, err } = capture();
    expect(
      await main(['--scenarios', path.join(FIXTURES, 'scenarios'), '--only', 'quick', '--cold', '1', '--warm', '0', '--out', out], io),
    ).toBe(2);
    expect(err.join('\n')).toContain('already holds a run');
    expect(readFileSync(path.join(out, 'samples.csv'), 'utf8')).toBe('old\n');
  });

  it('samples adaptively with --cold auto and records why it stopped; the report carries the traffic settings', async () => {
    const out = path.join(tempDir(), 'auto');
    const { io, err } = capture();
    const code = await main(
      [
        '--scenarios',
        path.join(FIXTURES, 'scenarios'),
        '--cold',
        'auto',
        '--cold-min',
        '6',
        '--cold-max',
        '7',
        '--ci-target',
        '1000',
        '--warm',
        '6',
        '--warmup',
        '0',
        '--baseline',
        'lazy',
        '--rates',
        '36/h,1/min,2',
        '--cost-memory',
        '512',
        '--no-sandbox',
        '--price',
        'request=0.0000004',
        '--out',
        out,
      ],
      io,
    );
    expect(code).toBe(1); // the broken variant
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    // Whether 6 rounds reach the target depends on this machine's noise (a prewarmed round trip can spike): both outcomes are stated.
    expect(meta.sampling).toMatchObject({ mode: 'auto', targetPct: 1000, minRounds: 6, maxRounds: 7 });
    const stop = meta.sampling.scenarios.quick;
    expect([6, 7]).toContain(stop.rounds);
    expect(stop.stoppedBy).toBe(stop.rounds === 6 ? 'target' : 'cap');
    expect(meta.baseline).toBe('lazy');
    expect(meta.traffic).toEqual({
      ratesPerSecond: [0.01, 1 / 60, 2],
      idleReclaimSeconds: 600,
      pingIntervalSeconds: 300,
      memoryMb: 512,
      prices: { request: 0.0000004 },
    });
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain(
      stop.rounds === 6
        ? "Adaptive sampling took 6 rounds: stopped because every variant's cold e2e median was known within ±1000 %"
        : 'Adaptive sampling took 7 rounds: stopped because the cap of 7 rounds was reached',
    );
    expect(report).toContain('| lazy (baseline) | lazy |');
    expect(report).toContain('512 MB (assumed: a local run has no memory size; set --cost-memory)');
    expect(report).toContain('overridden: request');
    for (const chart of ['quick-cold.svg', 'quick-phases.svg', 'quick-warm.svg', 'quick-traffic.svg']) {
      expect(existsSync(path.join(out, chart)), chart).toBe(true);
      expect(report).toContain(`](${chart})`);
    }
    expect(err.some((l) => l.startsWith(`quick: ${stop.rounds} rounds, `))).toBe(true);
  });

  it('prints help', async () => {
    const { io, out } = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(out.join('\n')).toContain('--scenarios <dir>');
  });

  /** Starts the CLI as a real process, as a user would. */
  function startCli(args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bench.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    return { child, exited, stderr: () => stderr };
  }

  const processesRunning = (fragment: string) => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).includes(fragment);

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'keeps every finished sample on %s, marks the report partial and leaves no process behind',
    async (signal) => {
      const out = path.join(tempDir(), 'run');
      const cli = startCli(['--scenarios', path.join(FIXTURES, 'scenarios-slow'), '--cold', '30', '--warm', '0', '--out', out]);
      const samplesFile = path.join(out, 'samples.csv');
      for (let i = 0; i < 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        if (existsSync(samplesFile) && readCsv(samplesFile).length >= 4) break;
      }
      cli.child.kill(signal);
      expect(await cli.exited).toBe(130);
      expect(cli.stderr()).toContain(`${signal}: stopping`);
      const [header, ...rows] = readCsv(samplesFile);
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(rows.length).toBeLessThan(60);
      const errorAt = header!.split(',').indexOf('error');
      expect(rows.every((r) => r.split(',')[errorAt] === '')).toBe(true); // no error cell: nothing half-measured was recorded
      expect(JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')).status).toBe('partial');
      expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('**Partial run**');
      await new Promise((r) => setTimeout(r, 200));
      expect(processesRunning(path.join(FIXTURES, 'scenarios-slow', 'slow', 'slow.mjs'))).toBe(false);
    },
  );

  it('an interrupt before measuring starts (here: an INIT that hangs in the preflight) leaves nothing behind', async () => {
    const out = path.join(tempDir(), 'run');
    const hang = path.join(FIXTURES, 'scenarios-hang-init', 'hang', 'hang.mjs');
    const cli = startCli(['--scenarios', path.join(FIXTURES, 'scenarios-hang-init'), '--out', out]);
    for (let i = 0; i < 200 && !processesRunning(hang); i++) await new Promise((r) => setTimeout(r, 50));
    expect(processesRunning(hang)).toBe(true);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(130);
    expect(cli.stderr()).toContain('stopped before measuring; nothing was written');
    expect(existsSync(out)).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(processesRunning(hang)).toBe(false);
  });
});
