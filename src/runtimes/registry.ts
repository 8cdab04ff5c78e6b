import type { RuntimeName } from '../scenario/types.js';
import { nodeRuntime } from './node/node-runtime.js';
import { pythonRuntime } from './python/python-runtime.js';
import type { Runtime } from './runtime.js';

const runtimes: Partial<Record<RuntimeName, Runtime>> = { node: nodeRuntime, python: pythonRuntime };

/** The runtime for a scenario, or an error naming what is missing. */
export function runtimeFor(name: RuntimeName): Runtime {
  const runtime = runtimes[name];
  if (!runtime) throw new Error(`the ${name} runtime is not supported by the local target yet`);
  return runtime;
}
