import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_SCENARIOS_DIR } from '../../src/core/paths.js';
import { LocalEnvironment } from '../../src/targets/local/local-environment.js';
import { environmentSpec } from '../../src/targets/local/local-runner.js';
import { findScenarioFiles, loadScenarios } from '../../src/scenario/load.js';
import { pythonContext } from '../helpers.js';

/** Whether Debian's numpy, pandas and boto3 are importable by /usr/bin/python3 (CI installs them: .ci/run). */
function hasModules(): boolean {
  try {
    execFileSync('/usr/bin/python3', [
      '-c',
      'import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ("numpy", "pandas", "boto3")) else 1)',
    ]);
    return true;
  } catch {
    return false;
  }
}
const available = hasModules();
if (!available)
  console.warn(
    'python-pandas tests skipped: numpy, pandas or boto3 is missing for /usr/bin/python3; install with: apt-get install -y --no-install-recommends python3-numpy python3-pandas python3-boto3',
  );

const open: LocalEnvironment[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

describe.skipIf(!available)('bundled scenario python-pandas (needs python3-numpy, python3-pandas, python3-boto3)', () => {
  it('answers the same in every strategy, with the dependency cost in INIT or the first invoke', async () => {
    const [scenario] = await loadScenarios(findScenarioFiles(path.join(BUNDLED_SCENARIOS_DIR, 'python-pandas')));
    const context = await pythonContext();
    const bodies: Record<string, unknown> = {};
    const timings: Record<string, { initMs: number; invokeMs: number }> = {};
    for (const variant of scenario!.variants.filter((v) => v.strategy !== 'prewarmed')) {
      const env = new LocalEnvironment(environmentSpec(scenario!, variant, context));
      open.push(env);
      const res = await env.request(scenario!.event);
      expect(res.error).toBeUndefined();
      bodies[variant.name] = res.body;
      timings[variant.name] = { initMs: (await env.init).initMs, invokeMs: res.invokeMs };
    }
    expect(bodies.preload).toEqual({
      regions: { ap: 37.5, eu: 40.28, us: 5.25 },
      p90_amount: 39.236,
      orders: 4,
      put: { client: 'S3', region: 'eu-west-1', bucket: 'reports-eu-west-1', key: 'reports/4-orders.json' },
    });
    expect(bodies.lazy).toEqual(bodies.preload);
    expect(bodies.initializer).toEqual(bodies.preload);
    // numpy + pandas + boto3 cost far more than 50 ms here; where they land depends on the strategy.
    expect(timings.preload!.initMs).toBeGreaterThan(50);
    expect(timings.preload!.invokeMs).toBeLessThan(timings.preload!.initMs);
    expect(timings.lazy!.initMs).toBeLessThan(20);
    expect(timings.lazy!.invokeMs).toBeGreaterThan(50);
    expect(timings.initializer!.initMs).toBeGreaterThan(50);
  });
});
