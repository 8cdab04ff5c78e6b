import { describe, expect, it } from 'vitest';
import type { RunResult, SampleRow } from '../../src/core/model.js';
import { summarize } from '../../src/core/summary.js';
import { memorySweeps, memorySweepSection, winnersAt } from '../../src/report/memory-sweep.js';
import { renderRun } from '../../src/report/exporters.js';
import { fixedRun } from './fixed-run.js';

/**
 * A sweep with a known answer: at 128 MB lazy's first invoke carries the
 * dependency at a fraction of a CPU (far slower than preload's boosted INIT);
 * at 1769 MB both take the same time.
 */
function sweepRun(): RunResult {
  const base = fixedRun();
  const rows: SampleRow[] = [];
  for (const memoryMb of [128, 1769]) {
    const scenario = `demo@${memoryMb}mb`;
    for (let i = 1; i <= 12; i++) {
      const jitter = (i % 5) * 0.7;
      const common = {
        runId: 'R1',
        target: 'local',
        scenario,
        runtime: 'node',
        memoryMb,
        kind: 'cold',
        sample: i,
        environment: `${memoryMb}-${i}`,
      } as const;
      rows.push({ ...common, variant: 'preload', strategy: 'preload', e2eMs: 240 + jitter, initMs: 200 + jitter, invokeMs: 1 });
      rows.push({
        ...common,
        variant: 'lazy',
        strategy: 'lazy',
        e2eMs: (memoryMb === 128 ? 2800 : 240) + jitter,
        initMs: 1,
        invokeMs: (memoryMb === 128 ? 2760 : 200) + jitter,
      });
    }
  }
  const variants = [
    { name: 'preload', strategy: 'preload' as const, handler: 'preload.handler' },
    { name: 'lazy', strategy: 'lazy' as const, handler: 'lazy.handler' },
  ];
  return {
    meta: {
      ...base.meta,
      scenarios: [128, 1769].map((m) => ({ name: `demo@${m}mb`, description: 'A demo.', runtime: 'node' as const, env: {}, variants })),
    },
    samples: rows,
  };
}

describe('a scenario across memory sizes', () => {
  const run = sweepRun();
  const [sweep] = memorySweeps(summarize(run));

  it('groups the sections of one scenario by memory size', () => {
    expect(memorySweeps(summarize(run))).toHaveLength(1);
    expect(sweep!.scenario).toBe('demo');
    expect(sweep!.memorySizes).toEqual([128, 1769]);
    expect(sweep!.variants).toEqual(['preload', 'lazy']);
    expect(sweep!.at('lazy', 128)!.metrics.first_invoke_ms!.median).toBeGreaterThan(2700);
    expect(memorySweeps(summarize(fixedRun()))).toEqual([]); // one size: no sweep
  });

  it('names the strategy that wins at each size: preload at 128 MB, no winner at 1769 MB', () => {
    expect(winnersAt(sweep!, 128, 0.186).names).toEqual(['preload']);
    expect(winnersAt(sweep!, 1769, 0.186).names.sort()).toEqual(['lazy', 'preload']);
    const text = memorySweepSection(sweep!, 0.186, 'demo-memory.svg').join('\n');
    expect(text).toContain('## demo across memory sizes');
    expect(text).toContain('| lazy | first invoke |');
    expect(text).toMatch(/- 128 MB: \*\*preload\*\*\n/);
    expect(text).toMatch(/- 1769 MB: \*\*preload\*\*, \*\*lazy\*\* \(not told apart/);
  });

  it('is in report.md with its chart beside it', () => {
    const files = renderRun(run);
    expect(files.find((f) => f.file === 'report.md')!.content).toContain(
      '![demo: cold e2e, INIT and first invoke across memory sizes](demo-memory.svg)',
    );
    const svg = files.find((f) => f.file === 'demo-memory.svg')!.content;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('first invoke');
  });
});
