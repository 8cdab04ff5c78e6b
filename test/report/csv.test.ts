import { describe, expect, it } from 'vitest';
import { samplesCsvHeader, samplesCsvRows, summaryCsv } from '../../src/report/csv.js';
import { fixedRun } from './fixed-run.js';

describe('samples.csv', () => {
  it('has the documented columns in order', () => {
    expect(samplesCsvHeader()).toBe(
      'run_id,target,scenario,variant,strategy,runtime,memory_mb,kind,sample,environment,e2e_ms,init_ms,invoke_ms,billed_ms,max_memory_mb,error,pending_after,frozen_after,cpu_after_ms\n',
    );
  });

  it('writes empty cells where a value does not apply and quotes errors', () => {
    const run = fixedRun();
    const lines = samplesCsvRows(run.samples).split('\n');
    expect(lines[0]).toBe('R1,local,demo,preload,preload,node,,cold,1,p1,101,80.1,1,,50,,,,');
    // full precision: the double 0.1 + 1/1000 is written as it is, so the statistics read back are the ones computed
    expect(lines[1]).toBe('R1,local,demo,preload,preload,node,,warm,1,p1,0.101,,0.01,,,,,,');
    expect(lines[3]).toBe('R1,local,demo,lazy,lazy,node,,warm,1,l1,0.101,,0.01,,,,,,');
    expect(samplesCsvRows([{ ...run.samples[0]!, e2eMs: 0.1 + 0.2 }])).toContain(',cold,1,p1,0.30000000000000004,80.1,');
    const last = samplesCsvRows(run.samples.slice(-1));
    expect(last).toBe('R1,local,demo,lazy,lazy,node,,warm,9,l8,,,,,,"Error: boom, ""quoted""\n    at handler (lazy.mjs:3:9)",,,\n');
    // what came after the response (local target): pending work, whether it then waited frozen, the CPU it used frozen
    expect(samplesCsvRows([{ ...run.samples[0]!, pendingAfter: 'Thread=1', frozenAfter: true, cpuAfterMs: 0.05 }])).toBe(
      'R1,local,demo,preload,preload,node,,cold,1,p1,101,80.1,1,,50,,Thread=1,true,0.05\n',
    );
  });
});

describe('summary.csv', () => {
  it('describes each variant and metric over the rows without errors', () => {
    const lines = summaryCsv(fixedRun()).trim().split('\n');
    // The first 18 columns keep their place; later ones are appended.
    expect(lines[0]).toBe(
      'run_id,scenario,variant,strategy,runtime,memory_mb,metric,n,mean,median,p90,p99,min,max,stddev,median_ci95_low,median_ci95_high,errors,' +
        'p90_ci95_low,p90_ci95_high,p99_ci95_low,p99_ci95_high,cv,outliers,baseline,diff_median_vs_baseline,diff_ci95_low,diff_ci95_high,p_value,cliffs_delta,significant,' +
        'p_value_holm,verdict',
    );
    // preload cold e2e: 101..108 → mean 104.5, median 104.5, p90 = 107.3, ranks 1 and 8 for n = 8; cv = 2.449 / 104.5
    // no p90/p99 intervals at n = 8; it is the baseline, so no test against itself
    expect(lines).toContain(
      'R1,demo,preload,preload,node,,cold_e2e_ms,8,104.5,104.5,107.3,107.93,101,108,2.449,101,108,0,,,,,0.0234,0,preload,,,,,,,,',
    );
    // lazy cold e2e against preload: −50 ms, exact U-test p = 2 / C(16, 8), Cliff's δ = −1
    const lazyCold = lines.find((l) => l.startsWith('R1,demo,lazy,lazy,node,,cold_e2e_ms,'))!.split(',');
    expect(lazyCold.slice(24, 26)).toEqual(['preload', '-50']);
    // Holm over the 4 comparisons of the report's table: first invoke (tied values, normal approximation, p 1.376e-4) is the
    // smallest, × 4 = 5.50e-4; cold e2e's 1.554e-4 × 3 = 4.66e-4 is lifted to that running maximum
    expect(lazyCold.slice(28)).toEqual(['0.0001554', '-1', 'true', '0.000550344', 'faster']);
    const lazyWarm = lines.find((l) => l.startsWith('R1,demo,lazy,lazy,node,,warm_e2e_ms,'));
    expect(lazyWarm?.split(',')[7]).toBe('8'); // the failed ninth request is not in the statistics
    expect(lazyWarm?.split(',')[17]).toBe('1'); // but is counted as an error
    expect(lines).toHaveLength(1 + 2 * 5);
  });
});

describe('summaries', () => {
  it('are reused for the same rows and recomputed once a row is added', async () => {
    const { summarize } = await import('../../src/core/summary.js');
    const run = fixedRun();
    const first = summarize(run);
    expect(summarize(run)).toBe(first);
    run.samples.push({ ...run.samples[0]!, sample: 9, e2eMs: 200 });
    const second = summarize(run);
    expect(second).not.toBe(first);
    expect(second[0]!.metrics.cold_e2e_ms!.n).toBe(9);
  });
});

describe('snapshot of the fixed run', () => {
  it('summary.csv', async () => {
    await expect(summaryCsv(fixedRun())).toMatchFileSnapshot('./__snapshots__/fixed-run.summary.csv');
  });
});
