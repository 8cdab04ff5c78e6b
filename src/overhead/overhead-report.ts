import { describe, type Description } from '../stats/describe.js';
import { ms } from '../report/format.js';
import type { OverheadSample } from './run-overhead.js';

/** The goals of issue 6, as measured quantities. */
export const GOALS = { coldAddedMs: 2, warmP50Ms: 0.05, warmP99Ms: 0.15, plantedErrorMs: 2, sandboxColdAddedMs: 3 } as const;

export interface RuntimeOverhead {
  runtime: string;
  bare?: Description;
  direct?: Description;
  harnessCold?: Description;
  harnessInit?: Description;
  /** Per-round paired differences harness − direct and harness − bare. */
  addedOverDirect?: Description;
  addedOverBare?: Description;
  warm?: Description;
  /** The sandbox: its cold start, the paired difference to the bare harness's, its preparation, and warm round trips alternated with a bare environment. */
  sandboxCold?: Description;
  addedBySandbox?: Description;
  sandboxPrep?: Description;
  pairedWarmBare?: Description;
  pairedWarmSandbox?: Description;
  planted: { plantedMs: number; init?: Description; firstInvoke?: Description; initError?: number; firstInvokeError?: number }[];
}

const describeOr = (values: number[]) => (values.length > 0 ? describe(values) : undefined);

function paired(samples: OverheadSample[], runtime: string, a: OverheadSample['measurement'], b: OverheadSample['measurement']): number[] {
  const byRound = (m: OverheadSample['measurement']) => new Map(samples.filter((s) => s.runtime === runtime && s.measurement === m).map((s) => [s.round, s.valueMs]));
  const left = byRound(a);
  const right = byRound(b);
  return [...left].filter(([round]) => right.has(round)).map(([round, v]) => v - right.get(round)!);
}

/** Pure summary of an overhead run. Planted errors compare the median at size X with the median at size 0, minus X. */
export function summarizeOverhead(samples: OverheadSample[]): RuntimeOverhead[] {
  const runtimes = [...new Set(samples.map((s) => s.runtime))];
  return runtimes.map((runtime) => {
    const values = (m: OverheadSample['measurement'], plantedMs?: number) =>
      samples.filter((s) => s.runtime === runtime && s.measurement === m && s.plantedMs === plantedMs).map((s) => s.valueMs);
    const sizes = [...new Set(samples.filter((s) => s.runtime === runtime && s.plantedMs !== undefined).map((s) => s.plantedMs!))].sort((x, y) => x - y);
    const zeroInit = describeOr(values('planted-init', 0));
    const zeroInvoke = describeOr(values('planted-first-invoke', 0));
    return {
      runtime,
      bare: describeOr(values('bare')),
      direct: describeOr(values('direct')),
      harnessCold: describeOr(values('harness-cold')),
      harnessInit: describeOr(values('harness-init')),
      addedOverDirect: describeOr(paired(samples, runtime, 'harness-cold', 'direct')),
      addedOverBare: describeOr(paired(samples, runtime, 'harness-cold', 'bare')),
      warm: describeOr(values('warm')),
      sandboxCold: describeOr(values('sandbox-cold')),
      addedBySandbox: describeOr(paired(samples, runtime, 'sandbox-cold', 'harness-cold')),
      sandboxPrep: describeOr(values('sandbox-prep')),
      pairedWarmBare: describeOr(values('paired-warm-bare')),
      pairedWarmSandbox: describeOr(values('paired-warm-sandbox')),
      planted: sizes.map((plantedMs) => {
        const init = describeOr(values('planted-init', plantedMs));
        const firstInvoke = describeOr(values('planted-first-invoke', plantedMs));
        return {
          plantedMs,
          init,
          firstInvoke,
          ...(init && zeroInit ? { initError: init.median - zeroInit.median - plantedMs } : {}),
          ...(firstInvoke && zeroInvoke ? { firstInvokeError: firstInvoke.median - zeroInvoke.median - plantedMs } : {}),
        };
      }),
    };
  });
}

const ci = (d: Description | undefined) => (d ? (d.medianCi ? `${ms(d.median)} [${ms(d.medianCi[0])}–${ms(d.medianCi[1])}]` : ms(d.median)) : '–');
const check = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? ' ✅' : ' ❌');

/** overhead.md: the figures, each against its goal. */
export function overheadMarkdown(summary: RuntimeOverhead[], header: string[]): string {
  const out = ['# coldbench overhead and accuracy', '', ...header, ''];
  out.push(
    '## Cold start: what the harness adds',
    '',
    'Medians with distribution-free 95 % intervals. "Added" is the median of per-round paired differences (the three starts of a round run back to back, order rotating), so machine drift cancels.',
    '',
    '| runtime | bare interpreter | handler run directly | through the harness | harness INIT | added over direct | added over bare |',
    '|---|---|---|---|---|---|---|',
  );
  for (const r of summary) {
    const overDirect = r.addedOverDirect ? r.addedOverDirect.median <= GOALS.coldAddedMs : undefined;
    const overBare = r.runtime === 'python' && r.addedOverBare ? r.addedOverBare.median <= GOALS.coldAddedMs : undefined;
    out.push(`| ${r.runtime} | ${ci(r.bare)} | ${ci(r.direct)} | ${ci(r.harnessCold)} | ${ci(r.harnessInit)} | ${ci(r.addedOverDirect)}${check(overDirect)} | ${ci(r.addedOverBare)}${check(overBare)} |`);
  }
  out.push('', `Goal: at most ${GOALS.coldAddedMs} ms added (Node: over running the same ESM handler file directly; Python: over \`python3 -c pass\`).`, '');
  out.push('## Warm round trip of an empty handler', '', '| runtime | n | p50 | p90 | p99 |', '|---|---|---|---|---|');
  for (const r of summary) {
    if (!r.warm) continue;
    out.push(`| ${r.runtime} | ${r.warm.n} | ${ms(r.warm.median)}${check(r.warm.median <= GOALS.warmP50Ms)} | ${ms(r.warm.p90)} | ${ms(r.warm.p99)}${check(r.warm.p99 <= GOALS.warmP99Ms)} |`);
  }
  out.push('', `Goal: p50 ≤ ${GOALS.warmP50Ms * 1000} µs, p99 ≤ ${GOALS.warmP99Ms * 1000} µs after a warm-up.`, '');
  if (summary.some((r) => r.sandboxCold)) {
    out.push(
      '## The sandbox: what it adds',
      '',
      'The same harness start bare and in a sandbox (docs/sandbox.md), interleaved in the same rounds. A sandboxed cold start is timed from the launcher\'s ready message (the interpreter starts when the harness answers it); "preparation" is the time before that (cgroup join, namespaces, mounts), which no sample contains. Warm: one bare and one sandboxed environment answering alternately (thawed before and frozen after each request, outside the timing).',
      '',
      '| runtime | harness cold, bare | harness cold, sandboxed | added by the sandbox | preparation (not timed) | warm p50 / p99, bare | warm p50 / p99, sandboxed |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of summary) {
      if (!r.sandboxCold) continue;
      const warm = (d: Description | undefined) => (d ? `${ms(d.median)} / ${ms(d.p99)}` : '–');
      const added = r.addedBySandbox ? r.addedBySandbox.median <= GOALS.sandboxColdAddedMs : undefined;
      out.push(`| ${r.runtime} | ${ci(r.harnessCold)} | ${ci(r.sandboxCold)} | ${ci(r.addedBySandbox)}${check(added)} | ${ci(r.sandboxPrep)} | ${warm(r.pairedWarmBare)} | ${warm(r.pairedWarmSandbox)} |`);
    }
    out.push('', `Goal: at most ${GOALS.sandboxColdAddedMs} ms added to a cold start (paired per round).`, '');
  }
  out.push(
    '## Accuracy: planted import costs',
    '',
    'A dependency that busy-waits a known time at import. Recovered = median at that size − median at 0 ms (which holds the cost of importing the module itself).',
    '',
    '| runtime | planted | preload INIT median | recovered (error) | lazy first invoke median | recovered (error) |',
    '|---|---|---|---|---|---|',
  );
  for (const r of summary) {
    for (const p of r.planted) {
      const rec = (d: Description | undefined, err: number | undefined) =>
        d && err !== undefined ? `${ms(err + p.plantedMs)} (${err >= 0 ? '+' : '−'}${ms(Math.abs(err))})${check(Math.abs(err) <= GOALS.plantedErrorMs)}` : '–';
      out.push(`| ${r.runtime} | ${p.plantedMs} ms | ${ci(p.init)} | ${p.plantedMs === 0 ? 'reference' : rec(p.init, p.initError)} | ${ci(p.firstInvoke)} | ${p.plantedMs === 0 ? 'reference' : rec(p.firstInvoke, p.firstInvokeError)} |`);
    }
  }
  out.push('', `Goal: planted costs recovered within ±${GOALS.plantedErrorMs} ms.`, '');
  return out.join('\n');
}
