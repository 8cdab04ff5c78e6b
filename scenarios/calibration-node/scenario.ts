import { defineScenario } from 'coldbench';

/**
 * A dependency of known cost: planted.mjs busy-waits PLANTED_MS at import.
 * The instrument should find that cost in INIT for preload and initializer,
 * in the first invoke for lazy, and nowhere on the measured path of prewarmed;
 * `control` imports nothing and shows what an empty handler costs.
 */
export default defineScenario({
  name: 'calibration-node',
  description: 'A planted dependency that costs exactly 200 ms of CPU at import, to check that the instrument recovers a known truth.',
  runtime: 'node',
  event: { n: 1 },
  env: { PLANTED_MS: '200' },
  variants: {
    control: { strategy: 'preload', handler: 'control.handler' },
    preload: { handler: 'preload.handler' },
    lazy: { handler: 'lazy.handler' },
    initializer: { handler: 'initializer.handler', initializer: 'initializer.initializer' },
    prewarmed: { handler: 'preload.handler' },
  },
});
