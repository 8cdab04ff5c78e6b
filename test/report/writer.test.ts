import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { RunMeta, SampleRow } from '../../src/core/model.js';
import { RunWriter, WARM_BATCH_MS, WARM_BATCH_ROWS } from '../../src/report/writer.js';
import { tempDir } from '../helpers.js';
import { fixedRun } from './fixed-run.js';

const base = {
  runId: 'W',
  target: 'local',
  scenario: 'demo',
  runtime: 'node',
  variant: 'preload',
  strategy: 'preload',
  environment: 'env-1',
} as const;
const cold = (sample: number): SampleRow => ({ ...base, kind: 'cold', sample, e2eMs: 40 + sample, initMs: 30 });
const warm = (sample: number): SampleRow => ({ ...base, kind: 'warm', sample, e2eMs: 0.03 });

function writer() {
  const meta: RunMeta = { ...fixedRun().meta, runId: 'W' };
  const w = new RunWriter(tempDir(), meta);
  const onDisk = () =>
    (parse(readFileSync(path.join(w.dir, 'samples.csv')), { columns: true }) as Record<string, string>[]).map(
      (r) => `${r.kind} ${r.sample}`,
    );
  return { w, onDisk };
}

describe('RunWriter: samples.csv as rows arrive', () => {
  it('writes a cold row at once, and the warm rows before it, in order', () => {
    const { w, onDisk } = writer();
    w.append(cold(1));
    expect(onDisk()).toEqual(['cold 1']);
    w.append(warm(1));
    w.append(warm(2));
    w.append(cold(2));
    expect(onDisk()).toEqual(['cold 1', 'warm 1', 'warm 2', 'cold 2']);
  });

  it('writes warm rows in batches: a full batch at once, the rest at flush', () => {
    const { w, onDisk } = writer();
    for (let i = 1; i <= WARM_BATCH_ROWS + 3; i++) w.append(warm(i));
    expect(onDisk()).toHaveLength(WARM_BATCH_ROWS);
    w.flush(); // as an interrupted run does before it ends
    expect(onDisk()).toHaveLength(WARM_BATCH_ROWS + 3);
    expect(w.samples).toHaveLength(WARM_BATCH_ROWS + 3);
  });

  it('writes a warm row that nothing follows after a short while', async () => {
    const { w, onDisk } = writer();
    w.append(warm(1));
    expect(onDisk()).toEqual([]);
    await new Promise((r) => setTimeout(r, WARM_BATCH_MS + 200));
    expect(onDisk()).toEqual(['warm 1']);
  });
});
