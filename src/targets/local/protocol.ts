/**
 * Messages between the harness and a runtime bootstrap, on one socket pair at
 * the environment's fd 3: requests go in, messages come back, one JSON object
 * per line, so that nothing the handler prints on stdout/stderr can corrupt them.
 * (One bidirectional channel rather than two pipes: every pipe adds to the
 * spawn, and the spawn is inside every cold e2e.)
 */
import type { Json } from '../../scenario/types.js';

/** File descriptor of the channel in the environment: requests are read from it, messages written to it. */
export const CHANNEL_FD = 3;

export interface InvokeRequest {
  id: number;
  event: Json;
}

/** INIT finished: module loaded and initializer (if any) ran. */
export interface InitMessage {
  t: 'init';
  env: string;
  initMs: number;
}

/** INIT failed. `code` is `export` when the module loaded but the named export is not a function (a configuration error). */
export interface InitErrorMessage {
  t: 'init-error';
  env: string;
  code: 'export' | 'error';
  /** With code `export`: which reference lacks its export. */
  field?: 'handler' | 'initializer';
  error: string;
}

/**
 * Peak resident memory, sent once, right after the first response: reading it
 * costs ~0.2 ms, which would otherwise be inside the cold e2e.
 */
export interface MemoryMessage {
  t: 'mem';
  env: string;
  maxRssMb: number;
}

/** One invocation finished. `served` counts the requests this environment has handled, this one included. */
export interface ResponseMessage {
  t: 'res';
  id: number;
  env: string;
  served: number;
  invokeMs: number;
  ok: boolean;
  body?: Json;
  error?: string;
}

/**
 * Sent after a response when the handler left something pending, once the
 * response line is written (after the first, before the memory message, on
 * which the harness freezes the environment), never
 * inside a timed interval: what was pending at that moment, kind → count, by
 * the runtime's own names. Node: process.getActiveResourcesInfo() (`Timeout`,
 * `Immediate`, `TCPSocketWrap`, `ProcessWrap`, `FSReqCallback`, …) but for
 * `CloseReq`, a file being closed, which Node's module loader leaves too;
 * Python: `Thread`, threads other than the main one still running. No message
 * means nothing was pending: a message on every response would put its write
 * and its read into the next warm request's time whenever requests come back
 * to back (measured: +5–9 µs on a 25–35 µs round trip). It always arrives
 * before the next response, or before the environment's end.
 */
export interface AfterMessage {
  t: 'after';
  id: number;
  pending: Record<string, number>;
}

/**
 * Sent by the sandbox launcher (not the bootstrap) when the environment's
 * sandbox is ready: the interpreter starts when the harness answers with one
 * byte (GO_BYTE) on the channel, and the cold start is timed from there.
 */
export interface ReadyMessage {
  t: 'ready';
}

/** The harness's answer to ReadyMessage: the launcher reads exactly this one byte before the interpreter starts. */
export const GO_BYTE = '\n';

export type BootstrapMessage = InitMessage | InitErrorMessage | ResponseMessage | MemoryMessage | AfterMessage | ReadyMessage;

/**
 * Splits a byte stream into lines. Feed chunks; get back the complete lines.
 * Splitting on the newline byte is safe for UTF-8, which never uses 0x0a inside a character.
 */
export class LineSplitter {
  private pending: Buffer[] = [];

  push(chunk: Buffer): string[] {
    // The usual case, kept cheap because it is on every warm round trip: one chunk, one whole line.
    if (this.pending.length === 0 && chunk.indexOf(10) === chunk.length - 1) return [chunk.toString('utf8', 0, chunk.length - 1)];
    const lines: string[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.pending.push(chunk.subarray(start, nl));
      lines.push(Buffer.concat(this.pending).toString('utf8'));
      this.pending = [];
      start = nl + 1;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
    return lines;
  }
}

/** Parses one line from a bootstrap; a line that is not a known message is reported as a protocol error. */
export function parseMessage(line: string): BootstrapMessage | { t: 'invalid'; line: string } {
  try {
    const msg = JSON.parse(line) as { t?: unknown };
    if (msg && (msg.t === 'init' || msg.t === 'init-error' || msg.t === 'res' || msg.t === 'mem' || msg.t === 'after' || msg.t === 'ready'))
      return msg as BootstrapMessage;
  } catch {
    // fall through
  }
  return { t: 'invalid', line: line.slice(0, 200) };
}
