import { existsSync } from 'node:fs';
import path from 'node:path';
import { gitState, harnessVersion, makeRunId } from '../core/run-meta.js';
import { RESULTS_DIR } from '../core/paths.js';
import { createRunDir, writeAtomically } from '../report/writer.js';
import { CREDENTIAL_HELP, checkCredentials, errorName, errorText } from '../targets/aws/client.js';
import { redact } from '../core/redact.js';
import { analyseInvocations, type ObservedAnalysis } from './analyse.js';
import { observeCharts } from './charts.js';
import { count, utcMinute } from './format.js';
import { hourlyCsv } from './hourly-csv.js';
import { createLogsClient } from './logs-client.js';
import { observedCsv } from './observed-csv.js';
import type { ObservePeriod } from './period.js';
import { resolveQualifier } from './qualifier.js';
import { REPORT_FILTER_PATTERN, readReportEvents, type ReadProgress } from './read-logs.js';
import { observeMarkdown } from './report-markdown.js';
import type { ObserveRunMeta } from './run-meta.js';

/** Exit codes of `coldbench observe`: what a script can tell apart. */
export const OBSERVE_EXIT = {
  ok: 0,
  /** Anything else that went wrong (network, throttling beyond the retries, a folder that cannot be written). */
  failed: 1,
  /** A flag is wrong or missing, or there are no credentials. */
  usage: 2,
  /** The log group (or the alias given as --qualifier) does not exist in that region. */
  notFound: 3,
  /** The credentials may not read the log group (or resolve the alias). */
  accessDenied: 4,
  /** The period holds no REPORT record of the function. */
  empty: 5,
} as const;

/** A failure with the message to print and the exit code it maps to. */
export class ObserveError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface ObserveOptions {
  /** `--function`: a name or an ARN. */
  function: string;
  /** `--log-group`; default `/aws/lambda/<function>`. */
  logGroup?: string;
  region: string;
  qualifier?: string;
  period: ObservePeriod;
  maxEvents: number;
  /** `--out DIR`; default `results/<run-id>/`. */
  out?: string;
  note?: string;
  now: Date;
  /** The command line, for run.json (redacted there). */
  argv: string[];
}

export interface ObserveOutcome {
  dir: string;
  meta: ObserveRunMeta;
  analysis: ObservedAnalysis;
}

/** The function name in a name or a function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`). */
export function functionNameOf(value: string): { name?: string; qualifier?: string; problem?: string } {
  const arn = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(value);
  if (arn) return { name: arn[1]!, ...(arn[2] ? { qualifier: arn[2] } : {}) };
  if (/^[A-Za-z0-9_-]{1,140}$/.test(value)) return { name: value };
  return {
    problem: `--function ${redact(value)}: not a function name or function ARN; give the name, for example --function orders-api (a version or alias goes into --qualifier)`,
  };
}

function sdkFailure(
  error: unknown,
  what: { functionName: string; logGroup: string; region: string; step: 'logs' | 'alias'; qualifier?: string },
): ObserveError {
  const name = errorName(error);
  const detail = redact(errorText(error));
  if (name === 'ResourceNotFoundException') {
    return what.step === 'alias'
      ? new ObserveError(
          `--qualifier ${what.qualifier}: function ${what.functionName} has no such alias or version in ${what.region} (${detail})`,
          OBSERVE_EXIT.notFound,
        )
      : new ObserveError(
          `--function ${what.functionName}: log group ${what.logGroup} does not exist in ${what.region}; check the name and --region (a function that was never invoked has no log group; one that logs elsewhere needs --log-group) (${detail})`,
          OBSERVE_EXIT.notFound,
        );
  }
  if (
    name === 'AccessDeniedException' ||
    name === 'AccessDenied' ||
    name === 'UnrecognizedClientException' ||
    name === 'ExpiredTokenException'
  ) {
    const permission = what.step === 'alias' ? 'lambda:GetAlias on the function' : `logs:FilterLogEvents on log group ${what.logGroup}`;
    return new ObserveError(
      `--function ${what.functionName}: access denied: the credentials need ${permission} (docs/observe.md lists the policy) (${detail})`,
      OBSERVE_EXIT.accessDenied,
    );
  }
  return new ObserveError(
    `--function ${what.functionName}: reading ${what.step === 'alias' ? 'the alias' : `log group ${what.logGroup}`} in ${what.region} failed: ${detail}`,
    OBSERVE_EXIT.failed,
  );
}

/**
 * `coldbench observe`: reads the function's REPORT records in the period,
 * analyses them and writes the run folder (observed.csv, hourly.csv,
 * report.md, run.json, charts). Throws ObserveError with the exit code to use.
 */
export async function runObserve(options: ObserveOptions, progress: (line: string) => void): Promise<ObserveOutcome> {
  const parsed = functionNameOf(options.function);
  if (!parsed.name) throw new ObserveError(parsed.problem!, OBSERVE_EXIT.usage);
  const functionName = parsed.name;
  const qualifier = options.qualifier ?? parsed.qualifier;
  const logGroup = options.logGroup ?? `/aws/lambda/${functionName}`;
  const client = createLogsClient(options.region);
  const problem = await checkCredentials(client);
  if (problem) throw new ObserveError(`coldbench observe: ${CREDENTIAL_HELP} (${redact(problem)})`, OBSERVE_EXIT.usage);

  let versions: string[] | undefined;
  if (qualifier !== undefined) {
    try {
      versions = await resolveQualifier(functionName, qualifier, options.region);
    } catch (error) {
      throw sdkFailure(error, { functionName, logGroup, region: options.region, step: 'alias', qualifier });
    }
  }

  progress(
    `reading REPORT records of ${functionName} from ${logGroup} (${options.region}), ${utcMinute(options.period.startMs)} – ${utcMinute(options.period.endMs)}${versions ? `, versions ${versions.join(', ')}` : ''}`,
  );
  let lastReport = 0;
  const onPage = (p: ReadProgress) => {
    const now = Date.now();
    if (now - lastReport < 1000 && p.pages > 1) return;
    lastReport = now;
    progress(`page ${p.pages}: ${count(p.invocations)} invocations${p.lastMs !== undefined ? `, up to ${utcMinute(p.lastMs)}` : ''}`);
  };
  let read: Awaited<ReturnType<typeof readReportEvents>>;
  try {
    read = await readReportEvents(client, {
      logGroupName: logGroup,
      period: options.period,
      maxEvents: options.maxEvents,
      ...(versions ? { versions } : {}),
      onPage,
    });
  } catch (error) {
    throw sdkFailure(error, { functionName, logGroup, region: options.region, step: 'logs' });
  } finally {
    client.destroy();
  }
  progress(
    `read ${count(read.eventsRead)} REPORT records in ${read.pages} page${read.pages === 1 ? '' : 's'}: ${count(read.invocations.length)} invocations`,
  );
  if (read.invocations.length === 0) {
    throw new ObserveError(
      `--function ${functionName}: no REPORT record in log group ${logGroup} between ${utcMinute(options.period.startMs)} and ${utcMinute(options.period.endMs)}` +
        `${versions ? ` for --qualifier ${qualifier} (versions ${versions.join(', ')})` : ''}: the function was not invoked then, or its logs are older than the group's retention; widen --since or move --start/--end`,
      OBSERVE_EXIT.empty,
    );
  }
  const period = read.truncatedAtMs !== undefined ? { startMs: options.period.startMs, endMs: read.truncatedAtMs + 1 } : options.period;
  if (read.truncatedAtMs !== undefined)
    progress(
      `--max-events ${count(options.maxEvents)} reached: the report covers the period up to ${utcMinute(read.truncatedAtMs)}; raise --max-events or shorten the period for all of it`,
    );
  const analysis = analyseInvocations(read.invocations, period);

  const runId = makeRunId(options.now, 'observe');
  const dir = options.out ?? path.join(RESULTS_DIR, runId);
  if (options.out !== undefined && existsSync(path.join(dir, 'observed.csv'))) {
    throw new ObserveError(
      `--out ${dir}: it already holds an observe run (observed.csv); a run never overwrites another, choose a new folder`,
      OBSERVE_EXIT.usage,
    );
  }
  try {
    createRunDir(dir, options.out === undefined);
  } catch (error) {
    throw new ObserveError(`--out ${dir}: ${(error as Error).message}`, OBSERVE_EXIT.usage);
  }
  const charts = observeCharts(analysis, read.invocations);
  const meta: ObserveRunMeta = {
    kind: 'observe',
    runId,
    harness: { name: 'coldbench', version: harnessVersion(), ...(await gitState()) },
    function: functionName,
    logGroup: redact(logGroup),
    region: options.region,
    ...(qualifier !== undefined ? { qualifier } : {}),
    versions: versions ?? analysis.versions,
    period: {
      start: new Date(period.startMs).toISOString(),
      end: new Date(period.endMs).toISOString(),
      requestedStart: new Date(options.period.startMs).toISOString(),
      requestedEnd: new Date(options.period.endMs).toISOString(),
    },
    source: {
      api: 'FilterLogEvents',
      filterPattern: REPORT_FILTER_PATTERN,
      pages: read.pages,
      eventsRead: read.eventsRead,
      unparsed: read.unparsed,
      maxEvents: options.maxEvents,
      truncated: read.truncatedAtMs !== undefined,
    },
    counts: { invocations: analysis.total.invocations, coldStarts: analysis.total.coldStarts },
    ...(options.note ? { note: options.note } : {}),
    startedAt: options.now.toISOString(),
    endedAt: new Date().toISOString(),
    command: ['coldbench', 'observe', ...options.argv].map((a) => redact(a)),
    files: ['observed.csv', 'hourly.csv', 'report.md', 'run.json', ...charts.map((c) => c.file)],
  };
  const sorted = [...read.invocations].sort((a, b) => a.startMs - b.startMs);
  writeAtomically(path.join(dir, 'observed.csv'), observedCsv(sorted));
  writeAtomically(path.join(dir, 'hourly.csv'), hourlyCsv(analysis.hourly));
  for (const chart of charts) writeAtomically(path.join(dir, chart.file), chart.svg);
  writeAtomically(path.join(dir, 'report.md'), redact(observeMarkdown(meta, analysis)));
  writeAtomically(path.join(dir, 'run.json'), JSON.stringify(meta, null, 2) + '\n');
  return { dir, meta, analysis };
}
