import { describe, expect, it } from 'vitest';
import type { SampleRow } from '../../src/core/model.js';
import { formatPending, parsePending } from '../../src/core/pending.js';
import { backgroundSection, pendingSummaries } from '../../src/report/background-note.js';
import { markdownReport } from '../../src/report/markdown.js';
import { fixedRun } from './fixed-run.js';

const NODE_LOOP =
  "In a Node environment here, frozen or not, timers and I/O callbacks run only once a later request awaits something, if ever: coldbench's Node bootstrap blocks reading the next request instead of turning the event loop.";
const NODE_IO =
  "Short I/O in flight (file operations, DNS lookups) mostly completes on Lambda before the freeze, since the runtime's event loop keeps turning until then.";
const HEAD =
  'Work left pending after responses (as the bootstrap saw it right after writing each response; see samples.csv `pending_after`).';
const LAMBDA =
  'On Lambda the execution environment is frozen once the response is sent and the runtime waits for the next request: what is still pending then resumes only when the next request arrives (it then runs during that request, and is billed with it), or never, if the environment is reclaimed first.';

/** fixedRun's rows, each with what came after its response set by `after(row, index among its variant's rows)`. */
function withAfter(after: (row: SampleRow, i: number) => Partial<SampleRow>): SampleRow[] {
  const seen = new Map<string, number>();
  return fixedRun().samples.map((row) => {
    const i = seen.get(row.variant) ?? 0;
    seen.set(row.variant, i + 1);
    return { ...row, ...after(row, i) };
  });
}

describe('pending_after cells', () => {
  it('are written in one order and read back; anything else is not known', () => {
    expect(formatPending({})).toBe('none');
    expect(formatPending({ Timeout: 2, Thread: 1, Immediate: 0 })).toBe('Thread=1;Timeout=2');
    expect(parsePending('Thread=1;Timeout=2')).toEqual({ Thread: 1, Timeout: 2 });
    expect(parsePending('none')).toEqual({});
    for (const cell of [undefined, '', 'Thread', 'Thread=x', 'Thread=1;']) expect(parsePending(cell)).toBeUndefined();
  });
});

describe("the report's note on work left pending after responses", () => {
  it('says what was pending, what Lambda does with it and what the local run did, once per variant that left work', () => {
    // preload (17 rows: 8 cold, 8 warm, 1 failed warm without a response): nothing; lazy: a timer after all but its first
    // response, a thread after two; cold rows frozen afterwards with CPU read, warm rows back to back
    const rows = withAfter((row, i) => {
      if (row.variant === 'preload') return row.error ? {} : { pendingAfter: 'none', frozenAfter: row.kind === 'cold' };
      if (row.error) return {};
      const pending = i === 0 ? 'none' : i < 3 ? 'Thread=2;Timeout=1' : 'Timeout=1';
      return {
        pendingAfter: pending,
        frozenAfter: row.kind === 'cold',
        ...(row.kind === 'cold' ? { cpuAfterMs: i === 2 ? 0.5 : 0.02 } : {}),
      };
    });
    const [lazy, ...others] = pendingSummaries(rows);
    expect(others).toEqual([]);
    expect(lazy).toMatchObject({ variant: 'lazy', runtime: 'node', responses: 16, withPending: 15, frozen: 7, notFrozen: 8 });
    expect(lazy!.kinds).toEqual([
      { kind: 'Timeout', responses: 15, min: 1, max: 1 },
      { kind: 'Thread', responses: 2, min: 2, max: 2 },
    ]);
    expect(lazy!.cpuMs!.total).toBeCloseTo(0.5 + 6 * 0.02, 12);
    expect(backgroundSection(rows)).toEqual([
      `${HEAD} ${LAMBDA} ${NODE_LOOP}`,
      '',
      '- **lazy**: work pending after 15 of 16 responses: 1 timer (after 15), 2 threads (after 2). Here the environment was frozen after 7 of these 15 responses; after the other 8 the next request followed back to back (the warm-sample loop, which keeps the environment thawed as Lambda does under steady traffic), so the work could run in between. While frozen after them it used 0.620 ms of CPU in all (at most 0.500 ms after one response): what ran before the freeze took hold.',
      '',
    ]);
  });

  it('says when the environments were bare processes, never frozen', () => {
    const rows = withAfter((row) =>
      row.variant === 'lazy' && !row.error ? { pendingAfter: row.kind === 'cold' ? 'Timeout=1' : 'Timeout=3' } : {},
    );
    expect(backgroundSection(rows)[0]).toBe(`${HEAD} ${LAMBDA} ${NODE_LOOP}`);
    expect(backgroundSection(rows)[2]).toBe(
      '- **lazy**: 1–3 timers pending after 16 of 16 responses. Here the environment was not frozen between requests (a bare process, no sandbox: see the environments row above).',
    );
  });

  it("says, for Node, that Lambda's runtime usually lets short I/O complete and that the local bootstrap does not turn the event loop", () => {
    const rows = withAfter((row) => (row.variant === 'lazy' && !row.error ? { pendingAfter: 'FSReqPromise=2', frozenAfter: true } : {}));
    expect(backgroundSection(rows)[0]).toBe(`${HEAD} ${LAMBDA} ${NODE_IO} ${NODE_LOOP}`);
    expect(backgroundSection(rows)[2]).toBe(
      '- **lazy**: 2 file operations pending after 16 of 16 responses. Here the environment was frozen after 16 of these 16 responses.',
    );
    // a timer: no word on I/O; a child process alone runs on its own: no word on the event loop either; Python: neither
    const timer = withAfter((row) => (row.variant === 'lazy' && !row.error ? { pendingAfter: 'Timeout=1', frozenAfter: true } : {}));
    expect(backgroundSection(timer)[0]).toBe(`${HEAD} ${LAMBDA} ${NODE_LOOP}`);
    expect(backgroundSection(timer).join('\n')).not.toContain('Short I/O');
    const child = withAfter((row) => (row.variant === 'lazy' && !row.error ? { pendingAfter: 'ProcessWrap=1', frozenAfter: true } : {}));
    expect(backgroundSection(child)[0]).toBe(`${HEAD} ${LAMBDA}`);
    expect(backgroundSection(child)[2]).toMatch(/^- \*\*lazy\*\*: 1 child process pending .* responses\.$/);
    const python = withAfter((row) =>
      row.variant === 'lazy' && !row.error ? { runtime: 'python', pendingAfter: 'Thread=1', frozenAfter: true } : {},
    );
    expect(backgroundSection(python).join('\n')).not.toMatch(/I\/O|event loop/);
  });

  it('says that a bare Python environment let its threads run between requests', () => {
    const rows = withAfter((row) => (row.variant === 'lazy' && !row.error ? { runtime: 'python', pendingAfter: 'Thread=1' } : {}));
    expect(backgroundSection(rows)[2]).toMatch(
      /Here the environment was not frozen between requests \(a bare process, no sandbox: see the environments row above\), so this work could run between them, unlike on Lambda\.$/,
    );
  });

  it('names a kind it has no words for as the runtime names it', () => {
    const rows = withAfter((row) =>
      row.variant === 'lazy' && row.kind === 'cold' ? { pendingAfter: 'SomeWrap=1', frozenAfter: true } : {},
    );
    expect(backgroundSection(rows)[2]).toBe(
      '- **lazy**: 1 `SomeWrap` pending after 8 of 8 responses. Here the environment was frozen after 8 of these 8 responses.',
    );
    expect(backgroundSection(rows)[0]).toContain(NODE_LOOP);
  });

  it('shows nothing when no response left work, or the rows do not say (older runs, AWS)', () => {
    expect(backgroundSection(withAfter(() => ({ pendingAfter: 'none', frozenAfter: true, cpuAfterMs: 0.01 })))).toEqual([]);
    expect(backgroundSection(fixedRun().samples)).toEqual([]);
    expect(markdownReport(fixedRun())).not.toContain('Work left pending');
  });

  it('appears in report.md in the section of the scenario whose rows left work', () => {
    const run = fixedRun();
    run.samples = withAfter((row) => (row.variant === 'lazy' && !row.error ? { pendingAfter: 'Thread=1', frozenAfter: true } : {}));
    const md = markdownReport(run);
    const note = md.indexOf('- **lazy**: 1 thread pending after 16 of 16 responses.');
    expect(note).toBeGreaterThan(md.indexOf('## demo'));
    expect(md.indexOf('Work left pending after responses')).toBeLessThan(note);
    expect(md.split('Work left pending after responses')).toHaveLength(2);
  });
});
