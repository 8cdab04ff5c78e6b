import { createHash } from 'node:crypto';
import { runtimeFor } from '../../runtimes/registry.js';
import { PackagingError, type PackageOptions } from '../../runtimes/lambda.js';
import type { Scenario, Variant } from '../../scenario/types.js';
import { deterministicZip } from './zip.js';

export { PackagingError, type PackageOptions };

/** Lambda's limit for a zip uploaded with the CreateFunction call itself. */
export const MAX_DIRECT_UPLOAD_BYTES = 50 * 2 ** 20;

/** One variant's deployment package. */
export interface VariantPackage {
  zip: Uint8Array;
  /** Lambda `Handler`: always the generated entry. */
  handler: string;
  /** Lambda `Runtime`. */
  runtime: string;
  /** Lambda layer ARNs the scenario declares (Python dependency sources, for example). */
  layers: string[];
  /** Paths inside the zip, sorted. */
  files: string[];
  sizeBytes: number;
  sha256: string;
}

/** Packages one variant: Node as an esbuild bundle (default) or unbundled with node_modules, Python with its module files. */
export async function packageVariant(
  scenario: Scenario,
  variant: Variant,
  options: PackageOptions,
  runtime?: string,
): Promise<VariantPackage> {
  const lambda = runtimeFor(scenario.runtime).lambda;
  const files = await lambda.packageFiles(scenario, variant, options);
  const zip = deterministicZip(files);
  if (zip.length > MAX_DIRECT_UPLOAD_BYTES) {
    throw new PackagingError(
      `${scenario.file}: variant "${variant.name}" packs to ${(zip.length / 2 ** 20).toFixed(1)} MB, over the 50 MB Lambda accepts in a direct upload${options.unbundled ? '; drop --unbundled to ship one esbuild bundle' : '; move large dependencies to a layer (scenario field "aws.layers")'}`,
    );
  }
  return {
    zip,
    handler: lambda.entry.handler,
    runtime: runtime ?? lambda.defaultRuntime,
    layers: scenario.aws?.layers ?? [],
    files: [...files.keys()].sort(),
    sizeBytes: zip.length,
    sha256: createHash('sha256').update(zip).digest('base64'),
  };
}
