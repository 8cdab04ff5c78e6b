import { describe, expect, it } from 'vitest';
import { overheadMarkdown, summarizeOverhead } from '../../src/overhead/overhead-report.js';
import type { OverheadSample } from '../../src/overhead/run-overhead.js';

function samples(): OverheadSample[] {
  const out: OverheadSample[] = [];
  for (let round = 0; round < 6; round++) {
    out.push({ round, runtime: 'node', measurement: 'bare', valueMs: 30 + round });
    out.push({ round, runtime: 'node', measurement: 'direct', valueMs: 40 + round });
    out.push({ round, runtime: 'node', measurement: 'harness-cold', valueMs: 41 + round + (round % 2) * 0.5 });
    for (const plantedMs of [0, 50]) {
      out.push({ round, runtime: 'node', measurement: 'planted-init', plantedMs, valueMs: 1 + plantedMs + round * 0.1 });
      out.push({ round, runtime: 'node', measurement: 'planted-first-invoke', plantedMs, valueMs: 0.5 + plantedMs * 1.1 });
    }
  }
  for (let i = 0; i < 10; i++) out.push({ round: i, runtime: 'node', measurement: 'warm', valueMs: 0.04 + i / 1000 });
  // Two rounds of the echo and the bench's warm rows: round 1 twice as slow as round 0 for both (drift).
  for (const [round, scale] of [
    [0, 1],
    [1, 2],
  ] as const) {
    for (const v of [0.02, 0.02, 0.02, 0.03]) out.push({ round, runtime: 'node', measurement: 'echo', valueMs: v * scale });
    for (const v of [0.025, 0.025, 0.025, 0.1]) out.push({ round, runtime: 'node', measurement: 'bench-warm', valueMs: v * scale });
  }
  return out;
}

describe('overhead summary', () => {
  it('pairs rounds and recovers planted costs against the 0 ms reference', () => {
    const [node] = summarizeOverhead(samples());
    expect(node!.addedOverDirect!.median).toBeCloseTo(1.25, 10); // differences 1, 1.5, 1, 1.5, 1, 1.5
    expect(node!.addedOverBare!.median).toBeCloseTo(11.25, 10);
    const fifty = node!.planted.find((p) => p.plantedMs === 50)!;
    expect(fifty.initError).toBeCloseTo(0, 10);
    expect(fifty.firstInvokeError).toBeCloseTo(5, 10); // 55 recovered for 50 planted
    expect(node!.warm!.median).toBeCloseTo(0.0445, 10);
  });

  it('sets every warm path against the echo of the same rounds: pooled, and paired per round', () => {
    const [node] = summarizeOverhead(samples());
    const bench = node!.warmPaths.find((p) => p.measurement === 'bench-warm')!;
    expect(bench.pairedP50Ratio).toBeCloseTo(1.25, 10); // 0.025 / 0.02 in round 0, 0.05 / 0.04 in round 1
    expect(bench.p50Ratio).toBeCloseTo(0.05 / 0.035, 10); // pooled medians of the eight values each
    const echo = node!.warmPaths.find((p) => p.measurement === 'echo')!;
    expect(bench.p99Ratio).toBeCloseTo(bench.all.p99 / echo.all.p99, 10);
    expect(bench.p99Ratio).toBeGreaterThan(3); // the pooled tail: 0.2 against 0.06
    expect(node!.warmPaths.map((p) => p.measurement)).toEqual(['echo', 'warm', 'bench-warm']); // the dedicated loop has no echo rounds of its own here, but is listed
    const md = overheadMarkdown([node!], ['header']);
    expect(md).toMatch(/\| node \| \(c\) `npm run bench --no-sandbox` warm rows \| 8 \| .* \| 1\.25× ✅ \| 1\.43× \| [\d.]+× ❌ \|/); // p50 checked paired per round, p99 pooled
  });

  it('sets the early rows against the echo at the same early positions, not the steady echo', () => {
    const early: OverheadSample[] = [
      ...samples(),
      ...[0.04, 0.04, 0.05].map((valueMs) => ({ round: 0, runtime: 'node', measurement: 'echo-early' as const, valueMs })),
      ...[0.06, 0.06, 0.07].map((valueMs) => ({ round: 0, runtime: 'node', measurement: 'bench-warm-early' as const, valueMs })),
    ];
    const [node] = summarizeOverhead(early);
    const row = node!.warmPaths.find((p) => p.measurement === 'bench-warm-early')!;
    expect(row.pairedP50Ratio).toBeCloseTo(1.5, 10); // 0.06 / 0.04, not / the steady echo's 0.02
    expect(node!.warmPaths.find((p) => p.measurement === 'bench-warm')!.pairedP50Ratio).toBeCloseTo(1.25, 10);
    const md = overheadMarkdown([node!], ['header']);
    expect(md).toMatch(/\| node \| \(a\) echo, early: requests of fresh peers \| 3 \| 0\.040 ms \| .* \| 1 \| 1 \| 1 \|/);
    // p50 judged against the early echo; no p99 verdict on a few rows per fresh process
    expect(md).toMatch(
      /\| node \| \(c\) `--no-sandbox` warm rows, early: a default run's shape \| 3 \| .* \| 1\.50× ✅ \| [\d.]+× \| [\d.]+× \|\n/,
    );
  });

  it("sets the sandboxed paths against the echo on the harness's CPU where the run measured it, and against (a) where not", () => {
    const sandboxed = (round: number, scale: number) =>
      [0.03, 0.03, 0.03, 0.04].map((v) => ({ round, runtime: 'node', measurement: 'sandbox-bench-warm' as const, valueMs: v * scale }));
    const oneCpu = (round: number, scale: number) =>
      [0.015, 0.015, 0.015, 0.02].map((v) => ({ round, runtime: 'node', measurement: 'echo-one-cpu' as const, valueMs: v * scale }));
    const without = summarizeOverhead([...samples(), ...sandboxed(0, 1), ...sandboxed(1, 2)]);
    const withOneCpu = summarizeOverhead([...samples(), ...sandboxed(0, 1), ...sandboxed(1, 2), ...oneCpu(0, 1), ...oneCpu(1, 2)]);
    const row = (s: typeof without) => s[0]!.warmPaths.find((p) => p.measurement === 'sandbox-bench-warm')!;
    expect(row(without)).toMatchObject({ floor: 'echo' });
    expect(row(without).pairedP50Ratio).toBeCloseTo(1.5, 10); // 0.03 / 0.02
    expect(row(withOneCpu)).toMatchObject({ floor: 'echo-one-cpu' });
    expect(row(withOneCpu).pairedP50Ratio).toBeCloseTo(2, 10); // 0.03 / 0.015
    // The bare rows stay against (a).
    expect(withOneCpu[0]!.warmPaths.find((p) => p.measurement === 'bench-warm')!.pairedP50Ratio).toBeCloseTo(1.25, 10);
    const md = overheadMarkdown(withOneCpu, ['header']);
    expect(md).toContain("(a′) is the same echo with the harness and the echo process both on the harness's CPU");
    expect(md).toMatch(/\| node \| \(c\) `npm run bench` warm rows \(sandboxed, the default\), against \(a′\) \| 8 \| .* \| 2\.00× ❌ \|/);
    expect(overheadMarkdown(without, ['header'])).not.toContain('(a′)');
  });

  it("shows each peer's CPU per request, and what the bootstrap adds to the echo's", () => {
    const withCpu: OverheadSample[] = [
      ...samples(),
      ...[0.01, 0.012].map((valueMs, round) => ({ round, runtime: 'node', measurement: 'echo-cpu' as const, valueMs })),
      ...[0.02, 0.022].map((valueMs, round) => ({ round, runtime: 'node', measurement: 'warm-cpu' as const, valueMs })),
    ];
    const md = overheadMarkdown(summarizeOverhead(withCpu), ['header']);
    expect(md).toContain('### CPU time per warm request, of the peer alone');
    expect(md).toContain('| node | 11.0 µs | – | 21.0 µs | 10.0 µs |');
  });

  it('leaves out the sections of parts that were not measured (--only)', () => {
    const warmOnly = samples().filter((s) => s.measurement === 'echo' || s.measurement === 'bench-warm');
    const md = overheadMarkdown(summarizeOverhead(warmOnly), ['header']);
    expect(md).toContain('## Warm round trip of an empty handler');
    expect(md).not.toContain('## Cold start');
    expect(md).not.toContain('## Accuracy');
    // The sandbox's warm round trips belong to the warm part: their table shows without the cold starts.
    const pairedWarm: OverheadSample[] = [0.05, 0.06].flatMap((valueMs, round) => [
      { round, runtime: 'node', measurement: 'paired-warm-bare' as const, valueMs },
      { round, runtime: 'node', measurement: 'paired-warm-sandbox' as const, valueMs: valueMs + 0.01 },
    ]);
    expect(overheadMarkdown(summarizeOverhead(pairedWarm), ['header'])).toMatch(/\| node \| – \| – \| – \| – \| 0\.055 ms \/ /);
    const coldOnly = overheadMarkdown(summarizeOverhead(samples().filter((s) => s.measurement === 'harness-cold')), ['header']);
    expect(coldOnly).toContain('## Cold start');
    expect(coldOnly).not.toContain('## Warm round trip');
  });

  it('marks each figure against its goal', () => {
    const md = overheadMarkdown(summarizeOverhead(samples()), ['header']);
    expect(md).toContain('| node | 50 ms |');
    expect(md).toMatch(/50\.0 ms \(\+0\.0 µs\) ✅/); // preload INIT recovered exactly
    expect(md).toMatch(/55\.0 ms \(\+5\.0 ms\) ❌/); // lazy off by 5 ms
    expect(md).toMatch(/\| node \| \(b\) dedicated loop \| 10 \| 0\.044 ms \|/);
  });

  it('pairs sandboxed and bare cold starts per round and shows the warm cost of thawing', () => {
    const all = samples();
    for (let round = 0; round < 6; round++) {
      all.push({ round, runtime: 'node', measurement: 'sandbox-cold', valueMs: 41 + round + (round % 2) * 0.5 + 0.4 });
      all.push({ round, runtime: 'node', measurement: 'sandbox-prep', valueMs: 10 + round });
      all.push({ round, runtime: 'node', measurement: 'paired-warm-bare', valueMs: 0.05 });
      all.push({ round, runtime: 'node', measurement: 'paired-warm-sandbox', valueMs: 0.2 });
    }
    const [node] = summarizeOverhead(all);
    expect(node!.addedBySandbox!.median).toBeCloseTo(0.4, 10);
    expect(node!.sandboxPrep!.median).toBeCloseTo(12.5, 10);
    const md = overheadMarkdown([node!], ['header']);
    expect(md).toContain('## The sandbox: what it adds');
    expect(md).toMatch(/\| node \| .* \| 0\.400 ms \[.*\] ✅ \| 12\.5 ms/);
    expect(md).toContain('| 0.050 ms / 0.050 ms | 0.200 ms / 0.200 ms | 0.044 ms / 0.049 ms | – |');
    expect(overheadMarkdown(summarizeOverhead(samples()), ['header'])).not.toContain('The sandbox');
  });
});
