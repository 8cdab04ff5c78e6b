import { spawn, type ChildProcess } from 'node:child_process';
import type { Duplex, Readable } from 'node:stream';
import type { Json } from '../../scenario/types.js';
import { killGroup, track } from './child-registry.js';
import { OutputFile } from './output-file.js';
import { CHANNEL_FD, GO_BYTE, LineSplitter, parseMessage, type InitMessage, type ResponseMessage } from './protocol.js';
import { EnvironmentSandbox, type SandboxStats } from './sandbox/environment-sandbox.js';
import type { SandboxRequest } from './sandbox/sandbox-request.js';
import type { SandboxHostOptions } from './sandbox/detect.js';
export type { SandboxRequest } from './sandbox/sandbox-request.js';
export type { SandboxStats } from './sandbox/environment-sandbox.js';

export interface EnvironmentSpec {
  /** Absolute path of the real interpreter executable. */
  interpreter: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  /** Keep the whole of stderr, not only its tail (the import-time breakdown environment reads it). */
  keepStderr?: boolean;
  /**
   * Run the environment in a Lambda-like sandbox (docs/sandbox.md): its own
   * cgroup (CPU share and memory limit of `memoryMb`, frozen between requests),
   * PID namespace, private /tmp and read-only code folder (`cwd`). Where the
   * machine cannot make one, the environment runs as a bare process and
   * `isolation` says why.
   */
  sandbox?: SandboxRequest;
  /** Tests of the fallbacks: force the util-linux launcher, or a sandbox without namespaces. */
  sandboxHost?: SandboxHostOptions;
}

/**
 * What became of an environment after one response (docs/sandbox.md, "What
 * freezing does to background work"). Filled in as the harness learns it:
 * `pending` from the bootstrap's after message, which follows the response
 * when the handler left something and always comes before the next response
 * (or the environment's end); `frozen` and `cpuMs` when the next request is
 * sent or the environment is closed. Read it then.
 */
export interface AfterResponse {
  /** What the handler left pending once the response was written, kind → count (`{}`: nothing). */
  pending: Record<string, number>;
  /** Sandboxed: whether the environment then waited frozen (false: the next request followed back to back, or it ended unfrozen). */
  frozen?: boolean;
  /** Sandboxed, when it waited after this response: CPU time its processes used from then until it was thawed or ended, in ms. */
  cpuMs?: number;
}

/** A response as the harness saw it: the bootstrap's message plus the harness's own clock. */
export interface TimedResponse extends ResponseMessage {
  /** Harness clock: request sent (or, for the first request, environment asked for) → response read. */
  e2eMs: number;
  /** What became of the environment after this response; complete once the next request was sent or the environment closed. */
  after: AfterResponse;
}

/** A request that got no response: INIT failed, the process died, or it ran past the time limit. */
export class EnvironmentFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'init-error' | 'export-missing' | 'crash' | 'timeout' | 'protocol' | 'out-of-memory',
    /** With `export-missing`: the variant field whose export is missing. */
    readonly field?: 'handler' | 'initializer',
  ) {
    super(message);
  }
}

/** Resolves when every stream has ended, or after `capMs`. */
function drained(streams: (Readable | null)[], capMs: number): Promise<void> {
  const ends = streams.map((s) => (s && !s.readableEnded ? new Promise<void>((r) => s.once('close', r)) : Promise.resolve()));
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((r) => (timer = setTimeout(r, capMs)));
  return Promise.race([Promise.all(ends).then(() => undefined), cap]).finally(() => clearTimeout(timer));
}

/** `sentAt: 'start'`: the first request, timed from the environment's start (known only once it started). */
type Waiter = { resolve: (r: TimedResponse) => void; reject: (e: EnvironmentFailure) => void; sentAt: number | 'start' };

/**
 * One local environment: a fresh interpreter process running a runtime bootstrap,
 * bare or in a sandbox (spec.sandbox).
 * node:child_process is used directly rather than execa because the spawn itself
 * is what is measured: the harness adds nothing between taking the start time and the spawn call.
 * A sandboxed environment is timed from the launcher's ready message instead
 * (the interpreter starts when the harness answers it): joining a cgroup costs
 * ~10 ms of kernel locking that is no part of a cold start (docs/sandbox.md).
 */
export class LocalEnvironment {
  /** Harness clock (performance.now) just before the interpreter started (NaN while a sandbox is being prepared). */
  startedAt: number;
  /** How the environment is isolated: describeSandbox's line ("sandbox: …" or "bare process: …"). */
  readonly isolation: string;
  /** Sandboxed: ms from the launcher's spawn to its ready message (cgroup join, namespaces, mounts), outside every measured interval. */
  preparationMs: number | undefined;
  private readonly spawnedAt: number;
  /** Resolves when INIT is done; rejects with an EnvironmentFailure when INIT fails or the process dies first. */
  readonly init: Promise<InitMessage>;
  private readonly child: ChildProcess;
  private readonly channel: Duplex;
  /** Peak resident memory in MB, reported once after the first response; undefined if the environment ends first. */
  readonly peakMemoryMb: Promise<number | undefined>;
  private readonly stdout: OutputFile;
  private readonly stderr: OutputFile;
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;
  private failure: EnvironmentFailure | undefined;
  /** The timeout of the request in flight (armWatchdog). */
  private watchdog: NodeJS.Timeout | undefined;
  private exited = false;
  private readonly exitPromise: Promise<void>;
  private readonly sandbox: EnvironmentSandbox | undefined;
  /** Sandboxed: the first request's line, held until the environment started (and, with an INIT boost, until INIT ended). */
  private heldRequest: string | undefined;
  private initEnded = false;
  /** close() was called: never freeze again (a frozen environment would not see its EOF). */
  private closing = false;
  /** Requests follow each other back to back (backToBack()): the sandbox stays thawed between them. */
  private burst = false;
  /** The last response: its id and what became of the environment after it. */
  private last: { id: number; after: AfterResponse } | undefined;
  /** Whether the environment is waiting idle (idle() was called) since the last response. */
  private idled = false;

  constructor(private readonly spec: EnvironmentSpec) {
    let command = spec.interpreter;
    let args = spec.args;
    let isolation = 'bare process: no sandbox was asked for';
    if (spec.sandbox) {
      const opened = EnvironmentSandbox.open(spec.sandbox, spec.interpreter, spec.args, spec.cwd, spec.env, spec.sandboxHost);
      if (opened instanceof EnvironmentSandbox) {
        this.sandbox = opened;
        ({ command, args } = opened);
        isolation = opened.description;
      } else {
        isolation = opened.bare;
      }
    }
    this.isolation = isolation;
    this.stdout = new OutputFile();
    this.stderr = new OutputFile(spec.keepStderr);
    this.spawnedAt = performance.now();
    this.startedAt = this.sandbox ? NaN : this.spawnedAt;
    this.child = spawn(command, args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', this.stdout.fd, this.stderr.fd, 'pipe'], // fd 3: the protocol channel, both ways
      detached: true, // own process group: killGroup takes the handler's children too
    });
    track(this.child);
    this.channel = this.child.stdio[CHANNEL_FD] as Duplex;
    this.channel.on('error', () => undefined); // EPIPE when the process died; reported via 'exit'

    let resolveInit!: (m: InitMessage) => void;
    let rejectInit!: (e: EnvironmentFailure) => void;
    this.init = new Promise((res, rej) => ((resolveInit = res), (rejectInit = rej)));
    this.init.catch(() => undefined); // observed through request() as well
    let initDone = false;

    const splitter = new LineSplitter();
    let resolveMemory!: (mb: number | undefined) => void;
    this.peakMemoryMb = new Promise((res) => (resolveMemory = res));
    this.channel.on('data', (chunk: Buffer) => {
      const receivedAt = performance.now();
      for (const line of splitter.push(chunk)) {
        const msg = parseMessage(line);
        if (msg.t === 'ready') {
          this.start();
        } else if (msg.t === 'init') {
          initDone = true;
          this.initEnded = true;
          this.sandbox?.initEnded();
          this.sendHeldRequest();
          resolveInit(msg);
        } else if (msg.t === 'init-error') {
          initDone = true;
          const kind = msg.code === 'export' ? 'export-missing' : 'init-error';
          this.fail(new EnvironmentFailure(`INIT failed: ${msg.error}`, kind, msg.field));
          rejectInit(this.failure!);
        } else if (msg.t === 'res') {
          const waiter = this.waiters.get(msg.id);
          if (!waiter) continue;
          this.waiters.delete(msg.id);
          // The parsed message becomes the response (no copy: this is on every warm round trip).
          const response = msg as TimedResponse;
          response.e2eMs = receivedAt - (waiter.sentAt === 'start' ? this.startedAt : waiter.sentAt);
          response.after = { pending: {} }; // nothing pending unless an after message follows
          this.last = { id: msg.id, after: response.after };
          this.idled = false;
          // The first response is followed by the peak-memory message: freeze after that one.
          if (msg.served !== 1) this.idleIfWaiting();
          waiter.resolve(response);
        } else if (msg.t === 'mem') {
          resolveMemory(msg.maxRssMb);
          this.idleIfWaiting();
        } else if (msg.t === 'after') {
          if (this.last?.id === msg.id) this.last.after.pending = msg.pending;
        } else {
          this.fail(new EnvironmentFailure(`the bootstrap sent something that is not a message: ${msg.line}`, 'protocol'));
        }
      }
    });

    this.exitPromise = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.exited = true;
        this.fail(new EnvironmentFailure(`could not start ${spec.interpreter}: ${error.message}`, 'crash'));
        if (!initDone) rejectInit(this.failure!);
        resolveMemory(undefined);
        resolve();
      });
      this.child.once('exit', async (code, signal) => {
        // Messages and output written just before the exit may still be in flight: read them first.
        // Sandboxed, the whole environment is gone by now; bare, a detached child may hold the channel open: never wait long.
        await drained([this.channel], 250);
        this.exited = true;
        const memory = this.sandbox?.memoryFailure();
        if (memory) {
          this.fail(new EnvironmentFailure(`${memory}${initDone ? '' : ' during INIT'}${this.outputHint()}`, 'out-of-memory'));
        } else {
          const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          this.fail(new EnvironmentFailure(`the environment process ${how}${initDone ? '' : ' during INIT'}${this.outputHint()}`, 'crash'));
        }
        if (!initDone) rejectInit(this.failure!);
        resolveMemory(undefined);
        resolve();
      });
    });
  }

  /**
   * Sends one request and resolves with its response. The first request's
   * e2e is measured from the spawn (start, INIT and invoke, as a cold start
   * is seen by a caller); later ones from the moment they are sent.
   */
  request(event: Json): Promise<TimedResponse> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const line = JSON.stringify({ id, event }) + '\n';
    if (id > 1 && this.sandbox) {
      // Thaw (and read the CPU used while idle) outside the timed interval.
      this.settleAfter(this.sandbox.busy());
    }
    return new Promise<TimedResponse>((resolve, reject) => {
      this.armWatchdog();
      const waiter: Waiter = { sentAt: 'start', resolve, reject };
      this.waiters.set(id, waiter);
      if (id === 1 && this.sandbox) {
        this.heldRequest = line;
        this.sendHeldRequest();
      } else {
        // A warm request is timed from its write: the harness's own bookkeeping above is not in it.
        if (id > 1) waiter.sentAt = performance.now();
        this.channel.write(line);
      }
    });
  }

  /**
   * Ends a request that takes longer than the timeout. One timer per
   * environment, re-armed at every send, instead of one per request: a
   * timer made and cleared per request cost about 1 µs of every warm round
   * trip (measured, Node: 29.3 → 25.3 and 31.3 → 28.9 µs, paired per block).
   * Requests go one at a time, so when it fires, the oldest request still
   * waiting was sent at least the timeout ago. Unreferenced: the child and its
   * channel keep the harness alive while anything is pending.
   */
  private armWatchdog(): void {
    if (this.watchdog) this.watchdog.refresh();
    else this.watchdog = setTimeout(() => this.timedOut(), this.spec.timeoutMs).unref();
  }

  private timedOut(): void {
    if (this.waiters.size === 0) return;
    const id = Math.min(...this.waiters.keys());
    this.fail(
      new EnvironmentFailure(
        `timed out after ${this.spec.timeoutMs} ms${id === 1 ? ' (INIT and first invoke)' : ''}${this.outputHint()}`,
        'timeout',
      ),
    );
    this.kill();
  }

  /**
   * Sandboxed: whether requests now follow each other back to back (a warm-sample
   * loop). Lambda freezes an environment only when no request is pending; under
   * back-to-back traffic it stays thawed. While on, the environment is not frozen
   * (nor its CPU time read) between responses and the next requests, so a warm
   * request is not timed with a thaw's wake-up in it; turned off, an environment
   * that is waiting is frozen at once. No effect on a bare process.
   */
  backToBack(on: boolean): void {
    this.burst = on;
    if (!on) this.idleIfWaiting();
  }

  /** Sandboxed: freezes the environment when it waits for nothing (no request pending, none coming back to back). */
  private idleIfWaiting(): void {
    if (!this.sandbox || this.idled || this.burst || this.closing || this.exited || !this.initEnded) return;
    if (this.waiters.size > 0 || this.heldRequest !== undefined) return;
    this.sandbox.idle();
    this.idled = true;
    if (this.last) this.last.after.frozen = this.sandbox.request.freeze;
  }

  /** A request is about to be sent, or the environment to end: what came after the last response is complete. */
  private settleAfter(cpuMs: number | undefined): void {
    if (!this.last || !this.sandbox) return;
    const after = this.last.after;
    after.frozen ??= false;
    if (this.idled && cpuMs !== undefined) after.cpuMs = cpuMs;
    this.idled = false;
  }

  /** Sandboxed: the launcher is ready; start the interpreter now (the cold start's clock starts here). */
  private start(): void {
    if (!Number.isNaN(this.startedAt)) return;
    this.startedAt = performance.now();
    this.preparationMs = this.startedAt - this.spawnedAt;
    this.channel.write(GO_BYTE);
    this.sendHeldRequest();
  }

  /** Sends the held first request once the environment started and, with an INIT boost, INIT ended and the CPU was switched. */
  private sendHeldRequest(): void {
    if (this.heldRequest === undefined || Number.isNaN(this.startedAt)) return;
    if (this.sandbox?.holdsFirstRequest && !this.initEnded) return;
    this.channel.write(this.heldRequest);
    this.heldRequest = undefined;
  }

  /** Sandboxed and pinned (running beside others): runs on every CPU again. */
  unpin(): void {
    this.sandbox?.unpin();
  }

  /** Runs a warm loop with the environment on the harness's CPU where the sandbox allows it (EnvironmentSandbox.besideHarness). */
  besideHarness<T>(work: () => Promise<T>): Promise<T> {
    return this.sandbox ? this.sandbox.besideHarness(work) : work();
  }

  /** What the sandbox saw (frozen time, CPU while idle, out-of-memory kills); undefined for a bare process. */
  sandboxStats(): SandboxStats | undefined {
    return this.sandbox?.stats();
  }

  /** What the handler printed last (stdout and stderr), for error messages. */
  output(): { stdout: string; stderr: string } {
    return { stdout: this.stdout.tail(), stderr: this.stderr.tail() };
  }

  /** The whole of stderr, for an environment started with `keepStderr` (read it after close()). */
  wholeStderr(): string {
    return this.stderr.whole();
  }

  /**
   * Ends the environment: EOF on its request channel, then a kill if it does
   * not exit promptly; then everything it started is killed (its process group
   * and, sandboxed, its PID namespace and cgroup) and the harness's end of the
   * channel is closed, so nothing the handler left can keep the harness alive.
   */
  async close(graceMs = 1000): Promise<void> {
    this.closing = true;
    if (!this.exited) {
      this.settleAfter(this.sandbox?.busy()); // a frozen environment would not see the EOF
      this.channel.end();
      const timer = setTimeout(() => this.kill(), graceMs);
      await this.exitPromise;
      clearTimeout(timer);
    }
    clearTimeout(this.watchdog);
    killGroup(this.child); // anything the handler left running in its group
    this.channel.destroy();
    await this.sandbox?.dispose();
    this.stdout.close();
    this.stderr.close();
  }

  /** Kills the environment at once. */
  kill(): void {
    killGroup(this.child);
    this.sandbox?.kill();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private fail(failure: EnvironmentFailure): void {
    if (this.failure) return; // keep the first cause (a timeout, not the kill that followed it)
    this.failure = failure;
    for (const waiter of this.waiters.values()) waiter.reject(failure);
    this.waiters.clear();
  }

  private outputHint(): string {
    const text = (this.stderr.tail() || this.stdout.tail()).trim();
    if (!text) return '';
    const all = text.split('\n');
    const last = all.slice(-6);
    // A crash prints its cause first and a long stack after it: keep the cause.
    const cause = all.slice(0, -6).find((l) => /FATAL ERROR|Error\b|Traceback/.test(l));
    return `; last output:\n${cause ? `${cause}\n…\n` : ''}${last.join('\n')}`;
  }
}
