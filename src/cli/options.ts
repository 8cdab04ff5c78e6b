import { Command, InvalidArgumentError, Option } from 'commander';
import { BUNDLED_SCENARIOS_DIR } from '../core/paths.js';
import type { Target, TrafficSettings } from '../core/model.js';
import { PRICE_KEYS } from '../traffic/prices.js';
import { DEFAULT_TRAFFIC } from '../traffic/settings.js';

export interface CliOptions extends ReportOptions {
  scenarios: string;
  only?: string[];
  /** A number of rounds, or `auto` (adaptive sampling). */
  cold: number | 'auto';
  ciTarget: number;
  coldMin: number;
  coldMax: number;
  warm: number;
  warmup: number;
  out?: string;
  target: Target;
  region: string;
  memory?: number[];
  /** Local target: run every environment in a Lambda-like sandbox where the machine allows it (--no-sandbox: bare processes). */
  sandbox: boolean;
  /** Local sandbox: INIT's CPU, `boost` (up to 2 CPUs, as measured on Lambda) or `share` (the memory size's share). */
  initCpu: 'boost' | 'share';
  /** Local sandbox: where warm loops run, `harness` (on the harness's CPU, up to 1,769 MB) or `any` (where the scheduler puts them). */
  warmCpu: 'harness' | 'any';
  /** Local sandbox: size of the private /tmp in MB (Lambda's ephemeral storage). */
  ephemeralStorage: number;
  /** Local sandbox: environments side by side where their CPU shares allow (`auto`), at most N, or 1 (one at a time); absent: the default. */
  parallel?: 'auto' | number;
  list: boolean;
  diskCold: boolean;
  /** Python interpreter for every python scenario (overrides the scenario field "python"). */
  python?: string;
  /** Break INIT down per module in one extra instrumented environment per scenario (--no-imports turns it off). */
  imports: boolean;
  /** AWS target: architectures, one function per variant × memory × architecture. */
  arch?: ('x86_64' | 'arm64')[];
  /** AWS target: execution role of the functions (or COLDBENCH_ROLE_ARN). */
  roleArn?: string;
  /** AWS target: leave the functions in place after the run. */
  keep: boolean;
  /** AWS target: print the plan and cost estimate, call nothing. */
  dryRun: boolean;
  /** AWS: find and delete functions earlier runs left behind. */
  cleanup: boolean;
  /** With --cleanup: delete without asking. */
  yes: boolean;
  /** AWS target: measure `prewarmed` with real provisioned concurrency. */
  provisioned: boolean;
  /** AWS target: functions measured at once (each still one cold sample at a time, interleaved across variants). */
  concurrency: number;
  /** AWS target: ship Node handlers with their node_modules instead of one esbuild bundle. */
  unbundled: boolean;
  /** AWS target: Lambda runtimes to deploy with (at most one per language), over the scenarios' `aws.runtime` and the defaults. */
  lambdaRuntime?: string[];
  /** Also write the run as JSON (results.json) here; `-`: standard output. */
  json?: string;
  /** Benchmark one function as it is: `path/to/file.export`; its variants are derived. */
  handler?: string;
  /** With --handler: a JSON file holding the event. */
  event?: string;
  /** With --handler: the runtime, when the file ending does not say. */
  runtime?: 'node' | 'python';
  /** Modules the derived lazy and initializer variants load lazily (default: the heavy top-level imports). */
  lazy?: string[];
  /** With --handler: `--env KEY=VALUE` (repeatable), variables of the function's environments. */
  env?: Record<string, string>;
  /** With --handler: a file of KEY=VALUE lines (dotenv syntax); --env wins over it. */
  envFile?: string;
  /** With --handler: the scenario's name (default: the handler file and export). */
  name?: string;
  /** Derived variants: compare their responses with the original's before sampling (--no-response-check turns it off). */
  responseCheck: boolean;
}

export const DEFAULTS = { cold: 20, warm: 100, warmup: 3, ciTarget: 5, coldMin: 10, coldMax: 100, concurrency: 8 } as const;

/**
 * The range of every numeric flag. A number outside it is refused with the
 * flag's name: a value like 1e999 (Infinity) or 1e300 would otherwise reach
 * loops, charts and run.json (where JSON writes Infinity as null).
 */
export const FLAG_RANGES = {
  '--cold': { min: 1, max: 100_000 },
  '--cold-min': { min: 6, max: 100_000 },
  '--cold-max': { min: 6, max: 100_000 },
  '--warm': { min: 0, max: 1_000_000 },
  '--warmup': { min: 0, max: 100_000 },
  /** Percent of the median: above 0; 1000 % is already "stop at --cold-min". */
  '--ci-target': { min: 0, max: 1000 },
  /** Seconds: up to a week. */
  '--idle-reclaim': { min: 0, max: 7 * 86_400 },
  '--ping-interval': { min: 0, max: 7 * 86_400 },
  /** Requests per second: from one a day to 100,000 a second. */
  '--rates': { min: 1 / 86_400, max: 100_000 },
  /** USD per request or per GB-second: Lambda's are below 0.0001; 1 USD is far beyond any real price. */
  '--price': { min: 0, max: 1 },
  /** MB of /tmp: Lambda allows 512 to 10,240. */
  '--ephemeral-storage': { min: 512, max: 10_240 },
  /** Functions measured at once on AWS: Lambda's default account quota is 1,000 concurrent executions. */
  '--concurrency': { min: 1, max: 1000 },
  /** Local environments side by side: each holds its memory size; 64 is far beyond what a CPU budget allows on a workstation. */
  '--parallel': { min: 1, max: 64 },
} as const;

function count(flag: keyof typeof FLAG_RANGES) {
  const { min, max } = FLAG_RANGES[flag];
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min)
      throw new InvalidArgumentError(`${flag} takes a whole number of at least ${min}, not "${value}"`);
    if (Number(value) > max)
      throw new InvalidArgumentError(`${flag} takes a whole number of at most ${max.toLocaleString('en-US')}, not "${value}"`);
    return Number(value);
  };
}

function parallelCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  return count('--parallel')(value);
}

function coldCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  return count('--cold')(value);
}

/** A number above the flag's minimum (exclusive) and at most its maximum. */
function positive(flag: '--ci-target' | '--idle-reclaim' | '--ping-interval', example: string) {
  const { min, max } = FLAG_RANGES[flag];
  return (value: string): number => {
    const n = Number(value);
    const unit = flag === '--ci-target' ? '%' : 'seconds';
    if (value.trim() === '' || Number.isNaN(n) || n <= min)
      throw new InvalidArgumentError(`${flag} takes a positive number, not "${value}"; for example ${flag} ${example}`);
    if (n > max)
      throw new InvalidArgumentError(`${flag} takes a number of at most ${max} (${unit}), not "${value}"; for example ${flag} ${example}`);
    return n;
  };
}

const RATE_UNITS: Record<string, number> = {
  s: 1,
  sec: 1,
  min: 1 / 60,
  m: 1 / 60,
  h: 1 / 3600,
  hour: 1 / 3600,
  d: 1 / 86400,
  day: 1 / 86400,
};

/** Arrival rates, comma-separated: `0.5` (per second), `10/min`, `30/h`. */
export function rateList(value: string): number[] {
  return value.split(',').map((part) => {
    const m = /^\s*([0-9]*\.?[0-9]+(?:e-?\d+)?)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(part);
    const unit = m?.[2]?.toLowerCase() ?? 's';
    if (!m || RATE_UNITS[unit] === undefined || Number(m[1]) <= 0) {
      throw new InvalidArgumentError(
        `"${part}" is not an arrival rate; give positive numbers per second, or with /min or /h, comma-separated, for example --rates 30/h,1/min,1/s,10`,
      );
    }
    const perSecond = Number(m[1]) * RATE_UNITS[unit]!;
    const { min, max } = FLAG_RANGES['--rates'];
    // A little slack at the bottom: 1/d is exactly the minimum, whatever the rounding.
    if (!Number.isFinite(perSecond) || perSecond < min * (1 - 1e-9) || perSecond > max) {
      throw new InvalidArgumentError(
        `--rates: "${part}" is out of range; give rates from 1/d (one a day) to ${max.toLocaleString('en-US')}/s, for example --rates 30/h,1/min,1/s,10`,
      );
    }
    return perSecond;
  });
}

function priceEntry(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const m = /^([A-Za-z]+)=([0-9]*\.?[0-9]+(?:e-?\d+)?)$/.exec(value.trim());
  if (!m)
    throw new InvalidArgumentError(`--price takes KEY=USD, for example --price gbSecond=0.0000133334 (keys: ${PRICE_KEYS.join(', ')})`);
  if (!(PRICE_KEYS as string[]).includes(m[1]!))
    throw new InvalidArgumentError(`--price: unknown price "${m[1]}"; known: ${PRICE_KEYS.join(', ')}`);
  const usd = Number(m[2]);
  const { min, max } = FLAG_RANGES['--price'];
  if (!Number.isFinite(usd) || usd < min || usd > max) {
    throw new InvalidArgumentError(
      `--price ${m[1]}=${m[2]}: a price must be from ${min} to ${max} USD (Lambda's are below 0.0001), for example --price gbSecond=0.0000133334`,
    );
  }
  return { ...previous, [m[1]!]: usd };
}

function nameList(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('give at least one scenario name, for example --only node-aws-sdk');
  return names;
}

function moduleList(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new InvalidArgumentError('give at least one module as the handler imports it, for example --lazy pdf-lib,@aws-sdk/client-s3');
  return names;
}

function envEntry(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  const key = eq < 0 ? '' : value.slice(0, eq);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
    throw new InvalidArgumentError(
      `"${value}" is not KEY=VALUE with a variable name of letters, digits and "_"; for example --env BUCKET=my-bucket (repeatable)`,
    );
  return { ...previous, [key]: value.slice(eq + 1) };
}

function memoryList(value: string): number[] {
  return value.split(',').map((s) => {
    const mb = Number(s.trim());
    if (!Number.isInteger(mb) || mb < 128 || mb > 10240) {
      throw new InvalidArgumentError(
        `"${s}" is not a Lambda memory size; give MB from 128 to 10240, comma-separated, for example 128,1024`,
      );
    }
    return mb;
  });
}

function memoryOne(value: string): number {
  const [mb, ...rest] = memoryList(value);
  if (rest.length > 0) throw new InvalidArgumentError(`--cost-memory takes one size in MB, for example --cost-memory 1024`);
  return mb!;
}

function lambdaRuntimeList(value: string): string[] {
  return value.split(',').map((s) => {
    const id = s.trim();
    if (!/^(nodejs\d+\.x|python3\.\d+)$/.test(id))
      throw new InvalidArgumentError(
        `"${s}" is not a Lambda runtime identifier; give for example nodejs24.x or python3.13 (comma-separated, one per language)`,
      );
    return id;
  });
}

function archList(value: string): ('x86_64' | 'arm64')[] {
  return value.split(',').map((s) => {
    const arch = s.trim();
    if (arch !== 'x86_64' && arch !== 'arm64')
      throw new InvalidArgumentError(`"${s}" is not a Lambda architecture; give x86_64, arm64 or both, comma-separated`);
    return arch;
  });
}

/** The command line, as commander sees it. Parsing errors carry the flag and what it takes. */
export function buildCommand(): Command {
  const command = new Command('coldbench')
    .description('Measure cold and warm starts of handler variants: preload, lazy, initializer, prewarmed.')
    .option('--scenarios <dir>', 'folder of scenarios (each subfolder with a scenario.ts)', BUNDLED_SCENARIOS_DIR)
    .option('--only <names>', 'run only these scenarios (comma-separated names)', nameList)
    .option(
      '--cold <n|auto>',
      'cold samples per variant (fresh environments), or auto: rounds until the cold medians are known within --ci-target',
      coldCount,
      DEFAULTS.cold,
    )
    .option(
      '--ci-target <pct>',
      "with --cold auto: target half-width of each cold e2e median's 95 % interval, in %",
      positive('--ci-target', '5'),
      DEFAULTS.ciTarget,
    )
    .option('--cold-min <n>', 'with --cold auto: rounds before the first check (at least 6)', count('--cold-min'), DEFAULTS.coldMin)
    .option('--cold-max <n>', 'with --cold auto: the cap on rounds', count('--cold-max'), DEFAULTS.coldMax)
    .option('--warm <n>', 'warm samples per variant, spread over its environments', count('--warm'), DEFAULTS.warm)
    .option('--warmup <n>', 'unrecorded warm requests per environment before the recorded ones', count('--warmup'), DEFAULTS.warmup)
    .option('--out <dir>', "write the run's files into this folder instead of results/<run-id>/")
    .addOption(new Option('--target <target>', 'where environments run').choices(['local', 'aws']).default('local'))
    .option('--region <region>', 'AWS region (aws target; also AWS_REGION seen by local handlers)', process.env.AWS_REGION ?? 'us-east-1')
    .option(
      '--memory <mb,...>',
      'memory sizes to test: one report section per size (aws: one function each; local: a sandbox with the memory limit and memory/1769 of a CPU)',
      memoryList,
    )
    .option(
      '--no-sandbox',
      "local target: run environments as bare processes (the whole machine's CPU, no memory limit, the host's /tmp) instead of Lambda-like sandboxes",
    )
    .addOption(
      new Option(
        '--init-cpu <mode>',
        "local sandbox: CPU during INIT, boost (up to 2 CPUs, as measured on Lambda) or share (the memory size's share)",
      )
        .choices(['boost', 'share'])
        .default('boost'),
    )
    .addOption(
      new Option(
        '--warm-cpu <mode>',
        "local sandbox: where warm requests run, harness (on the harness's CPU with it, up to 1,769 MB: no wake-up across CPUs in the round trip; docs/accuracy.md) or any (wherever the scheduler puts them)",
      )
        .choices(['harness', 'any'])
        .default('harness'),
    )
    .option(
      '--ephemeral-storage <mb>',
      "local sandbox: size of the private /tmp in MB (Lambda's ephemeral storage, 512 to 10240)",
      count('--ephemeral-storage'),
      512,
    )
    .option(
      '--parallel <n|auto>',
      'local sandbox: environments measured side by side where their CPU shares sum to at most the CPUs but one (auto), at most n, or 1, one at a time (the default; the A/A check behind it: docs/sandbox.md)',
      parallelCount,
    )
    .option('--arch <arch,...>', 'architectures to test: x86_64, arm64 (aws target; default x86_64)', archList)
    .option('--role-arn <arn>', 'execution role for the functions (aws target; or set COLDBENCH_ROLE_ARN)')
    .option('--provisioned', 'measure prewarmed variants with real provisioned concurrency (aws target; costs more)', false)
    .option(
      '--concurrency <n>',
      "aws target: functions measured at once, each one cold sample at a time (keep it within the account's unreserved concurrency)",
      count('--concurrency'),
      DEFAULTS.concurrency,
    )
    .option(
      '--lambda-runtime <id,...>',
      "aws target: Lambda runtimes to use, one per language (e.g. nodejs22.x,python3.12); default nodejs24.x and python3.14, or a scenario's aws.runtime",
      lambdaRuntimeList,
    )
    .option('--unbundled', 'ship Node handlers with their node_modules instead of one esbuild bundle (aws target)', false)
    .option('--keep', 'do not delete the functions after the run (aws target; delete them later with --cleanup)', false)
    .option('--dry-run', 'print what an aws run would create and call, with a cost estimate; call nothing', false)
    .option('--cleanup', 'find functions earlier aws runs left behind (coldbench- prefix and run tag) and delete them', false)
    .option('--yes', 'with --cleanup: delete without asking', false)
    .option('--json <file>', "also write the run as JSON (the run folder's results.json) to this file; - for standard output")
    .option('--list', 'list the scenarios and their variants, run nothing', false)
    .option('--disk-cold', "evict the scenario's and its dependencies' files from the page cache before every cold sample", false)
    .option('--python <path>', 'Python interpreter for python scenarios (default: the scenario\'s "python" field, else /usr/bin/python3)')
    .option(
      '--handler <file.export>',
      'benchmark this one function as it is: coldbench derives the lazy, initializer and prewarmed variants (for example examples/orders-api/index.handler)',
    )
    .option('--event <file.json>', 'with --handler: the request event, a JSON file (default {})')
    .addOption(
      new Option('--runtime <runtime>', 'with --handler: the runtime, when the file ending does not say').choices(['node', 'python']),
    )
    .option(
      '--lazy <modules>',
      'modules the derived lazy and initializer variants load lazily, comma-separated as imported (default: the heavy top-level imports, found by the import breakdown)',
      moduleList,
    )
    .option('--env <KEY=VALUE>', 'with --handler: an environment variable the function gets (repeatable)', envEntry)
    .option('--env-file <file>', 'with --handler: environment variables from a file of KEY=VALUE lines (dotenv syntax); --env wins')
    .option('--name <name>', 'with --handler: the scenario name (default: the handler file and export, for example index.handler)')
    .option(
      '--no-response-check',
      "derived variants: do not compare their responses with the original's before sampling (for responses that differ for reasons that do not matter)",
    )
    .option('--no-imports', 'skip the import-time breakdown (one extra instrumented environment per scenario, never a sample)')
    .showHelpAfterError('(run with --help for all options)')
    .allowExcessArguments(false);
  return withReportOptions(command);
}

/** The options that shape a report rather than a measurement: the baseline and the traffic model. */
export interface ReportOptions {
  baseline?: string;
  rates: number[];
  idleReclaim: number;
  pingInterval: number;
  costMemory: number;
  price: Record<string, number>;
  /** An observe run whose recorded arrivals the report replays for every strategy. */
  trafficFrom?: string;
}

/** Adds the report options to a command (`coldbench` and `npm run report` share them). */
export function withReportOptions(command: Command): Command {
  return command
    .option('--baseline <variant>', 'the variant each scenario is compared against (default preload)')
    .addOption(
      new Option('--rates <list>', 'traffic model: arrival rates, per second or with /min, /h')
        .argParser(rateList)
        .default(DEFAULT_TRAFFIC.ratesPerSecond, '3.6/h,36/h,6/min,1/s,10/s'),
    )
    .option(
      '--idle-reclaim <s>',
      'traffic model: seconds until an idle environment is reclaimed (an assumption)',
      positive('--idle-reclaim', '600'),
      DEFAULT_TRAFFIC.idleReclaimSeconds,
    )
    .option(
      '--ping-interval <s>',
      'traffic model: seconds between keep-warm pings',
      positive('--ping-interval', '300'),
      DEFAULT_TRAFFIC.pingIntervalSeconds,
    )
    .option('--cost-memory <mb>', 'traffic model: memory size for cost when the run has none (local)', memoryOne, DEFAULT_TRAFFIC.memoryMb)
    .option(
      '--traffic-from <dir>',
      'traffic model: also replay the arrivals a `coldbench observe` run recorded (its folder), for every strategy',
    )
    .option('--price <key=usd>', `traffic model: override a price (repeatable; keys: ${PRICE_KEYS.join(', ')})`, priceEntry, {});
}

/** The traffic settings the options give. */
export function trafficFromOptions(o: ReportOptions): TrafficSettings {
  return {
    ratesPerSecond: o.rates,
    idleReclaimSeconds: o.idleReclaim,
    pingIntervalSeconds: o.pingInterval,
    memoryMb: o.costMemory,
    ...(Object.keys(o.price).length > 0 ? { prices: o.price } : {}),
  };
}

/** Report options that are each valid but do not fit together. */
export function reportOptionProblems(o: Pick<ReportOptions, 'pingInterval' | 'idleReclaim'>): string[] {
  return o.pingInterval >= o.idleReclaim
    ? [
        `--ping-interval ${o.pingInterval} is not below --idle-reclaim ${o.idleReclaim}: pings would arrive after the environment is gone; ping more often than environments are reclaimed`,
      ]
    : [];
}

/** Parses argv (without node and script); commander prints its messages through `write`, then throws. */
export function parseOptions(argv: string[], write: { out: (s: string) => void; err: (s: string) => void }): CliOptions {
  const command = buildCommand().exitOverride().configureOutput({ writeOut: write.out, writeErr: write.err });
  command.parse(argv, { from: 'user' });
  return command.opts<CliOptions>();
}

/** `--baseline NAME` must name a variant of every scenario it applies to. */
export function baselineOptionProblems(
  baseline: string | undefined,
  scenarios: readonly { name: string; variants: readonly { name: string }[] }[],
): string[] {
  if (baseline === undefined) return [];
  return scenarios
    .filter((s) => !s.variants.some((v) => v.name === baseline))
    .map(
      (s) =>
        `--baseline ${baseline}: scenario "${s.name}" has no variant of that name (it has ${s.variants.map((v) => v.name).join(', ')}); choose one of them or select scenarios with --only`,
    );
}
