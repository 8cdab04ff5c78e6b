import { realpathSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../paths.js';
import type { Runtime } from '../runtime.js';

export const NODE_BOOTSTRAP = path.join(PACKAGE_ROOT, 'src', 'runtimes', 'node', 'bootstrap.mjs');

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
};
