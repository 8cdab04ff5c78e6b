import type { Runtime } from '../../runtimes/runtime.js';
import type { Scenario } from '../../scenario/types.js';
import { environmentSpec, type LocalRunOptions } from './local-runner.js';

export interface Skipped {
  scenario: string;
  reason: string;
}

/**
 * Checks, before anything is measured, that each scenario's required modules
 * (field `requires`) can be found by its interpreter, with the environment its
 * handlers get. A scenario that lacks some is skipped, with a message naming
 * them and the command that installs them; the others run.
 */
export async function checkRequirements(
  scenarios: Scenario[],
  options: Pick<LocalRunOptions, 'region' | 'runtimeFor'>,
): Promise<{ runnable: Scenario[]; skipped: Skipped[] }> {
  const runnable: Scenario[] = [];
  const skipped: Skipped[] = [];
  for (const scenario of scenarios) {
    const { runtime, interpreter }: { runtime: Runtime; interpreter: string } = options.runtimeFor(scenario);
    // A scenario whose variants are still to be derived has none yet: its handler stands in.
    const variant = scenario.variants[0] ?? { name: 'original', strategy: 'preload' as const, handler: scenario.derive!.handler };
    const missing = await runtime.missingModules(interpreter, scenario, environmentSpec(scenario, variant, options).env);
    if (missing.length === 0) {
      runnable.push(scenario);
      continue;
    }
    const names = missing.map((m) => `"${m}"`).join(', ');
    skipped.push({
      scenario: scenario.name,
      reason: `skipped: ${interpreter} cannot find the module${missing.length > 1 ? 's' : ''} ${names} it requires (field "requires" in ${scenario.file}); install with: ${runtime.installHint(interpreter, missing)}`,
    });
  }
  return { runnable, skipped };
}
