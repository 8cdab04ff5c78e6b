import type { ImportRecord, ImportTiming } from '../imports/model.js';
export type { ImportTiming };
import type { RuntimeName, Scenario, Variant } from '../scenario/types.js';
import type { LambdaSupport } from './lambda.js';

/** The real interpreter an environment runs, as recorded in run.json. */
export interface Interpreter {
  /** Absolute path of the real executable (never a version-manager shim). */
  path: string;
  version: string;
  /** How module bytecode is cached for this interpreter's environments (Python), for run.json. */
  bytecode?: string;
}

/**
 * Everything that depends on the runtime, in one descriptor: the local
 * bootstrap, import timing, requirements, disk-cold folders and the Lambda side.
 * Adding a runtime is one folder under src/runtimes/ and one registry entry
 * (see docs/extending.md).
 */
export interface Runtime {
  name: RuntimeName;
  /**
   * Finds the real interpreter (`choice`: a path or command the user or the
   * scenario named, else the runtime's default), or throws an error that says how to get one.
   */
  resolveInterpreter(choice?: string): Promise<Interpreter>;
  /** Arguments that start the bootstrap for one variant under the given interpreter. */
  bootstrapArgs(scenario: Scenario, variant: Variant, interpreter: string): string[];
  /** Variables this runtime's environments start with, on top of the environment policy's. */
  environment(): Record<string, string>;
  /** Interpreter arguments, placed before the bootstrap's, that make an environment report its import times on stderr. */
  importTimingArgs(): string[];
  /** Reads those import times from the environment's whole stderr. */
  parseImportTiming(stderr: string): ImportTiming;
  /** The required modules (scenario field `requires`) that this interpreter cannot find from the scenario folder. */
  missingModules(interpreter: string, scenario: Scenario, env: Record<string, string>): Promise<string[]>;
  /** A command that installs the missing modules, for the skip message. */
  installHint(interpreter: string, modules: string[]): string;
  /** What --disk-cold evicts besides the scenario folder: node_modules folders Node would search, and other folders (Python: its packages, the bytecode cache). */
  diskColdFiles(interpreter: string, scenario: Scenario): Promise<{ nodeModules: boolean; extraDirs: string[] }>;
  /** The AWS target's side of the runtime. */
  lambda: LambdaSupport;
}
