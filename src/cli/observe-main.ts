import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { OBSERVE_EXIT, ObserveError, runObserve } from '../observe/run-observe.js';
import { resolvePeriod } from '../observe/period.js';
import type { MainIo } from './main.js';

/** Default bound on the REPORT records one observe run reads: a week at about 1.7 requests per second, a few hundred MB of memory. */
export const DEFAULT_MAX_EVENTS = 1_000_000;

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`--max-events takes a whole number of 1 or more, not "${value}"; for example --max-events 100000`);
  return n;
}

function observeCommand(): Command {
  return new Command('coldbench-observe')
    .description(
      "Read a deployed Lambda function's REPORT records from CloudWatch Logs and report its real cold starts: rate per hour and day, INIT distribution, idle reclaim, concurrency. Writes a run folder (observed.csv, hourly.csv, report.md, run.json, charts).",
    )
    .requiredOption('--function <name>', 'the function: its name or ARN')
    .option('--region <region>', 'AWS region of the function', process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1')
    .option(
      '--qualifier <version|alias>',
      'only this version ($LATEST, 12) or alias (resolved with lambda:GetAlias); default: all versions',
    )
    .option('--since <duration>', 'the period up to --end (or now): 30m, 12h, 7d, 2w (default 7d)')
    .option('--start <time>', 'start of the period, ISO 8601 (2026-11-16 or 2026-11-16T08:00Z); instead of --since')
    .option('--end <time>', 'end of the period, ISO 8601 (default: now)')
    .option(
      '--max-events <n>',
      'read at most this many REPORT records; the report then covers the period up to the last one read',
      positiveInteger,
      DEFAULT_MAX_EVENTS,
    )
    .option('--log-group <name>', 'the log group, when the function logs elsewhere than /aws/lambda/<function>')
    .option('--out <dir>', "write the run's files into this folder instead of results/<run-id>/")
    .option('--note <text>', 'a sentence to put at the top of report.md and into run.json (for example where the logs came from)')
    .showHelpAfterError('(run with --help for all options)')
    .allowExcessArguments(false);
}

interface ObserveFlags {
  function: string;
  region: string;
  qualifier?: string;
  since?: string;
  start?: string;
  end?: string;
  maxEvents: number;
  logGroup?: string;
  out?: string;
  note?: string;
}

/** `npm run observe -- --function NAME [flags]`: returns the exit code (OBSERVE_EXIT, documented in docs/observe.md). */
export async function observeMain(argv: string[], io: MainIo, now: () => Date = () => new Date()): Promise<number> {
  const command = observeCommand()
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t.trimEnd()), writeErr: (t) => io.stderr(t.trimEnd()) });
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? OBSERVE_EXIT.ok : OBSERVE_EXIT.usage;
    throw error;
  }
  const flags = command.opts<ObserveFlags>();
  const started = now();
  const { period, problems } = resolvePeriod(flags, started.getTime());
  if (!period) {
    for (const p of problems) io.stderr(`coldbench observe: ${p}`);
    return OBSERVE_EXIT.usage;
  }
  try {
    const outcome = await runObserve(
      {
        function: flags.function,
        region: flags.region,
        ...(flags.qualifier !== undefined ? { qualifier: flags.qualifier } : {}),
        ...(flags.logGroup !== undefined ? { logGroup: flags.logGroup } : {}),
        ...(flags.out !== undefined ? { out: flags.out } : {}),
        ...(flags.note !== undefined ? { note: flags.note } : {}),
        period,
        maxEvents: flags.maxEvents,
        now: started,
        argv,
      },
      (line) => io.stderr(`coldbench observe: ${line}`),
    );
    const t = outcome.analysis.total;
    io.stdout(
      `${outcome.meta.function}: ${t.invocations} invocations, ${t.coldStarts} cold starts (${((100 * t.coldStarts) / t.invocations).toFixed(1)} %); report in ${outcome.dir}/report.md`,
    );
    return OBSERVE_EXIT.ok;
  } catch (error) {
    if (error instanceof ObserveError) {
      io.stderr(error.message.startsWith('coldbench observe:') ? error.message : `coldbench observe: ${error.message}`);
      return error.exitCode;
    }
    io.stderr(`coldbench observe: ${(error as Error).message}`);
    return OBSERVE_EXIT.failed;
  }
}
