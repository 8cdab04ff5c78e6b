/**
 * The report's note on work a handler left pending after its responses
 * (timers, threads, sockets, child processes): what it was, what Lambda does
 * with it, and what the local run did (samples.csv `pending_after`,
 * `frozen_after`, `cpu_after_ms`). Pure: rows in, markdown lines out; nothing
 * when no response left anything pending.
 */
import type { SampleRow } from '../core/model.js';
import { parsePending } from '../core/pending.js';
import { ms } from './format.js';

/** How a pending kind reads: singular and plural, by the runtime's own name (Node's resource types, Python's `Thread`). */
const WORDS: Record<string, readonly [string, string]> = {
  Timeout: ['timer', 'timers'],
  Immediate: ['setImmediate callback', 'setImmediate callbacks'],
  Thread: ['thread', 'threads'],
  TCPSocketWrap: ['socket', 'sockets'],
  TCPWRAP: ['socket', 'sockets'],
  TCPWrap: ['socket', 'sockets'],
  TLSWrap: ['TLS socket', 'TLS sockets'],
  TCPServerWrap: ['listening server', 'listening servers'],
  UDPWrap: ['UDP socket', 'UDP sockets'],
  PipeWrap: ['pipe', 'pipes'],
  PipeConnectWrap: ['pipe being connected', 'pipes being connected'],
  ProcessWrap: ['child process', 'child processes'],
  FSReqCallback: ['file operation', 'file operations'],
  FSReqPromise: ['file operation', 'file operations'],
  FileHandle: ['open file handle', 'open file handles'],
  GetAddrInfoReqWrap: ['DNS lookup', 'DNS lookups'],
  GetNameInfoReqWrap: ['DNS lookup', 'DNS lookups'],
  QueryReqWrap: ['DNS query', 'DNS queries'],
  TTYWrap: ['terminal stream', 'terminal streams'],
  StatWatcher: ['file watcher', 'file watchers'],
  FSEventWrap: ['file watcher', 'file watchers'],
};

/** I/O requests in flight (not handles that stay open): short ones usually complete on Lambda before the freeze. */
const IN_FLIGHT_IO = new Set([
  'FSReqCallback',
  'FSReqPromise',
  'GetAddrInfoReqWrap',
  'GetNameInfoReqWrap',
  'QueryReqWrap',
  'PipeConnectWrap',
  'TCPConnectWrap',
  'WriteWrap',
  'ShutdownWrap',
]);

/** One kind as people read it: `1 timer`, `2 threads`, `1–3 sockets`, `` 1 `SomeWrap` ``. */
function kindText(kind: string, min: number, max: number): string {
  const words = WORDS[kind] ?? [`\`${kind}\``, `\`${kind}\``];
  return `${min === max ? min : `${min}–${max}`} ${max === 1 ? words[0] : words[1]}`;
}

/** What one variant's rows say about pending work; undefined when no response left anything. */
export interface PendingSummary {
  variant: string;
  runtime: SampleRow['runtime'];
  /** Responses whose pending state is known (the bootstrap said). */
  responses: number;
  /** Of those, responses after which something was pending. */
  withPending: number;
  /** Per kind (the runtime's name): after how many responses, and the fewest and most at once; the most frequent first. */
  kinds: { kind: string; responses: number; min: number; max: number }[];
  /** Of the responses with pending work: how many the environment then waited frozen, not frozen (back to back), unknown (bare). */
  frozen: number;
  notFrozen: number;
  /** CPU used after those responses while frozen, where read: total and most after one response, ms. */
  cpuMs?: { total: number; max: number; responses: number };
}

/** Sums up the pending work of each variant's rows (in the order variants first appear); only variants that left some. */
export function pendingSummaries(rows: readonly SampleRow[]): PendingSummary[] {
  const byVariant = new Map<string, PendingSummary>();
  for (const row of rows) {
    const pending = parsePending(row.pendingAfter);
    if (pending === undefined) continue;
    let s = byVariant.get(row.variant);
    if (!s) {
      s = { variant: row.variant, runtime: row.runtime, responses: 0, withPending: 0, kinds: [], frozen: 0, notFrozen: 0 };
      byVariant.set(row.variant, s);
    }
    s.responses++;
    const kinds = Object.keys(pending).filter((k) => pending[k]! > 0);
    if (kinds.length === 0) continue;
    s.withPending++;
    for (const kind of kinds) {
      const n = pending[kind]!;
      const k = s.kinds.find((x) => x.kind === kind);
      if (k) {
        k.responses++;
        k.min = Math.min(k.min, n);
        k.max = Math.max(k.max, n);
      } else {
        s.kinds.push({ kind, responses: 1, min: n, max: n });
      }
    }
    if (row.frozenAfter === true) s.frozen++;
    else if (row.frozenAfter === false) s.notFrozen++;
    if (row.cpuAfterMs !== undefined) {
      const cpu = (s.cpuMs ??= { total: 0, max: 0, responses: 0 });
      cpu.total += row.cpuAfterMs;
      cpu.max = Math.max(cpu.max, row.cpuAfterMs);
      cpu.responses++;
    }
  }
  const left = [...byVariant.values()].filter((s) => s.withPending > 0);
  for (const s of left) s.kinds.sort((a, b) => b.responses - a.responses || a.kind.localeCompare(b.kind));
  return left;
}

const LAMBDA =
  'On Lambda the execution environment is frozen once the response is sent and the runtime waits for the next request: what is still pending then resumes only when the next request arrives (it then runs during that request, and is billed with it), or never, if the environment is reclaimed first.';

/** Node, with I/O in flight: Lambda's runtime usually lets it complete before the freeze. */
const NODE_IO_ON_LAMBDA =
  "Short I/O in flight (file operations, DNS lookups) mostly completes on Lambda before the freeze, since the runtime's event loop keeps turning until then.";

/** Kinds that run on their own, without the event loop: a child process, a thread. */
const OWN_RUNNERS = new Set(['ProcessWrap', 'Thread']);

/** Node, with work that needs the event loop (all but child processes): what the local bootstrap does with it. */
const NODE_LOOP_SECTION =
  "In a Node environment here, frozen or not, timers and I/O callbacks run only once a later request awaits something, if ever: coldbench's Node bootstrap blocks reading the next request instead of turning the event loop.";

/** What the local run did with the pending work of one variant. */
function localText(s: PendingSummary, onlyLoopWork: boolean): string {
  const unknown = s.withPending - s.frozen - s.notFrozen;
  if (unknown === s.withPending)
    return `Here the environment was not frozen between requests (a bare process, no sandbox: see the environments row above)${onlyLoopWork ? '.' : ', so this work could run between them, unlike on Lambda.'}`;
  const parts = [`Here the environment was frozen after ${s.frozen} of these ${s.withPending} responses`];
  if (s.notFrozen > 0)
    parts.push(
      `; after the other ${s.notFrozen} the next request followed back to back (the warm-sample loop, which keeps the environment thawed as Lambda does under steady traffic)${onlyLoopWork ? '' : ', so the work could run in between'}`,
    );
  if (unknown > 0) parts.push(`; for ${unknown} it is not known`);
  let text = `${parts.join('')}.`;
  if (s.cpuMs)
    text += ` While frozen after them it used ${ms(s.cpuMs.total)} of CPU in all (at most ${ms(s.cpuMs.max)} after one response): what ran before the freeze took hold.`;
  return text;
}

/** What the notes of these variants need said once: Node I/O in flight, Node work that needs the event loop. */
function needs(s: PendingSummary): { io: boolean; loopWork: boolean } {
  const node = s.runtime === 'node';
  return {
    io: node && s.kinds.some((k) => IN_FLIGHT_IO.has(k.kind)),
    loopWork: node && s.kinds.some((k) => !OWN_RUNNERS.has(k.kind)),
  };
}

/** One variant's note, as a markdown list item: what was pending and what the local run did (the section says what Lambda does, once). */
export function pendingNote(s: PendingSummary): string {
  const kinds = s.kinds;
  const what =
    kinds.length === 1
      ? `${kindText(kinds[0]!.kind, kinds[0]!.min, kinds[0]!.max)} pending after ${s.withPending} of ${s.responses} responses`
      : `work pending after ${s.withPending} of ${s.responses} responses: ${kinds.map((k) => `${kindText(k.kind, k.min, k.max)} (after ${k.responses})`).join(', ')}`;
  const onlyLoopWork = s.runtime === 'node' && kinds.every((k) => !OWN_RUNNERS.has(k.kind));
  return `- **${s.variant}**: ${what}. ${localText(s, onlyLoopWork)}`;
}

/**
 * The report's lines on work left pending after responses, for one section's
 * rows: one paragraph that says what Lambda does with such work (and, for Node,
 * what the local bootstrap does), then one note per variant that left some; no
 * lines when none did (or when the rows do not say: runs before the column existed, AWS).
 */
export function backgroundSection(rows: readonly SampleRow[]): string[] {
  const summaries = pendingSummaries(rows);
  if (summaries.length === 0) return [];
  const io = summaries.some((s) => needs(s).io);
  const loopWork = summaries.some((s) => needs(s).loopWork);
  return [
    `Work left pending after responses (as the bootstrap saw it right after writing each response; see samples.csv \`pending_after\`). ${LAMBDA}${io ? ` ${NODE_IO_ON_LAMBDA}` : ''}${loopWork ? ` ${NODE_LOOP_SECTION}` : ''}`,
    '',
    ...summaries.map(pendingNote),
    '',
  ];
}
