/** The ways of loading a handler's dependencies that coldbench compares (snapstart: AWS only, see core/strategies.ts). */
export const STRATEGIES = ['preload', 'lazy', 'initializer', 'prewarmed', 'snapstart'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Runtimes a scenario can use. Each has a bootstrap under src/runtimes/. */
export const RUNTIMES = ['node', 'python'] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

/** JSON value, as an event or a handler response. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
