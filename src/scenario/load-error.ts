import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'acorn';

/**
 * What went wrong when a scenario file was imported, in one line, with the
 * place (file:line:column) where there is one:
 * - esbuild's "Transform failed with 1 error:" is followed by the errors
 *   themselves, each with file:line:column: they are kept, not the header alone;
 * - Node's SyntaxError for a .mjs/.js file carries no place: the file is parsed
 *   again with acorn, whose error has one;
 * - an error thrown by the file's top-level code gets its frame in that file;
 *   a JSON file read with a byte order mark is named as such.
 */
export function loadErrorText(file: string, error: unknown): string {
  if (!(error instanceof Error)) return `threw ${String(error)}`;
  const lines = error.message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (/^Transform failed with \d+ errors?:?$/.test(lines[0] ?? '') && lines.length > 1) return lines.slice(1).join('; ');
  if (error.name === 'SyntaxError' && /\.(mjs|cjs|js)$/.test(file)) {
    const place = syntaxErrorPlace(file);
    if (place) return `${place}: SyntaxError: ${error.message}`;
  }
  const frame = frameIn(file, error.stack ?? '');
  // JSON.parse over a file saved with a byte order mark: the invisible character gets a name.
  const bom = error.message.includes('\uFEFF')
    ? ': the JSON starts with a byte order mark (BOM, U+FEFF); save the JSON file as UTF-8 without BOM'
    : '';
  return `${error.name}: ${lines.join('; ').replaceAll('\uFEFF', '<BOM>')}${bom}${frame ? ` (at ${frame})` : ''}`;
}

/** file:line:column of the first syntax error acorn finds in a JavaScript file, or undefined. */
function syntaxErrorPlace(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    parse(text, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true, allowAwaitOutsideFunction: true });
    return undefined;
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    return loc ? `${file}:${loc.line}:${loc.column + 1}` : undefined;
  }
}

/** The first stack frame in the file, as path:line:column. */
function frameIn(file: string, stack: string): string | undefined {
  const url = pathToFileURL(file).href;
  for (const line of stack.split('\n')) {
    const m = /\(?((?:file:\/\/)?\/[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const where = m[1]!.startsWith('file://') ? m[1]! : pathToFileURL(m[1]!).href;
    if (where === url) return `${m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]}:${m[2]}:${m[3]}`;
  }
  return undefined;
}
