import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Literals for generated code. Every value that comes from outside coldbench (a
 * path, a file or module name, an export name, an event) enters generated
 * source through one of these, never pasted. They produce ASCII only, so a line
 * break, U+2028/U+2029 or a lone surrogate in a name cannot end a comment or a
 * string, in JavaScript or Python.
 */

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A JavaScript string literal of `value`: JSON.stringify, with everything outside printable ASCII as `\uXXXX`. Pure. */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}

/**
 * A Python string literal of `value`, code point by code point (`\xHH`,
 * `\uHHHH`, `\UHHHHHHHH` outside printable ASCII), so that astral characters
 * stay one code point (a JSON `\ud83d\ude00` pair would be two in Python). Pure.
 */
export function pyString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp >= 0x20 && cp <= 0x7e) out += ch;
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}'`;
}

/** A JSON value as a Python literal (None, True, False, numbers, strings through pyString, lists, dicts). Pure. */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'None';
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pyString(k)}: ${pyLiteral(v)}`)
    .join(', ')}}`;
}

/**
 * The relative import specifier (`./name`) of a file in the importing module's
 * folder, URL-encoded as an ES module specifier must be: pathToFileURL encodes
 * `#`, `?`, `%` and the rest, so `a#b.mjs` is `./a%23b.mjs`, not a fragment. Pure.
 */
export function relativeModuleUrl(fileName: string): string {
  const href = pathToFileURL(path.join('/', fileName)).href;
  return `./${href.slice(href.lastIndexOf('/') + 1)}`;
}
