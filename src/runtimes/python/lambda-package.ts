import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Scenario, Variant } from '../../scenario/types.js';
import type { PackageOptions } from '../lambda.js';
import { strategyOf } from '../../core/strategies.js';
import { posix, walk } from '../package-files.js';
import { pythonEntrySource } from './lambda-entry.js';

/** File name and Lambda `Handler` setting of the generated Python entry. */
export const PYTHON_ENTRY = { file: 'coldbench_entry.py', handler: 'coldbench_entry.handler' } as const;

/** A Python variant's package: the scenario folder's files (no bytecode, no scenario.ts) and the entry. */
export async function pythonPackageFiles(scenario: Scenario, variant: Variant, options?: PackageOptions): Promise<Map<string, Uint8Array>> {
  const moduleName = (file: string) => posix(path.relative(scenario.dir, file)).replace(/\.py$/, '').split('/').join('.');
  const files = new Map<string, Uint8Array>();
  for (const file of walk(
    scenario.dir,
    (name) => name !== '__pycache__' && name !== 'node_modules' && !name.startsWith('.') && !/^scenario\.(ts|mts|mjs|js)$/.test(name),
  )) {
    files.set(posix(path.relative(scenario.dir, file)), readFileSync(file));
  }
  files.set(
    PYTHON_ENTRY.file,
    Buffer.from(
      pythonEntrySource({
        handlerModule: moduleName(variant.handler.file),
        handlerExport: variant.handler.exportName,
        ...(variant.initializer
          ? { initializerModule: moduleName(variant.initializer.file), initializerExport: variant.initializer.exportName }
          : {}),
        ...(options?.importTiming ? { importTiming: true } : {}),
        ...(strategyOf(variant.strategy).restoresSnapshot ? { restoreHook: true } : {}),
      }),
    ),
  );
  return files;
}
