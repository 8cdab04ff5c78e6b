import type { RunResult, SampleRow } from '../../src/core/model.js';

/** A small run with known numbers: preload is slow to start, lazy fast, one failed request in lazy. */
export function fixedRun(): RunResult {
  const rows: SampleRow[] = [];
  const base = { runId: 'R1', target: 'local', scenario: 'demo', runtime: 'node' } as const;
  for (let i = 1; i <= 8; i++) {
    rows.push({
      ...base,
      variant: 'preload',
      strategy: 'preload',
      kind: 'cold',
      sample: i,
      environment: `p${i}`,
      e2eMs: 100 + i,
      initMs: 80 + i / 10,
      invokeMs: 1,
      maxMemoryMb: 50,
    });
    rows.push({
      ...base,
      variant: 'preload',
      strategy: 'preload',
      kind: 'warm',
      sample: i,
      environment: `p${i}`,
      e2eMs: 0.1 + i / 1000,
      invokeMs: 0.01,
    });
    rows.push({
      ...base,
      variant: 'lazy',
      strategy: 'lazy',
      kind: 'cold',
      sample: i,
      environment: `l${i}`,
      e2eMs: 50 + i,
      initMs: 1,
      invokeMs: 30,
      maxMemoryMb: 40,
    });
    rows.push({
      ...base,
      variant: 'lazy',
      strategy: 'lazy',
      kind: 'warm',
      sample: i,
      environment: `l${i}`,
      e2eMs: 0.1 + i / 1000,
      invokeMs: 0.01,
    });
  }
  rows.push({
    ...base,
    variant: 'lazy',
    strategy: 'lazy',
    kind: 'warm',
    sample: 9,
    environment: 'l8',
    error: 'Error: boom, "quoted"\n    at handler (lazy.mjs:3:9)',
  });
  return {
    meta: {
      runId: 'R1',
      harness: { name: 'coldbench', version: '0.1.0', gitCommit: 'abcdef0123456789', gitDirty: false },
      target: 'local',
      region: null,
      samples: { cold: 8, warm: 8, warmup: 3 },
      pageCache: { mode: 'warm' },
      order: 'interleaved',
      host: { os: 'Linux', release: '6.1', arch: 'x64', cpu: 'Test CPU', cores: 2, memoryGb: 24 },
      interpreters: { node: { path: '/usr/bin/node', version: '20.20.2' } },
      environment: { policy: 'controlled', variables: {} },
      scenarios: [
        {
          name: 'demo',
          description: 'A demo.',
          runtime: 'node',
          env: {},
          variants: [
            { name: 'preload', strategy: 'preload', handler: 'preload.handler' },
            { name: 'lazy', strategy: 'lazy', handler: 'lazy.handler' },
          ],
        },
      ],
      startedAt: '2026-11-22T10:00:00.000Z',
      endedAt: '2026-11-22T10:01:00.000Z',
      status: 'complete',
      command: ['coldbench'],
    },
    samples: rows,
  };
}

/** The fixed run with a prewarmed variant: its first request to a pre-started environment takes 0.2 ms. */
export function runWithPrewarmed(): RunResult {
  const run = fixedRun();
  const base = { runId: 'R1', target: 'local', scenario: 'demo', runtime: 'node', variant: 'prewarmed', strategy: 'prewarmed' } as const;
  for (let i = 1; i <= 8; i++) {
    run.samples.push({ ...base, kind: 'cold', sample: i, environment: `w${i}`, e2eMs: 0.2 + i / 100, initMs: 80, invokeMs: 0.5 });
    run.samples.push({ ...base, kind: 'warm', sample: i, environment: `w${i}`, e2eMs: 0.1 + i / 1000, invokeMs: 0.01 });
  }
  run.meta.scenarios[0]!.variants.push({ name: 'prewarmed', strategy: 'prewarmed', handler: 'preload.handler' });
  return run;
}
