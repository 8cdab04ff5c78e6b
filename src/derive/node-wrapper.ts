import type { ModuleFormat } from './js-ast.js';
import { ENSURE, PRELOAD } from './node-lazy.js';

/**
 * The entry module of a derived Node variant, around the lazy copy (`copyFile`,
 * a path relative to the entry): `lazy` awaits the copy's lazy modules at the
 * start of every request (those it could not defer to their uses: loaded on the
 * first, cached after), then calls the unchanged handler; `initializer` loads
 * every lazy module in an exported `initializer()` that runs during INIT. The derived handler is async (Lambda accepts that for
 * sync and async handlers alike). Pure.
 */
export function nodeWrapper(input: { originalFile: string; copyFile: string; format: ModuleFormat; exportName: string; strategy: 'lazy' | 'initializer' }): string {
  const head = `// Derived by coldbench from ${input.originalFile} (the original is not modified): the ${input.strategy} variant.\n`;
  const pick = (m: string) => `(typeof ${m}[${JSON.stringify(input.exportName)}] === 'function' ? ${m}[${JSON.stringify(input.exportName)}] : ${m}.default?.[${JSON.stringify(input.exportName)}])`;
  const spec = JSON.stringify(`./${input.copyFile}`);
  if (input.format === 'esm') {
    const init = input.strategy === 'initializer' ? `\nexport async function initializer() {\n  await copy.${PRELOAD}();\n}\n` : '';
    return `${head}import * as copy from ${spec};\n\nconst original = ${pick('copy')};\n${init}\nexport async function ${input.exportName}(event, context) {\n  await copy.${ENSURE}();\n  return original(event, context);\n}\n`;
  }
  const init = input.strategy === 'initializer' ? `\nexports.initializer = async function initializer() {\n  copy.${PRELOAD}();\n};\n` : '';
  return `${head}'use strict';\nconst copy = require(${spec});\n\nconst original = ${pick('copy')};\n${init}\nexports.${input.exportName} = async function ${input.exportName}(event, context) {\n  copy.${ENSURE}();\n  return original(event, context);\n};\n`;
}

/** The condition a generated wrapper uses to recognise the keep-warm ping: a field test for coldbench's default ping, else a JSON comparison. */
function pingTest(ping: unknown, language: 'js' | 'py'): string {
  const isDefault = typeof ping === 'object' && ping !== null && !Array.isArray(ping) && Object.keys(ping).length === 1 && (ping as Record<string, unknown>).coldbench === 'prewarm';
  if (language === 'js') return isDefault ? `event?.coldbench === 'prewarm'` : `JSON.stringify(event) === ${JSON.stringify(JSON.stringify(ping))}`;
  return isDefault ? `isinstance(event, dict) and event.get('coldbench') == 'prewarm'` : `event == _PING`;
}

/**
 * The prewarmed variant: the unchanged handler, plus an answer to the keep-warm
 * ping that does not reach it (as a function kept warm by a schedule answers
 * its pings). An ES module that imports the original by its file: URL. Pure.
 */
export function nodePrewarmWrapper(input: { originalFile: string; originalUrl: string; exportName: string; ping: unknown }): string {
  const name = JSON.stringify(input.exportName);
  return `// Derived by coldbench from ${input.originalFile} (the original is not modified): the prewarmed variant, the handler as written plus an answer to the keep-warm ping.
import * as original from ${JSON.stringify(input.originalUrl)};

const handle = typeof original[${name}] === 'function' ? original[${name}] : original.default?.[${name}];

export async function ${input.exportName}(event, context) {
  if (${pingTest(input.ping, 'js')}) return { warm: true };
  return handle(event, context);
}
`;
}

/** The Python twin of nodePrewarmWrapper: imported from its own folder, it hands sys.path[0] back to the original folder. Pure. */
export function pythonPrewarmWrapper(input: { originalFile: string; originalDir: string; originalModule: string; exportName: string; ping: unknown }): string {
  return [
    `# Derived by coldbench from ${input.originalFile} (the original is not modified): the prewarmed variant,`,
    '# the handler as written plus an answer to the keep-warm ping.',
    'import sys',
    '',
    `sys.path[0] = ${JSON.stringify(input.originalDir)}`,
    `_PING = ${pyLiteral(input.ping)}`,
    '',
    `from ${input.originalModule} import ${input.exportName} as _original  # noqa: E402`,
    '',
    '',
    `def ${input.exportName}(event, context):`,
    `    if ${pingTest(input.ping, 'py')}:`,
    "        return {'warm': True}",
    '    return _original(event, context)',
  ].join('\n') + '\n';
}

/** A JSON value as a Python literal. */
function pyLiteral(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`).join(', ')}}`;
}
