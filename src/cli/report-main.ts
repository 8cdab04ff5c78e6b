import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { readRun } from '../compare/read-run.js';
import type { RunMeta } from '../core/model.js';
import type { ObservedTraffic } from '../core/observed.js';
import { gitState, harnessVersion } from '../core/run-meta.js';
import { writeRunFiles } from '../report/writer.js';
import { trafficSettings } from '../traffic/settings.js';
import type { MainIo } from './main.js';
import { trafficFrom } from './traffic-from.js';
import { baselineOptionProblems, reportOptionProblems, trafficFromOptions, withReportOptions, type ReportOptions } from './options.js';

export const REPORT_EXIT = { ok: 0, usage: 2 } as const;

const TRAFFIC_FLAGS = {
  rates: 'ratesPerSecond',
  idleReclaim: 'idleReclaimSeconds',
  pingInterval: 'pingIntervalSeconds',
  costMemory: 'memoryMb',
  price: 'prices',
} as const;

/**
 * The run's report settings with the flags given on this command line applied:
 * flags left out keep the run's own values (not the defaults).
 */
export function rerenderMeta(meta: RunMeta, options: ReportOptions, given: (flag: keyof ReportOptions) => boolean): RunMeta {
  const fromFlags = trafficFromOptions(options);
  const traffic = { ...trafficSettings(meta.traffic) };
  for (const [flag, field] of Object.entries(TRAFFIC_FLAGS) as [keyof typeof TRAFFIC_FLAGS, keyof typeof traffic][]) {
    if (given(flag)) Object.assign(traffic, { [field]: fromFlags[field] });
  }
  return { ...meta, traffic, ...(given('baseline') && options.baseline !== undefined ? { baseline: options.baseline } : {}) };
}

/** `npm run report -- DIR [flags]`: renders a run's summary.csv, charts and report.md again from its samples, e.g. with other traffic assumptions. */
export async function reportMain(argv: string[], io: MainIo): Promise<number> {
  const command = withReportOptions(
    new Command('coldbench-report')
      .description(
        "Render a run's summary.csv, charts and report.md again from its samples.csv and run.json, with other report settings; run.json records them.",
      )
      .argument('<run>', "the run's folder (results/<run-id>)"),
  )
    .showHelpAfterError('(run with --help for all options)')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t.trimEnd()), writeErr: (t) => io.stderr(t.trimEnd()) });
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? REPORT_EXIT.ok : REPORT_EXIT.usage;
    throw error;
  }
  const [dir] = command.processedArgs as [string];
  const options = command.opts<ReportOptions>();
  try {
    const run = readRun(dir);
    const meta = rerenderMeta(run.meta, options, (flag) => command.getOptionValueSource(flag) === 'cli');
    const problems = [
      ...reportOptionProblems({ pingInterval: meta.traffic!.pingIntervalSeconds, idleReclaim: meta.traffic!.idleReclaimSeconds }),
      ...baselineOptionProblems(command.getOptionValueSource('baseline') === 'cli' ? options.baseline : undefined, meta.scenarios),
    ];
    if (problems.length > 0) {
      for (const p of problems) io.stderr(`coldbench report: ${p}`);
      return REPORT_EXIT.usage;
    }
    const git = await gitState();
    const by = `coldbench ${harnessVersion()}${git.gitCommit ? ` at ${git.gitCommit.slice(0, 10)}${git.gitDirty ? ' (uncommitted changes)' : ''}` : ''}`;
    // --traffic-from on this command line, else the run's own (its folder as recorded, from here).
    const fromDir = command.getOptionValueSource('trafficFrom') === 'cli' ? options.trafficFrom : meta.traffic?.from?.dir;
    let observed: ObservedTraffic | undefined;
    let withTraffic = meta;
    if (fromDir !== undefined) {
      const read = trafficFrom(fromDir, meta.traffic!);
      observed = read.observed;
      withTraffic = { ...meta, traffic: read.traffic };
    }
    const rendered = { ...withTraffic, rerendered: { at: new Date().toISOString(), by } };
    writeRunFiles(dir, { ...run, meta: rendered, ...(observed ? { observed } : {}) });
    io.stderr(`coldbench report: rewrote ${path.join(dir, 'report.md')}, summary.csv and the charts from ${run.samples.length} samples`);
    if (!run.imports && existsSync(path.join(dir, 'imports.csv'))) {
      io.stderr(
        'coldbench report: the "Where INIT goes" sections are not rendered again: this run has imports.csv but no imports.json (written since the breakdown is read back); imports.csv itself is kept',
      );
    }
    return REPORT_EXIT.ok;
  } catch (error) {
    io.stderr(`coldbench report: ${(error as Error).message}`);
    return REPORT_EXIT.usage;
  }
}
