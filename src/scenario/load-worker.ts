/**
 * Imports scenario.ts files and validates them, in a short-lived process of
 * its own (run with the tsx loader), so that the measuring harness never
 * hosts a TypeScript compiler or loader thread while it times spawns.
 * argv: scenario files. Writes one JSON array of ValidationResult-like entries to fd 3.
 */
import { existsSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { validateScenario, type ValidationResult } from './validate.js';

export type WorkerEntry = { file: string } & ValidationResult;

const entries: WorkerEntry[] = [];
for (const file of process.argv.slice(2)) {
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    entries.push({ file, ...validateScenario(mod.default, file, existsSync) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    entries.push({ file, ok: false, errors: [`${file}: cannot be loaded: ${message.split('\n')[0]}; fix the file so that it imports without errors`] });
  }
}
const bytes = Buffer.from(JSON.stringify(entries));
for (let off = 0; off < bytes.length; ) off += writeSync(3, bytes, off);
