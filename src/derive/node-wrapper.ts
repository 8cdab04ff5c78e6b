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
