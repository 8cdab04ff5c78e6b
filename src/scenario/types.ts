import { RUNTIMES, STRATEGIES, type Json, type RuntimeName, type Strategy } from '../core/vocabulary.js';

export { RUNTIMES, STRATEGIES, type Json, type RuntimeName, type Strategy };

/** A variant as a scenario author writes it. */
export interface VariantInput {
  /** One of the four strategies; defaults to the variant's name when that is a strategy. */
  strategy?: Strategy;
  /** Lambda-style `file.export`, relative to the scenario folder (for example `lazy.handler`). */
  handler: string;
  /** `file.export` of a hook run once per environment before the first request; required for `initializer`. */
  initializer?: string;
}

/** A variant coldbench derives from the scenario's one `handler` instead of naming files (`derive: true`). */
export interface DerivedVariantInput {
  /** Defaults to the variant's name when that is a strategy. */
  strategy?: Strategy;
  derive: true;
}

/** A scenario as a scenario author writes it: the default export of `scenario.ts`. */
export interface ScenarioInput {
  name: string;
  description?: string;
  runtime: RuntimeName;
  /** The measured request. */
  event: Json;
  /** The keep-warm ping sent to `prewarmed` environments before the measured request. */
  prewarmEvent?: Json;
  /** Extra environment variables every environment of this scenario starts with. */
  env?: Record<string, string>;
  /** Per-request limit (the cold request's limit covers INIT too). */
  timeoutMs?: number;
  /**
   * Memory limit of each environment in MB, as Lambda's memory size. Locally it
   * caps the JavaScript heap (`--max-old-space-size`): a handler that leaks past
   * it crashes as it would on Lambda. Unset: no limit.
   */
  memoryMb?: number;
  /**
   * Modules the handlers need that may not be installed (Python: importable names such
   * as `numpy`; Node: package names). A scenario whose modules are missing is skipped
   * with a message that names them and how to install them; the rest of the run goes on.
   */
  requires?: string[];
  /** Python only: the interpreter to run (a path or a command); `--python` overrides it. Default /usr/bin/python3. */
  python?: string;
  /** AWS target only: what the deployment package needs besides the scenario folder. */
  aws?: AwsScenarioInput;
  /** With variants that say `derive: true`: the one function, as written, that they are derived from (`file.export`). */
  handler?: string;
  /** Modules the derived lazy and initializer variants load lazily; default: the heavy top-level imports (import breakdown). */
  lazy?: string[];
  variants: Record<string, VariantInput | DerivedVariantInput>;
}

/** AWS-only settings of a scenario. */
export interface AwsScenarioInput {
  /** Lambda layer ARNs every variant's function is created with (for example a Python dependency layer). */
  layers?: string[];
  /** The Lambda managed runtime (`nodejs24.x`, `python3.13`, …); default: the runtime's default, or --lambda-runtime. */
  runtime?: string;
}

/** A reference to an exported function: `dir/file.export`. */
export interface FunctionRef {
  /** As written in the scenario, for messages. */
  ref: string;
  /** Absolute path of the resolved module file. */
  file: string;
  /** Name of the exported function. */
  exportName: string;
}

/** A validated, resolved variant. */
export interface Variant {
  name: string;
  strategy: Strategy;
  handler: FunctionRef;
  initializer?: FunctionRef;
  /**
   * The folder the handler's module name is relative to, when it is not the scenario
   * folder (Python: a derived variant's wrapper lives under the output folder).
   */
  root?: string;
}

/** A scenario's request to derive variants from one handler (see src/derive/). */
export interface DeriveRequest {
  /** The function as written. */
  handler: FunctionRef;
  /** Modules to load lazily, as the user named them; absent: the heavy top-level imports. */
  lazy?: string[];
  /** Where the lazy list comes from, for messages (`flag --lazy`, `field "lazy"`). */
  lazyFrom?: string;
  /** The variants to derive. */
  variants: { name: string; strategy: Strategy }[];
}

/** A validated, resolved scenario, ready to run. Plain data: it crosses process boundaries as JSON. */
export interface Scenario {
  name: string;
  description: string;
  runtime: RuntimeName;
  event: Json;
  prewarmEvent: Json;
  env: Record<string, string>;
  timeoutMs: number;
  memoryMb?: number;
  requires: string[];
  /** The interpreter the scenario names (Python), if any. */
  python?: string;
  /** Absolute path of the scenario folder (the "code root", like LAMBDA_TASK_ROOT). */
  dir: string;
  /** Absolute path of its `scenario.ts`, for messages. */
  file: string;
  /** AWS-only settings, as written. */
  aws?: AwsScenarioInput;
  variants: Variant[];
  /** Variants still to be derived from one handler (filled into `variants` by src/derive/ before the run). */
  derive?: DeriveRequest;
}

export const DEFAULT_PREWARM_EVENT: Json = { coldbench: 'prewarm' };
export const DEFAULT_TIMEOUT_MS = 10_000;
