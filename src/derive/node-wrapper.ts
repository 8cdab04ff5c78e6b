import type { ModuleFormat } from './js-ast.js';
import { jsString, pyLiteral, pyString, relativeModuleUrl } from './literals.js';
import { ENSURE, PRELOAD } from './node-lazy.js';

/**
 * Generated wrappers. Every outside value (paths, file, module and export
 * names, the ping) enters the code through literals.ts: export names are
 * written as string export names (`export { h as "default" }`), so `default`
 * or a reserved word is a valid export; relative imports are URL-encoded.
 */

/** `export { local as "name" }` (ESM) or `exports["name"] = local;` (CommonJS): any export name, reserved words included. */
const exportAs = (local: string, exportName: string, format: ModuleFormat) =>
  format === 'esm' ? `export { ${local} as ${jsString(exportName)} };` : `exports[${jsString(exportName)}] = ${local};`;

/** Code that picks the handler from a module namespace: the named export, else the same name on the default export (a CommonJS module imported from ESM). */
const pickExport = (namespace: string, exportName: string) => {
  const name = jsString(exportName);
  return `(typeof ${namespace}[${name}] === 'function' ? ${namespace}[${name}] : ${namespace}.default?.[${name}])`;
};

/** Modules to import ahead of the first request (see aheadImportsNode): a JS array literal of specifiers. */
const aheadList = (specifiers: readonly string[]) => `[${specifiers.map(jsString).join(', ')}]`;

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
export function nodeWrapper(input: { originalFile: string; copyFile: string; format: ModuleFormat; exportName: string; strategy: 'lazy' | 'initializer'; ahead?: readonly string[] }): string {
  const head = `// Derived by coldbench from ${jsString(input.originalFile)} (the original is not modified): the ${input.strategy} variant.\n`;
  const ahead = input.ahead ?? [];
  const aheadCode = ahead.length > 0 ? `  // The modules the original loads during its first request, loaded here instead.\n  for (const specifier of ${aheadList(ahead)}) await import(specifier);\n` : '';
  if (input.format === 'esm') {
    const init = input.strategy === 'initializer' ? `\nexport async function initializer() {\n  await copy.${PRELOAD}();\n${aheadCode}}\n` : '';
    return `${head}import * as copy from ${jsString(relativeModuleUrl(input.copyFile))};\n\nconst original = ${pickExport('copy', input.exportName)};\n${init}\nasync function __coldbench_handler(event, context) {\n  await copy.${ENSURE}();\n  return original(event, context);\n}\n${exportAs('__coldbench_handler', input.exportName, 'esm')}\n`;
  }
  const init = input.strategy === 'initializer' ? `\nexports.initializer = async function initializer() {\n  copy.${PRELOAD}();\n${aheadCode}};\n` : '';
  return `${head}'use strict';\nconst copy = require(${jsString(`./${input.copyFile}`)});\n\nconst original = ${pickExport('copy', input.exportName)};\n${init}\nasync function __coldbench_handler(event, context) {\n  copy.${ENSURE}();\n  return original(event, context);\n}\n${exportAs('__coldbench_handler', input.exportName, 'cjs')}\n`;
}

/** The condition a generated wrapper uses to recognise the keep-warm ping: a field test for coldbench's default ping, else a JSON comparison. */
function pingTest(ping: unknown, language: 'js' | 'py'): string {
  const isDefault = typeof ping === 'object' && ping !== null && !Array.isArray(ping) && Object.keys(ping).length === 1 && (ping as Record<string, unknown>).coldbench === 'prewarm';
  if (language === 'js') return isDefault ? `event?.coldbench === 'prewarm'` : `JSON.stringify(event) === ${jsString(JSON.stringify(ping))}`;
  return isDefault ? `isinstance(event, dict) and event.get('coldbench') == 'prewarm'` : `event == _PING`;
}

/**
 * The prewarmed variant: the unchanged handler, plus an answer to the keep-warm
 * ping that does not reach it (as a function kept warm by a schedule answers
 * its pings). The first ping also imports `ahead` (the modules the original
 * loads during its first request), as a warm-up that exercises the request
 * path would. An ES module that imports the original by its file: URL. Pure.
 */
export function nodePrewarmWrapper(input: { originalFile: string; originalUrl: string; exportName: string; ping: unknown; ahead?: readonly string[] }): string {
  const ahead = input.ahead ?? [];
  const warm = ahead.length > 0 ? `    // The modules the original loads during its first request, loaded by the ping instead.\n    for (const specifier of ${aheadList(ahead)}) await import(specifier);\n` : '';
  return `// Derived by coldbench from ${jsString(input.originalFile)} (the original is not modified): the prewarmed variant, the handler as written plus an answer to the keep-warm ping.
import * as original from ${jsString(input.originalUrl)};

const handle = ${pickExport('original', input.exportName)};

async function __coldbench_handler(event, context) {
  if (${pingTest(input.ping, 'js')}) {
${warm}    return { warm: true };
  }
  return handle(event, context);
}
${exportAs('__coldbench_handler', input.exportName, 'esm')}
`;
}

/** Python: `import MODULE` by its escaped name, and the export read with getattr (any name). */
export function pythonImportOriginal(originalModule: string, exportName: string): string[] {
  return [
    `_MODULE = ${pyString(originalModule)}`,
    `_EXPORT = ${pyString(exportName)}`,
    '__import__(_MODULE)',
    '_handler = getattr(sys.modules[_MODULE], _EXPORT)  # the unchanged handler',
  ];
}

/**
 * The Python twin of nodePrewarmWrapper: imported from its own folder, it
 * hands sys.path[0] back to the original folder; the first ping imports
 * `ahead` (the modules the original imports during its first request). Pure.
 */
export function pythonPrewarmWrapper(input: { originalFile: string; originalDir: string; originalModule: string; exportName: string; ping: unknown; ahead?: readonly string[] }): string {
  const ahead = input.ahead ?? [];
  return [
    `# Derived by coldbench from ${pyString(input.originalFile)} (the original is not modified): the prewarmed variant,`,
    '# the handler as written plus an answer to the keep-warm ping.',
    'import sys',
    '',
    `sys.path[0] = ${pyString(input.originalDir)}`,
    `_PING = ${pyLiteral(input.ping)}`,
    `_AHEAD = (${ahead.map((m) => `${pyString(m)}, `).join('')})  # imported by the original's first request; the ping imports them`,
    ...pythonImportOriginal(input.originalModule, input.exportName),
    '',
    '',
    'def _coldbench_prewarmed(event, context):',
    `    if ${pingTest(input.ping, 'py')}:`,
    '        for name in _AHEAD:',
    '            try:',
    '                __import__(name)',
    '            except ImportError:',
    '                pass  # the request path will meet the same error where the handler imports it',
    "        return {'warm': True}",
    '    return _handler(event, context)',
    '',
    '',
    'globals()[_EXPORT] = _coldbench_prewarmed',
  ].join('\n') + '\n';
}
