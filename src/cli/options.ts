import { Command, InvalidArgumentError, Option } from 'commander';
import { BUNDLED_SCENARIOS_DIR } from '../paths.js';
import type { Target } from '../report/model.js';

export interface CliOptions {
  scenarios: string;
  only?: string[];
  cold: number;
  warm: number;
  warmup: number;
  out?: string;
  target: Target;
  region: string;
  memory?: number[];
  list: boolean;
  diskCold: boolean;
  /** Python interpreter for every python scenario (overrides the scenario field "python"). */
  python?: string;
  /** Break INIT down per module in one extra instrumented environment per scenario (--no-imports turns it off). */
  imports: boolean;
}

export const DEFAULTS = { cold: 20, warm: 100, warmup: 3 } as const;

function count(flag: string, min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min) {
      throw new InvalidArgumentError(`${flag} takes a whole number of at least ${min}, not "${value}"`);
    }
    return Number(value);
  };
}

function nameList(value: string): string[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('give at least one scenario name, for example --only node-aws-sdk');
  return names;
}

function memoryList(value: string): number[] {
  return value.split(',').map((s) => {
    const mb = Number(s.trim());
    if (!Number.isInteger(mb) || mb < 128 || mb > 10240) {
      throw new InvalidArgumentError(`"${s}" is not a Lambda memory size; give MB from 128 to 10240, comma-separated, for example 128,1024`);
    }
    return mb;
  });
}

/** The command line, as commander sees it. Parsing errors carry the flag and what it takes. */
export function buildCommand(): Command {
  return new Command('coldbench')
    .description('Measure cold and warm starts of handler variants: preload, lazy, initializer, prewarmed.')
    .option('--scenarios <dir>', 'folder of scenarios (each subfolder with a scenario.ts)', BUNDLED_SCENARIOS_DIR)
    .option('--only <names>', 'run only these scenarios (comma-separated names)', nameList)
    .option('--cold <n>', 'cold samples per variant (fresh environments)', count('--cold', 1), DEFAULTS.cold)
    .option('--warm <n>', 'warm samples per variant, spread over its environments', count('--warm', 0), DEFAULTS.warm)
    .option('--warmup <n>', 'unrecorded warm requests per environment before the recorded ones', count('--warmup', 0), DEFAULTS.warmup)
    .option('--out <dir>', "write the run's files into this folder instead of results/<run-id>/")
    .addOption(new Option('--target <target>', 'where environments run').choices(['local', 'aws']).default('local'))
    .option('--region <region>', 'AWS region (aws target; also AWS_REGION seen by local handlers)', process.env.AWS_REGION ?? 'us-east-1')
    .option('--memory <mb,...>', 'memory sizes to test (aws target)', memoryList)
    .option('--list', 'list the scenarios and their variants, run nothing', false)
    .option('--disk-cold', "evict the scenario's and its dependencies' files from the page cache before every cold sample", false)
    .option('--python <path>', 'Python interpreter for python scenarios (default: the scenario\'s "python" field, else /usr/bin/python3)')
    .option('--no-imports', 'skip the import-time breakdown (one extra instrumented environment per scenario, never a sample)')
    .showHelpAfterError('(run with --help for all options)')
    .allowExcessArguments(false);
}

/** Parses argv (without node and script); commander prints its messages through `write`, then throws. */
export function parseOptions(argv: string[], write: { out: (s: string) => void; err: (s: string) => void }): CliOptions {
  const command = buildCommand()
    .exitOverride()
    .configureOutput({ writeOut: write.out, writeErr: write.err });
  command.parse(argv, { from: 'user' });
  return command.opts<CliOptions>();
}
