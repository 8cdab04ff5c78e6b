import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import type { Scenario, Variant } from '../../scenario/types.js';
import { PackagingError, type PackageOptions } from '../lambda.js';
import { posix, relativeInside, statSafe, walk } from '../package-files.js';
import { NODE_IMPORT_TIMING_FILES, nodeEntrySource } from './lambda-entry.js';

/** File name and Lambda `Handler` setting of the generated Node entry. */
export const NODE_ENTRY = { file: 'coldbench_entry.mjs', handler: 'coldbench_entry.handler' } as const;

/** Derived variants import the original's modules by file: URL (they live in the run folder); esbuild resolves paths, so give it one. */
const fileUrlImports: Plugin = {
  name: 'coldbench-file-url-imports',
  setup(b) {
    b.onResolve({ filter: /^file:/ }, (args) => ({ path: fileURLToPath(args.path) }));
  },
};

function nodeEntry(scenario: Scenario, variant: Variant, importTiming = false): string {
  const spec = (file: string) => `./${posix(path.relative(scenario.dir, file))}`;
  return nodeEntrySource({
    handlerModule: spec(variant.handler.file),
    handlerExport: variant.handler.exportName,
    ...(variant.initializer
      ? { initializerModule: spec(variant.initializer.file), initializerExport: variant.initializer.exportName }
      : {}),
    ...(importTiming ? { importTiming } : {}),
  });
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function esbuildEntry(scenario: Scenario, variant: Variant): Promise<{ code: string; metafile: Metafile }> {
  try {
    const result = await build({
      stdin: { contents: nodeEntry(scenario, variant), resolveDir: scenario.dir, sourcefile: NODE_ENTRY.file, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      outfile: NODE_ENTRY.file,
      metafile: true,
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [fileUrlImports],
      // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
      banner: {
        js: 'import { createRequire as __coldbenchCreateRequire } from "node:module"; const require = __coldbenchCreateRequire(import.meta.url);',
      },
    });
    return { code: result.outputFiles[0]!.text, metafile: result.metafile };
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const detail =
      errors?.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`).join('; ') ?? (error as Error).message;
    throw new PackagingError(
      `${scenario.file}: variant "${variant.name}" cannot be bundled with esbuild: ${detail}; fix the import or install the missing package`,
    );
  }
}

/** A Node variant's package: one esbuild bundle of the entry (default), or unbundled with the node_modules packages it uses. */
export async function nodePackageFiles(scenario: Scenario, variant: Variant, options: PackageOptions): Promise<Map<string, Uint8Array>> {
  const { code, metafile } = await esbuildEntry(scenario, variant);
  const files = new Map<string, Uint8Array>();
  if (!options.unbundled && !options.importTiming) {
    files.set(NODE_ENTRY.file, Buffer.from(code));
    return files;
  }
  // Unbundled: the entry as written, the scenario files it reaches, and every node_modules package they use (whole).
  // The import-time breakdown's package is always unbundled (a bundle is one module), with the timing modules beside the entry.
  files.set(NODE_ENTRY.file, Buffer.from(nodeEntry(scenario, variant, options.importTiming)));
  if (options.importTiming) {
    for (const name of Object.values(NODE_IMPORT_TIMING_FILES)) files.set(name, readFileSync(path.join(HERE, name)));
  }
  const cwd = process.cwd();
  const packages = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    if (input.startsWith('<stdin>') || input.includes(':')) continue;
    const abs = path.resolve(cwd, input);
    if (abs === path.join(scenario.dir, NODE_ENTRY.file)) continue; // the generated entry (esbuild's stdin)
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
