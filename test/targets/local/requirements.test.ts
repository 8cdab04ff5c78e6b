import { beforeAll, describe, expect, it } from 'vitest';
import { checkRequirements } from '../../../src/targets/local/requirements.js';
import { fixtureScenario, pythonContext, pythonFixtureScenario, resolvePython, runnerContext } from '../../helpers.js';

describe('checkRequirements', () => {
  beforeAll(async () => {
    await resolvePython();
  });

  it('skips a Python scenario whose modules are missing, naming them and the install command, and keeps the others', async () => {
    const missing = pythonFixtureScenario({
      name: 'needs',
      requires: ['json', 'coldbench_no_such_module', 'coldbench_other.sub'],
      variants: { preload: { handler: 'echo.handler' } },
    });
    const fine = pythonFixtureScenario({
      name: 'fine',
      requires: ['json', 'xml.etree'],
      variants: { preload: { handler: 'echo.handler' } },
    });
    const { runnable, skipped } = await checkRequirements([missing, fine], await pythonContext());
    expect(runnable.map((s) => s.name)).toEqual(['fine']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.scenario).toBe('needs');
    expect(skipped[0]!.reason).toContain('"coldbench_no_such_module", "coldbench_other.sub"');
    expect(skipped[0]!.reason).not.toContain('"json"');
    expect(skipped[0]!.reason).toContain('field "requires"');
    expect(skipped[0]!.reason).toContain(
      'apt-get install -y --no-install-recommends python3-coldbench-no-such-module python3-coldbench-other',
    );
  });

  it('checks Node packages in the node_modules folders above the scenario', async () => {
    const scenario = fixtureScenario({
      requires: ['tinybench', 'coldbench-no-such-package'],
      variants: { preload: { handler: 'esm-sync.handler' } },
    });
    const { runnable, skipped } = await checkRequirements([scenario], runnerContext);
    expect(runnable).toEqual([]);
    expect(skipped[0]!.reason).toContain('"coldbench-no-such-package"');
    expect(skipped[0]!.reason).toContain('npm install coldbench-no-such-package');
  });
});
