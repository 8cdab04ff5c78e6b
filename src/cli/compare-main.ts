import { writeFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { compareRuns, hasRegression } from '../compare/compare.js';
import { comparisonMarkdown } from '../compare/markdown.js';
import { readRun } from '../compare/read-run.js';
import type { MainIo } from './main.js';

/** Exit codes of `npm run compare`: what a CI job can gate on. */
export const COMPARE_EXIT = { ok: 0, regression: 1, usage: 2 } as const;

export const DEFAULT_THRESHOLD_PCT = 10;

function percentage(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError(`--threshold takes a percentage of 0 or more, not "${value}"; for example --threshold 10`);
  return n;
}

function compareCommand(): Command {
  return new Command('coldbench-compare')
    .description(
      'Compare two runs: per scenario, variant and metric, the change with its confidence interval; exit code 1 on a significant regression beyond the threshold.',
    )
    .argument('<before>', "the earlier run's folder (results/<run-id>)")
    .argument('<after>', "the later run's folder")
    .option('--threshold <pct>', 'flag significant changes of the median of at least this many %', percentage, DEFAULT_THRESHOLD_PCT)
    .option('--out <file>', 'also write the markdown comparison into this file')
    .showHelpAfterError('(run with --help for all options)')
    .allowExcessArguments(false);
}

/** `npm run compare -- BEFORE AFTER`: prints the comparison; returns the exit code. */
export async function compareMain(argv: string[], io: MainIo): Promise<number> {
  const command = compareCommand()
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t.trimEnd()), writeErr: (t) => io.stderr(t.trimEnd()) });
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? COMPARE_EXIT.ok : COMPARE_EXIT.usage;
    throw error;
  }
  const [beforeDir, afterDir] = command.processedArgs as [string, string];
  const { threshold, out } = command.opts<{ threshold: number; out?: string }>();
  let comparison: ReturnType<typeof compareRuns>;
  try {
    comparison = compareRuns(readRun(beforeDir), readRun(afterDir), threshold);
  } catch (error) {
    io.stderr(`coldbench compare: ${(error as Error).message}`);
    return COMPARE_EXIT.usage;
  }
  const markdown = comparisonMarkdown(comparison);
  io.stdout(markdown.trimEnd());
  if (out) writeFileSync(out, markdown);
  const regressions = comparison.changes.filter((c) => c.status === 'regression');
  if (hasRegression(comparison)) {
    io.stderr(
      `coldbench compare: ${regressions.length} significant regression${regressions.length === 1 ? '' : 's'} of ${threshold} % or more: ${regressions.map((r) => `${r.scenario}/${r.variant} ${r.label}`).join(', ')}`,
    );
    return COMPARE_EXIT.regression;
  }
  return COMPARE_EXIT.ok;
}
