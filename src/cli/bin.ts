#!/usr/bin/env node
/**
 * `npx coldbench …` from an installed package: `coldbench [flags]` runs a
 * benchmark (as `npm run bench` does), `coldbench compare A B` compares two
 * runs, `coldbench report DIR` renders a run's report again, `coldbench
 * observe --function NAME` reads a deployed function's cold starts from CloudWatch Logs.
 */
import { compareMain } from './compare-main.js';
import { main } from './main.js';
import { observeMain } from './observe-main.js';
import { reportMain } from './report-main.js';

const io = {
  stdout: (t: string) => process.stdout.write(t + '\n'),
  stderr: (t: string) => process.stderr.write(t + '\n'),
};

/** Subcommands besides the benchmark itself, by name. */
const SUBCOMMANDS: Record<string, (argv: string[], out: typeof io) => Promise<number>> = {
  compare: compareMain,
  report: reportMain,
  observe: observeMain,
};

const [first, ...rest] = process.argv.slice(2);
const sub = first === undefined ? undefined : SUBCOMMANDS[first];
process.exitCode = sub ? await sub(rest, io) : await main(process.argv.slice(2), io);
