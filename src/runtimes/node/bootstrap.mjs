// coldbench's Node bootstrap: one process is one environment. Kept lean on
// purpose (only modules Node has already loaded), because everything here is
// added to every cold start that coldbench measures.
//
// argv: handlerFile handlerExport [initializerFile initializerExport]
// fd 3: the channel (a socket pair): requests from the harness are read from it,
//       one JSON line each, EOF ends the environment; messages to the harness
//       (init, init-error, res, mem, after) are written to it, one JSON line each.
// stdout/stderr belong to the handler.
import { readSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [handlerFile, handlerExport, initFile, initExport] = process.argv.slice(2);
const env = `${process.pid.toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'coldbench';
const memoryLimitInMB = process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '';
const timeoutMs = Number(process.env.COLDBENCH_TIMEOUT_MS ?? 10000);

/**
 * Monotonic ms, for INIT and invoke durations. process.hrtime rather than performance.now:
 * the `performance` global loads perf_hooks (11 modules, ~0.7 ms of CPU at every cold start,
 * measured); with hrtime the bootstrap loads exactly the modules a direct run of the handler does.
 */
function nowMs() {
  const t = process.hrtime();
  return t[0] * 1e3 + t[1] / 1e6;
}

function send(message) {
  const text = JSON.stringify(message) + '\n';
  const written = writeSync(3, text);
  const length = Buffer.byteLength(text);
  if (written < length) {
    // A message larger than the pipe takes in one write: send the rest.
    const bytes = Buffer.from(text);
    for (let off = written; off < length; ) off += writeSync(3, bytes, off);
  }
}

/** Text for anything a handler throws, never throwing itself (a Proxy, a toJSON and toString that throw, a Symbol). */
function describe(error) {
  try {
    if (error instanceof NeverSettled) return error.message;
    if (error instanceof Error) return error.stack || `${error.name}: ${error.message}`;
  } catch {} // a throwing stack getter or getPrototypeOf trap: describe it as a value
  try {
    const json = JSON.stringify(error);
    if (json !== undefined) return `thrown value: ${json}`; // undefined for a Symbol, a function, undefined
  } catch {}
  try {
    return `thrown value: ${String(error)}`; // String(), unlike a template, takes a Symbol
  } catch {}
  return `thrown value: a ${typeof error} whose toJSON and toString both throw`;
}

// A promise that nothing can settle any more (the handler's, the initializer's, a module's top-level
// await): Node would end the process with exit code 13 and no word. 'beforeExit' comes when the event
// loop has run empty; if the bootstrap is waiting on such a promise then, the wait ends with this error.
class NeverSettled extends Error {}
let onStall;
process.on('beforeExit', () => {
  if (onStall) setImmediate(onStall); // a macrotask keeps the loop alive, so that a later stall is seen too
});
/**
 * A promise of `value`'s outcome that rejects with a NeverSettled naming `what` when the event loop
 * runs empty first. One promise and no async frame: it is on every warm request of an async handler.
 */
function settled(value, what) {
  return new Promise((resolve, reject) => {
    onStall = () => (
      (onStall = undefined),
      reject(
        new NeverSettled(
          `${what} never settled: Node's event loop ran empty while waiting for it (no timer, socket or other work was left that could settle it), so the process would have ended with exit code 13; on Lambda it would run into the function's timeout. Settle the promise on every path`,
        ),
      )
    );
    Promise.resolve(value).then(
      (result) => ((onStall = undefined), resolve(result)),
      (error) => ((onStall = undefined), reject(error)),
    );
  });
}

// process.stdout/stderr are created on first use, which costs ~5 ms of CPU: note
// which ones the handler used, so that exit() flushes only those.
const usedStreams = new Set();
for (const name of ['stdout', 'stderr']) {
  const { get } = Object.getOwnPropertyDescriptor(process, name);
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: true,
    get() {
      usedStreams.add(name);
      return get.call(process);
    },
  });
}

// stdout/stderr are asynchronous for pipes: let what the handler printed reach the harness before exiting.
async function exit(code) {
  for (const name of usedStreams) await new Promise((resolve) => process[name].write('', resolve));
  process.exit(code);
}

function pick(mod, name) {
  const direct = mod[name];
  if (typeof direct === 'function') return direct;
  const viaDefault = mod.default?.[name]; // CommonJS whose exports Node could not detect statically
  return typeof viaDefault === 'function' ? viaDefault : undefined;
}

function context(requestId) {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName,
    functionVersion: '$LATEST',
    memoryLimitInMB,
    awsRequestId: String(requestId),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

// Set only in the import-time breakdown environment (import-timing.mjs); one lookup otherwise.
const importTiming = globalThis[Symbol.for('coldbench.imports')];

let handler;
importTiming?.phase('init-start');
const initStart = nowMs();
try {
  const mod = await settled(import(pathToFileURL(handlerFile).href), `the top-level await of ${handlerFile}`);
  handler = pick(mod, handlerExport);
  if (!handler) {
    send({ t: 'init-error', env, code: 'export', field: 'handler', error: `${handlerFile} has no exported function "${handlerExport}"` });
    await exit(1);
  }
  if (initFile) {
    const initMod =
      initFile === handlerFile ? mod : await settled(import(pathToFileURL(initFile).href), `the top-level await of ${initFile}`);
    const initializer = pick(initMod, initExport);
    if (!initializer) {
      send({ t: 'init-error', env, code: 'export', field: 'initializer', error: `${initFile} has no exported function "${initExport}"` });
      await exit(1);
    }
    await settled(initializer(context('init')), `the promise of the initializer "${initExport}"`);
  }
} catch (error) {
  send({ t: 'init-error', env, code: 'error', error: describe(error) });
  await exit(1);
}
const initMs = nowMs() - initStart;
importTiming?.phase('init-end');
send({ t: 'init', env, initMs });

// Blocking reads: between requests nothing of the handler runs, as in a
// frozen Lambda environment, and a request is picked up without an event-loop turn.
const chunk = Buffer.allocUnsafe(1 << 16);
let pending = null; // the pieces of a request line that arrives in many reads, joined once at its end
function nextRequest() {
  for (;;) {
    const n = readSync(3, chunk, 0, chunk.length, null);
    if (n === 0) return undefined;
    // The usual case: one read, one whole request (the harness sends one at a time, and JSON has no raw newline).
    if (pending === null && chunk[n - 1] === 10) return JSON.parse(chunk.toString('utf8', 0, n - 1));
    const end = chunk.subarray(0, n).indexOf(10);
    (pending ??= []).push(Buffer.from(chunk.subarray(0, end === -1 ? n : end)));
    if (end !== -1) {
      const line = Buffer.concat(pending).toString('utf8');
      pending = null; // the harness never sends a second request before this one is answered
      return JSON.parse(line);
    }
  }
}

async function serve() {
  let served = 0;
  for (let request = nextRequest(); request; request = nextRequest()) {
    served++;
    const start = nowMs();
    let ok = true;
    let body;
    try {
      body = handler(request.event, context(request.id));
      if (body && typeof body.then === 'function') body = await settled(body, "the handler's promise");
    } catch (error) {
      ok = false;
      body = describe(error);
    }
    const invokeMs = nowMs() - start;
    if (!ok) {
      send({ t: 'res', id: request.id, env, served, invokeMs, ok, error: body });
    } else {
      try {
        send({ t: 'res', id: request.id, env, served, invokeMs, ok, body });
      } catch (error) {
        send({
          t: 'res',
          id: request.id,
          env,
          served,
          invokeMs,
          ok: false,
          error: `the handler's response is not JSON-serializable: ${error.message}`,
        });
      }
    }
    // Before the peak memory: the harness freezes the environment on that message, and the after message
    // of the cold request must not wait for the thaw.
    sendAfter(request.id);
    if (served === 1) {
      // Peak memory, once, after the first response is out: getrusage costs ~0.2 ms, which would land in the cold e2e.
      send({ t: 'mem', env, maxRssMb: process.resourceUsage().maxRSS / 1024 });
      importTiming?.phase('first-request-end');
    }
  }
}

/**
 * After a response is out: what the handler left pending, if anything (Node's active resources, but for
 * files being closed, which the module loader leaves too). Nothing is sent when nothing is pending.
 */
function sendAfter(id) {
  let pending;
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind !== 'CloseReq') (pending ??= {})[kind] = (pending[kind] ?? 0) + 1;
  }
  if (pending) writeSync(3, `{"t":"after","id":${id},"pending":${JSON.stringify(pending)}}\n`);
}
await serve();
await exit(0);
