/**
 * What a runtime contributes to the AWS target: its Lambda runtimes, the
 * generated entry that wraps a variant's handler, and the files of a package.
 */
import type { Scenario, Variant } from '../scenario/types.js';

/**
 * The generated entry module every packaged variant runs as its Lambda handler.
 *
 * It wraps the variant's handler so that each response says which execution
 * environment answered and how many requests that environment has served
 * (`{ coldbench: { env, served }, body }`): a cold sample is checked, not assumed.
 * For the `initializer` strategy it calls the initializer while the module
 * loads (top-level await in ESM, module level in Python), so that its cost
 * lands in Lambda's INIT phase (`Init Duration`), as with Alibaba FC's initializer.
 */

export interface LambdaEntryInput {
  /** Module specifier of the handler module relative to the entry (`./lazy.mjs`; for Python the module name `lazy`). */
  handlerModule: string;
  handlerExport: string;
  initializerModule?: string;
  initializerExport?: string;
  /** The instrumented entry of the import-time breakdown (never measured): times every module the handler loads and returns the records in its first response. */
  importTiming?: boolean;
  /** SnapStart variants: register an after-restore hook that gives each restored environment its own id. */
  restoreHook?: boolean;
}

/** Options of a package. */
export interface PackageOptions {
  /** Node: ship the handler files and the node_modules packages they use instead of one esbuild bundle. */
  unbundled: boolean;
  /** The import-time breakdown's package: the instrumented entry (and for Node, unbundled, with the timing modules), so that each module loads on its own. */
  importTiming?: boolean;
}

/** A problem that stops packaging, naming the scenario file and the fix. */
export class PackagingError extends Error {}

/** A runtime's Lambda side. */
export interface LambdaSupport {
  /** Lambda managed runtimes this runtime can deploy to, newest last. */
  runtimes: readonly string[];
  /** The one used unless the scenario or a flag says otherwise. */
  defaultRuntime: string;
  /** The runtimes Lambda SnapStart supports (empty: none; then the snapstart strategy is refused for this runtime). */
  snapStartRuntimes: readonly string[];
  /** Variables the instrumented breakdown function gets besides the entry's own instrumentation. */
  importTimingVariables: Readonly<Record<string, string>>;
  /** How the breakdown's times are taken on Lambda, for the report. */
  importTimingMethod: string;
  /** File name and Lambda `Handler` setting of the generated entry. */
  entry: { file: string; handler: string };
  /** The files of one variant's deployment package (paths inside the zip → bytes), entry included. */
  packageFiles(scenario: Scenario, variant: Variant, options: PackageOptions): Promise<Map<string, Uint8Array>>;
}
