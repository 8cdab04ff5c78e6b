/**
 * Imports scenario.ts files and validates them, in a short-lived process of
 * its own (run with the tsx loader), so that the measuring harness never
 * hosts a TypeScript compiler or loader thread while it times spawns.
 * argv: scenario files. Writes one JSON array of ValidationResult-like entries
 * to fd 3, then exits at once: a timer or socket a scenario file left open
 * does not keep it (or the harness waiting for it) alive. Before each import
 * it names the file on stderr (`coldbench-load: FILE`), so that a file whose
 * top-level code never finishes can be named.
 */
import { existsSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LOADING_PREFIX } from './load.js';
import { loadErrorText } from './load-error.js';
import { validateScenario, type ValidationResult } from './validate.js';

export type WorkerEntry = { file: string } & ValidationResult;

// A top-level await that nothing can settle: the event loop runs empty while the import waits.
// Node would exit with code 13 and a warning; instead the import ends with an error that says so.
class NeverSettled extends Error {}
let onStall: (() => void) | undefined;
process.on('beforeExit', () => {
  if (onStall) setImmediate(onStall);
});
function importOrStall(file: string): Promise<{ default?: unknown }> {
  return new Promise((resolve, reject) => {
    onStall = () => reject(new NeverSettled('its top-level await never settles (nothing was left that could settle it)'));
    import(pathToFileURL(file).href).then(resolve, reject);
  }).finally(() => (onStall = undefined)) as Promise<{ default?: unknown }>;
}

const entries: WorkerEntry[] = [];
for (const file of process.argv.slice(2)) {
  writeSync(2, `${LOADING_PREFIX}${file}\n`);
  try {
    const mod = await importOrStall(file);
    entries.push({ file, ...validateScenario(mod.default, file, existsSync) });
  } catch (error) {
    const why = error instanceof NeverSettled ? error.message : loadErrorText(file, error);
    entries.push({ file, ok: false, errors: [`${file}: cannot be loaded: ${why}; fix the file so that it imports without errors`] });
  }
}
const bytes = Buffer.from(JSON.stringify(entries));
for (let off = 0; off < bytes.length; ) off += writeSync(3, bytes, off);
process.exit(0);
