import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The coldbench package folder, found from this file whether it runs from src/ (tests) or dist/src/ (builds). */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('coldbench: cannot find its own package.json');
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();
export const BUNDLED_SCENARIOS_DIR = path.join(PACKAGE_ROOT, 'scenarios');
/** Whether coldbench runs from an installed package (node_modules/coldbench) rather than its own repository. */
export const INSTALLED = PACKAGE_ROOT.split(path.sep).includes('node_modules');
/** Where runs go without --out: results/ of the repository, or of the current folder when coldbench is an installed package. */
export const RESULTS_DIR = INSTALLED ? path.join(process.cwd(), 'results') : path.join(PACKAGE_ROOT, 'results');

/** File name of a run's import-time breakdown as the report renders it (imports.csv is the flat table for people and scripts). */
export const IMPORTS_JSON = 'imports.json';
