import type { RuntimeName, Scenario, Variant } from '../scenario/types.js';

/** The real interpreter an environment runs, as recorded in run.json. */
export interface Interpreter {
  /** Absolute path of the real executable (never a version-manager shim). */
  path: string;
  version: string;
}

/** What the local runner needs to know about a runtime. */
export interface Runtime {
  name: RuntimeName;
  /** Finds the real interpreter, or throws an error that says how to get one. */
  resolveInterpreter(): Promise<Interpreter>;
  /** Arguments that start the bootstrap for one variant. */
  bootstrapArgs(scenario: Scenario, variant: Variant): string[];
}
