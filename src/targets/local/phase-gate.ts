/**
 * Which phases of environments running side by side may overlap (docs/sandbox.md,
 * "Parallel environments"). Only the throttled part of a cold start overlaps:
 *
 * - **start and INIT** run one environment at a time (INIT is boosted to whole
 *   CPUs: two INITs at once would slow each other), beside others' throttled requests;
 * - **the cold request after INIT** (a throttled first invoke, seconds at 128 MB)
 *   runs beside any number of others, pinned off the harness's CPU; the number
 *   at once is bounded by the caller (quotas summing to at most cores − 1);
 * - **the warm loop** runs alone: no INIT and no other request anywhere (warm
 *   requests take tens of µs; a neighbour's wake-up or the harness's event loop
 *   serving another environment would be inside them). While one waits, no new
 *   environment starts, so it is not starved.
 *
 * Pure scheduling: no timers, no I/O. Turns are granted in the order asked.
 */
export class PhaseGate {
  private starting = false;
  private sharing = 0;
  private alone = false;
  private readonly waiting: { kind: 'start' | 'alone'; grant: () => void }[] = [];

  /** Waits for this environment's turn to start; the returned turn says when INIT ended and when its cold request is over. */
  async start(): Promise<StartTurn> {
    await this.wait('start');
    let phase: 'starting' | 'sharing' | 'done' = 'starting';
    return {
      initEnded: () => {
        if (phase !== 'starting') return;
        phase = 'sharing';
        this.starting = false;
        this.sharing++;
        this.grant();
      },
      end: () => {
        if (phase === 'done') return;
        if (phase === 'starting') this.starting = false;
        else this.sharing--;
        phase = 'done';
        this.grant();
      },
    };
  }

  /** Runs `fn` with no other environment starting or requesting anything. */
  async runAlone<T>(fn: () => Promise<T>): Promise<T> {
    await this.wait('alone');
    try {
      return await fn();
    } finally {
      this.alone = false;
      this.grant();
    }
  }

  /** What is running now (for tests and progress). */
  state(): { starting: boolean; sharing: number; alone: boolean; waiting: number } {
    return { starting: this.starting, sharing: this.sharing, alone: this.alone, waiting: this.waiting.length };
  }

  private wait(kind: 'start' | 'alone'): Promise<void> {
    return new Promise<void>((grant) => {
      this.waiting.push({ kind, grant });
      this.grant();
    });
  }

  /** Grants waiting turns in order while the rules allow; a waiting warm loop holds back every start queued after it. */
  private grant(): void {
    while (this.waiting.length > 0 && !this.alone) {
      const next = this.waiting[0]!;
      if (next.kind === 'alone') {
        if (this.starting || this.sharing > 0) return;
        this.alone = true;
      } else {
        if (this.starting) return;
        this.starting = true;
      }
      this.waiting.shift();
      next.grant();
    }
  }
}

/** One environment's start, from its turn to the end of its cold request. Both calls are idempotent. */
export interface StartTurn {
  /** INIT ended: the next environment may start; this one's cold request now runs beside others. */
  initEnded(): void;
  /** The cold request is over (or the environment failed): it no longer counts. */
  end(): void;
}
