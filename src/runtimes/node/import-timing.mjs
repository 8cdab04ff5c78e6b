// Import-time instrumentation for Node, preloaded with --import in the one
// extra environment per scenario that breaks INIT down by module. Never loaded
// in a measured environment.
//
// - ES modules: a module.register() load hook (import-timing-hooks.mjs) wraps
//   each module's source in enter()/exit() calls, which time the module's own
//   evaluation (its static imports are evaluated before its body starts).
// - CommonJS: Module.prototype._compile is wrapped, which times the module's
//   body including the require() calls it makes; a stack tells the parent.
// - The parent of a module loaded by import is the module that first resolved
//   it (the resolve hook reports it over a MessagePort).
// At exit, one line `coldbench-imports: {json}` goes to stderr; the harness
// parses it (src/imports/node-imports.ts).
import Module, { register } from 'node:module';
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';

const records = [];
const phases = {};
const firstParent = {};
const stack = []; // CommonJS modules being compiled: a require() chain (ES module bodies are not on it)
const entered = new Map();

const { port1, port2 } = new MessageChannel();
const noteParent = (m) => {
  firstParent[m.url] ??= m.parent;
};
port1.on('message', noteParent);
port1.unref();
// Messages still queued (the bootstrap blocks between requests, so the event loop may not have run): read them synchronously.
function drainParents() {
  for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) noteParent(m.message);
}
register('./import-timing-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });

globalThis[Symbol.for('coldbench.imports')] = {
  enter(url, parent) {
    entered.set(url, { start: performance.now(), parent });
  },
  exit(url) {
    const open = entered.get(url);
    if (!open) return;
    entered.delete(url);
    records.push({ url, format: 'esm', parent: open.parent ?? undefined, start: open.start, end: performance.now() });
  },
  phase(name) {
    phases[name] = performance.now();
  },
  /** The records so far as one `coldbench-imports: {json}` line (the AWS entry returns it in its first response; a Lambda process never exits). */
  report() {
    drainParents();
    return `coldbench-imports: ${JSON.stringify({ records, phases, firstParent })}`;
  },
};

const compile = Module.prototype._compile;
Module.prototype._compile = function timedCompile(content, filename, ...rest) {
  const url = pathToFileURL(filename).href;
  const parent = stack.at(-1);
  stack.push(url);
  const start = performance.now();
  try {
    return compile.call(this, content, filename, ...rest);
  } finally {
    stack.pop();
    records.push({ url, format: 'cjs', parent, start, end: performance.now() });
  }
};

process.on('exit', () => {
  const line = `${globalThis[Symbol.for('coldbench.imports')].report()}\n`;
  const bytes = Buffer.from(line);
  for (let off = 0; off < bytes.length; ) off += writeSync(2, bytes, off);
});
