/**
 * A row is complete only once the harness knows what came after its response:
 * what the handler left pending (the bootstrap's after message), whether the
 * environment then waited frozen, and the CPU it used until it was thawed for
 * the next request or ended (docs/sandbox.md). That is known when the next
 * response arrives or when the environment has been closed, so each row is held
 * until then and recorded in the order measured.
 */
import type { SampleKind, SampleRow } from '../../core/model.js';
import { formatPending } from '../../core/pending.js';
import type { RecordRow } from '../../run/target.js';
import type { AfterResponse } from './local-environment.js';

/** The samples.csv fields of what came after a response (those known). */
export function afterFields(after: AfterResponse): Partial<SampleRow> {
  return {
    pendingAfter: formatPending(after.pending),
    ...(after.frozen !== undefined ? { frozenAfter: after.frozen } : {}),
    ...(after.cpuMs !== undefined ? { cpuAfterMs: after.cpuMs } : {}),
  };
}

/** Holds the last row of an environment until what came after its response is known (see the module comment). Rows without a response hold `undefined`. */
export class AfterResponseRows {
  private held:
    | { kind: SampleKind; fields: Partial<SampleRow>; after: AfterResponse | undefined; measuredBeforeInterrupt: boolean }
    | undefined;

  /** `signal`: the run's interrupt; a row held before it fired is still recorded when flushed after it. */
  constructor(
    private readonly record: RecordRow,
    private readonly signal?: AbortSignal,
  ) {}

  /** Holds the row of a response, recording the row held before it (whose response came earlier). */
  hold(kind: SampleKind, fields: Partial<SampleRow>, after: AfterResponse | undefined): void {
    this.flush();
    this.held = { kind, fields, after, measuredBeforeInterrupt: this.signal?.aborted !== true };
  }

  /** Records the held row with what is known by now: call it when the next response arrived, or once the environment is closed. */
  flush(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.record(held.kind, held.after ? { ...held.fields, ...afterFields(held.after) } : held.fields, {
      measuredBeforeInterrupt: held.measuredBeforeInterrupt,
    });
  }
}
