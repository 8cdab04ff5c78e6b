import { describe, expect, it } from 'vitest';
import { EXPORTERS, renderRun } from '../../src/report/exporters.js';
import { JSON_EXPORT_VERSION } from '../../src/report/json.js';
import { fixedRun } from './fixed-run.js';

describe('exporters', () => {
  it('render every file of a run folder, each once, from one list', () => {
    const files = renderRun(fixedRun()).map((f) => f.file);
    expect(new Set(files).size).toBe(files.length);
    for (const f of ['run.json', 'summary.csv', 'report.md', 'results.json']) expect(files).toContain(f);
    expect(files.some((f) => f.endsWith('.svg'))).toBe(true);
    expect(files).not.toContain('imports.csv'); // no breakdown in this run
    expect(EXPORTERS.map((e) => e.name)).toContain('results.json');
  });

  it("results.json carries the run, every variant's statistics and every sample at full precision", () => {
    const run = fixedRun();
    run.samples[0]!.e2eMs = 101.123456789;
    const json = JSON.parse(renderRun(run).find((f) => f.file === 'results.json')!.content);
    expect(json.version).toBe(JSON_EXPORT_VERSION);
    expect(json.run.runId).toBe('R1');
    expect(json.samples).toHaveLength(run.samples.length);
    expect(json.samples[0].e2eMs).toBe(101.123456789);
    const lazy = json.results.find((r: { variant: string }) => r.variant === 'lazy');
    expect(lazy.samples).toEqual({ cold: 8, warm: 9 });
    expect(lazy.errors.warm).toBe(1);
    // The lazy cold e2e values are 51..58: their median is 54.5.
    expect(lazy.metrics.cold_e2e_ms.median).toBeCloseTo(54.5, 9);
    expect(lazy.metrics.cold_e2e_ms.n).toBe(8);
  });
});
