import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import type { RuntimeName, Scenario, Variant } from '../../scenario/types.js';
import { ENTRY, nodeEntrySource, pythonEntrySource } from './entry.js';
import { deterministicZip } from './zip.js';

/** Lambda managed runtimes coldbench deploys to. */
export const LAMBDA_RUNTIMES: Record<RuntimeName, string> = { node: 'nodejs22.x', python: 'python3.12' };

/** Lambda's limit for a zip uploaded with the CreateFunction call itself. */
export const MAX_DIRECT_UPLOAD_BYTES = 50 * 2 ** 20;

export interface PackageOptions {
  /** Node: ship the handler files and the node_modules packages they use instead of one esbuild bundle. */
  unbundled: boolean;
}

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

/** Derived variants import the original's modules by file: URL (they live in the run folder); esbuild resolves paths, so give it one. */
const fileUrlImports: Plugin = {
  name: 'coldbench-file-url-imports',
  setup(b) {
    b.onResolve({ filter: /^file:/ }, (args) => ({ path: fileURLToPath(args.path) }));
  },
};

/** A problem that stops packaging, naming the scenario file and the fix. */
export class PackagingError extends Error {}

const posix = (p: string) => p.split(path.sep).join('/');

function relativeInside(scenario: Scenario, file: string, what: string): string {
  const rel = path.relative(scenario.dir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new PackagingError(`${scenario.file}: ${what} ${file} is outside the scenario folder; an unbundled package can only ship files under ${scenario.dir} (or drop --unbundled)`);
  }
  return posix(rel);
}

/** Packages one variant: Node as an esbuild bundle (default) or unbundled with node_modules, Python with its module files. */
export async function packageVariant(scenario: Scenario, variant: Variant, options: PackageOptions): Promise<VariantPackage> {
  const files = scenario.runtime === 'node' ? await nodeFiles(scenario, variant, options) : pythonFiles(scenario, variant);
  const zip = deterministicZip(files);
  if (zip.length > MAX_DIRECT_UPLOAD_BYTES) {
    throw new PackagingError(
      `${scenario.file}: variant "${variant.name}" packs to ${(zip.length / 2 ** 20).toFixed(1)} MB, over the 50 MB Lambda accepts in a direct upload${options.unbundled ? '; drop --unbundled to ship one esbuild bundle' : '; move large dependencies to a layer (scenario field "aws.layers")'}`,
    );
  }
  return {
    zip,
    handler: ENTRY[scenario.runtime].handler,
    runtime: LAMBDA_RUNTIMES[scenario.runtime],
    layers: scenario.aws?.layers ?? [],
    files: [...files.keys()].sort(),
    sizeBytes: zip.length,
    sha256: createHash('sha256').update(zip).digest('base64'),
  };
}

function nodeEntry(scenario: Scenario, variant: Variant): string {
  const spec = (file: string) => `./${posix(path.relative(scenario.dir, file))}`;
  return nodeEntrySource({
    handlerModule: spec(variant.handler.file),
    handlerExport: variant.handler.exportName,
    ...(variant.initializer ? { initializerModule: spec(variant.initializer.file), initializerExport: variant.initializer.exportName } : {}),
  });
}

async function esbuildEntry(scenario: Scenario, variant: Variant): Promise<{ code: string; metafile: Metafile }> {
  try {
    const result = await build({
      stdin: { contents: nodeEntry(scenario, variant), resolveDir: scenario.dir, sourcefile: ENTRY.node.file, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      outfile: ENTRY.node.file,
      metafile: true,
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [fileUrlImports],
      // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
      banner: { js: 'import { createRequire as __coldbenchCreateRequire } from "node:module"; const require = __coldbenchCreateRequire(import.meta.url);' },
    });
    return { code: result.outputFiles[0]!.text, metafile: result.metafile };
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const detail = errors?.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`).join('; ') ?? (error as Error).message;
    throw new PackagingError(`${scenario.file}: variant "${variant.name}" cannot be bundled with esbuild: ${detail}; fix the import or install the missing package`);
  }
}

async function nodeFiles(scenario: Scenario, variant: Variant, options: PackageOptions): Promise<Map<string, Uint8Array>> {
  const { code, metafile } = await esbuildEntry(scenario, variant);
  const files = new Map<string, Uint8Array>();
  if (!options.unbundled) {
    files.set(ENTRY.node.file, Buffer.from(code));
    return files;
  }
  // Unbundled: the entry as written, the scenario files it reaches, and every node_modules package they use (whole).
  files.set(ENTRY.node.file, Buffer.from(nodeEntry(scenario, variant)));
  const cwd = process.cwd();
  const packages = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    if (input.startsWith('<stdin>') || input.includes(':')) continue;
    const abs = path.resolve(cwd, input);
    if (abs === path.join(scenario.dir, ENTRY.node.file)) continue; // the generated entry (esbuild's stdin)
    const parts = abs.split(path.sep);
    const nm = parts.indexOf('node_modules');
    if (nm === -1) {
      files.set(relativeInside(scenario, abs, 'handler file'), readFileSync(abs));
      continue;
    }
    const last = parts.lastIndexOf('node_modules');
    const nameLength = parts[last + 1]?.startsWith('@') ? 2 : 1;
    packages.add(parts.slice(0, last + 1 + nameLength).join(path.sep));
  }
  for (const pkg of packages) {
    const parts = pkg.split(path.sep);
    const inZip = parts.slice(parts.indexOf('node_modules')).join('/');
    for (const file of walk(pkg)) files.set(`${inZip}/${posix(path.relative(pkg, file))}`, readFileSync(file));
  }
  const ownPackageJson = path.join(scenario.dir, 'package.json');
  if (statSafe(ownPackageJson)) files.set('package.json', readFileSync(ownPackageJson));
  return files;
}

function pythonFiles(scenario: Scenario, variant: Variant): Map<string, Uint8Array> {
  const moduleName = (file: string) => posix(path.relative(scenario.dir, file)).replace(/\.py$/, '').split('/').join('.');
  const files = new Map<string, Uint8Array>();
  for (const file of walk(scenario.dir, (name) => name !== '__pycache__' && name !== 'node_modules' && !name.startsWith('.') && !/^scenario\.(ts|mts|mjs|js)$/.test(name))) {
    files.set(posix(path.relative(scenario.dir, file)), readFileSync(file));
  }
  files.set(
    ENTRY.python.file,
    Buffer.from(
      pythonEntrySource({
        handlerModule: moduleName(variant.handler.file),
        handlerExport: variant.handler.exportName,
        ...(variant.initializer ? { initializerModule: moduleName(variant.initializer.file), initializerExport: variant.initializer.exportName } : {}),
      }),
    ),
  );
  return files;
}

function statSafe(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Files under a folder, recursively, in sorted order; `keep` filters entry names. */
function walk(dir: string, keep: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!keep(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, keep));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
