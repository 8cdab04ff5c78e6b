import type { ModuleFormat } from './js-ast.js';
import { jsString, relativeModuleUrl } from './literals.js';
import { ENSURE, PRELOAD } from './node-lazy.js';

/**
 * The entry modules of the derived Node lazy and initializer variants, and the
 * helpers the prewarmed wrapper shares. Every outside value (paths, file, module and export
 * names, the ping) enters the code through literals.ts: export names are
 * written as string export names (`export { h as "default" }`), so `default`
 * or a reserved word is a valid export; relative imports are URL-encoded.
 */

/** `export { local as "name" }` (ESM) or `exports["name"] = local;` (CommonJS): any export name, reserved words included. */
export const exportAs = (local: string, exportName: string, format: ModuleFormat) =>
  format === 'esm' ? `export { ${local} as ${jsString(exportName)} };` : `exports[${jsString(exportName)}] = ${local};`;

/** Code that picks the handler from a module namespace: the named export, else the same name on the default export (a CommonJS module imported from ESM). */
export const pickExport = (namespace: string, exportName: string) => {
  const name = jsString(exportName);
  return `(typeof ${namespace}[${name}] === 'function' ? ${namespace}[${name}] : ${namespace}.default?.[${name}])`;
};

/** The modules to import ahead of the first request (the original's first-request imports), as a JavaScript array literal. */
export const aheadList = (specifiers: readonly string[]) => `[${specifiers.map(jsString).join(', ')}]`;

/**
 * The entry module of a derived Node variant, around the lazy copy (`copyFile`,
 * a file name in the entry's folder): `lazy` awaits the copy's lazy modules at
 * the start of every request (those it could not defer to their uses: loaded on
 * the first, cached after), then calls the unchanged handler; `initializer`
 * loads every lazy module in an exported `initializer()` that runs during INIT,
 * then imports `ahead` (the modules the original loads during its first request,
 * by absolute file: URL or builtin name), so that they too are loaded before the
 * first request. The derived handler is async (Lambda accepts that for sync and
 * async handlers alike). Pure.
 */
export function nodeWrapper(input: {
  originalFile: string;
  copyFile: string;
  format: ModuleFormat;
  exportName: string;
  strategy: 'lazy' | 'initializer';
  ahead?: readonly string[];
}): string {
  const head = `// Derived by coldbench from ${jsString(input.originalFile)} (the original is not modified): the ${input.strategy} variant.\n`;
  const ahead = input.ahead ?? [];
  const aheadCode =
    ahead.length > 0
      ? `  // The modules the original loads during its first request, loaded here instead.\n  for (const specifier of ${aheadList(ahead)}) await import(specifier);\n`
      : '';
  if (input.format === 'esm') {
    const init =
      input.strategy === 'initializer' ? `\nexport async function initializer() {\n  await copy.${PRELOAD}();\n${aheadCode}}\n` : '';
    return `${head}import * as copy from ${jsString(relativeModuleUrl(input.copyFile))};\n\nconst original = ${pickExport('copy', input.exportName)};\n${init}\nasync function __coldbench_handler(event, context) {\n  await copy.${ENSURE}();\n  return original(event, context);\n}\n${exportAs('__coldbench_handler', input.exportName, 'esm')}\n`;
  }
  const init =
    input.strategy === 'initializer'
      ? `\nexports.initializer = async function initializer() {\n  copy.${PRELOAD}();\n${aheadCode}};\n`
      : '';
  return `${head}'use strict';\nconst copy = require(${jsString(`./${input.copyFile}`)});\n\nconst original = ${pickExport('copy', input.exportName)};\n${init}\nasync function __coldbench_handler(event, context) {\n  copy.${ENSURE}();\n  return original(event, context);\n}\n${exportAs('__coldbench_handler', input.exportName, 'cjs')}\n`;
}
