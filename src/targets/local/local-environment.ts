import { spawn, type ChildProcess } from 'node:child_process';
import type { Duplex, Readable } from 'node:stream';
import type { Json } from '../../scenario/types.js';
import { killGroup, track } from './child-registry.js';
import { OutputFile } from './output-file.js';
import { CHANNEL_FD, LineSplitter, parseMessage, type InitMessage, type ResponseMessage } from './protocol.js';

export interface EnvironmentSpec {
  /** Absolute path of the real interpreter executable. */
  interpreter: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  /** Keep the whole of stderr, not only its tail (the import-time breakdown environment reads it). */
  keepStderr?: boolean;
}

/** A response as the harness saw it: the bootstrap's message plus the harness's own clock. */
export interface TimedResponse extends ResponseMessage {
  /** Harness clock: request sent (or, for the first request, environment asked for) → response read. */
  e2eMs: number;
}

/** A request that got no response: INIT failed, the process died, or it ran past the time limit. */
export class EnvironmentFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'init-error' | 'export-missing' | 'crash' | 'timeout' | 'protocol',
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

type Waiter = { resolve: (r: TimedResponse) => void; reject: (e: EnvironmentFailure) => void; sentAt: number };

/**
 * One local environment: a fresh interpreter process running a runtime bootstrap.
 * node:child_process is used directly rather than execa because the spawn itself
 * is what is measured: the harness adds nothing between taking the start time and the spawn call.
 */
export class LocalEnvironment {
  /** Harness clock (performance.now) just before the process was spawned. */
  readonly startedAt: number;
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
  private exited = false;
  private readonly exitPromise: Promise<void>;

  constructor(private readonly spec: EnvironmentSpec) {
    this.stdout = new OutputFile();
    this.stderr = new OutputFile(spec.keepStderr);
    this.startedAt = performance.now();
    this.child = spawn(spec.interpreter, spec.args, {
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
        if (msg.t === 'init') {
          initDone = true;
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
          waiter.resolve({ ...msg, e2eMs: receivedAt - waiter.sentAt });
        } else if (msg.t === 'mem') {
          resolveMemory(msg.maxRssMb);
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
        await drained([this.channel], 250);
        this.exited = true;
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        this.fail(new EnvironmentFailure(`the environment process ${how}${initDone ? '' : ' during INIT'}${this.outputHint()}`, 'crash'));
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
    const sentAt = id === 1 ? this.startedAt : performance.now();
    return new Promise<TimedResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new EnvironmentFailure(`timed out after ${this.spec.timeoutMs} ms${id === 1 ? ' (INIT and first invoke)' : ''}${this.outputHint()}`, 'timeout'));
        killGroup(this.child);
      }, this.spec.timeoutMs);
      this.waiters.set(id, {
        sentAt,
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.channel.write(JSON.stringify({ id, event }) + '\n');
    });
  }

  /** What the handler printed last (stdout and stderr), for error messages. */
  output(): { stdout: string; stderr: string } {
    return { stdout: this.stdout.tail(), stderr: this.stderr.tail() };
  }

  /** The whole of stderr, for an environment started with `keepStderr` (read it after close()). */
  wholeStderr(): string {
    return this.stderr.whole();
  }

  /** Ends the environment: EOF on its request channel, then a kill if it does not exit promptly. */
  async close(graceMs = 1000): Promise<void> {
    if (!this.exited) {
      this.channel.end();
      const timer = setTimeout(() => killGroup(this.child), graceMs);
      await this.exitPromise;
      clearTimeout(timer);
    }
    killGroup(this.child); // anything the handler left running in its group
    this.stdout.close();
    this.stderr.close();
  }

  /** Kills the environment at once. */
  kill(): void {
    killGroup(this.child);
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
