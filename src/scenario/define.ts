import type { ScenarioInput } from './types.js';

/**
 * Identity helper that gives a scenario definition its types, like vitest's `defineConfig`.
 * A plain object default export works just as well.
 */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
export type { ScenarioInput, VariantInput, Strategy } from './types.js';
