import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { NODE_ENTRY, nodePackageFiles } from './lambda-package.js';
import { pathToFileURL } from 'node:url';
import { parseNodeImportTiming } from '../../imports/node-imports.js';
import { PACKAGE_ROOT } from '../../core/paths.js';
import type { Runtime } from '../runtime.js';

export const NODE_BOOTSTRAP = path.join(PACKAGE_ROOT, 'src', 'runtimes', 'node', 'bootstrap.mjs');
/** Preloaded (`--import`) in the import-time breakdown environment only. */
export const NODE_IMPORT_TIMING = path.join(PACKAGE_ROOT, 'src', 'runtimes', 'node', 'import-timing.mjs');

/** True when a package of this name is installed in a node_modules folder at or above `dir`. */
function packageInstalled(dir: string, name: string): boolean {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'node_modules', name, 'package.json'))) return true;
    if (path.dirname(at) === at) return false;
  }
}

/** Node runs on the interpreter that runs the harness, resolved through any symlink. */
export const nodeRuntime: Runtime = {
  name: 'node',
  async resolveInterpreter() {
    return { path: realpathSync(process.execPath), version: process.version.replace(/^v/, '') };
  },
  bootstrapArgs(scenario, variant) {
    const init = variant.initializer ? [variant.initializer.file, variant.initializer.exportName] : [];
    // Locally the memory size caps the JavaScript heap: a leak past it crashes the environment.
    const heap = scenario.memoryMb !== undefined ? [`--max-old-space-size=${scenario.memoryMb}`] : [];
    return [...heap, NODE_BOOTSTRAP, variant.handler.file, variant.handler.exportName, ...init];
  },
  environment() {
    return {};
  },
  importTimingArgs() {
    return ['--import', pathToFileURL(NODE_IMPORT_TIMING).href];
  },
  parseImportTiming: parseNodeImportTiming,
  async missingModules(_interpreter, scenario) {
    return scenario.requires.filter((name) => !packageInstalled(scenario.dir, name));
  },
  installHint(_interpreter, modules) {
    return `npm install ${modules.join(' ')}`;
  },
  async diskColdFiles() {
    // Every node_modules folder Node would search from the scenario folder.
    return { nodeModules: true, extraDirs: [] };
  },
  lambda: {
    // docs/aws.md: Lambda blocks creating nodejs20.x functions since 2026-08-31 (deprecated 2026-04-30), so it is not offered;
    // nodejs22.x deprecates 2027-04-30, nodejs24.x 2028-04-30; the newest is the default.
    runtimes: ['nodejs22.x', 'nodejs24.x'],
    defaultRuntime: 'nodejs24.x',
    snapStartRuntimes: [], // Lambda SnapStart supports Java, Python 3.12+ and .NET, not Node.js
    importTimingVariables: {},
    importTimingMethod:
      'ES modules: a module.register() load hook that times each module body; CommonJS: a wrapped Module.prototype._compile (an unbundled package, the handler imported dynamically by the instrumented entry; records returned in the response)',
    entry: NODE_ENTRY,
    packageFiles: (scenario, variant, options) => nodePackageFiles(scenario, variant, options),
  },
};
