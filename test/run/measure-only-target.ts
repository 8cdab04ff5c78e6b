/** A target for tests of the run pipeline's own logic: it measures with `measure` and has nothing to prepare, describe or release. */
import type { Target } from '../../src/run/target.js';

export function measureOnlyTarget(measure: Target['measure'], options: { concurrency?: number; roundsOverlap?: boolean } = {}): Target {
  return {
    name: 'local',
    concurrency: options.concurrency ?? 1,
    ...(options.roundsOverlap ? { roundsOverlap: true } : {}),
    prepare: async () => [],
    measure,
    cleanup: async () => [],
    pending: () => [],
    describe: () => ({
      region: null,
      order: '',
      interpreters: {},
      environment: { policy: '', variables: {} },
      pageCache: { mode: 'warm' },
    }),
  };
}
