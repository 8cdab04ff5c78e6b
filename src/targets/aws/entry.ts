/** The generated entry (each runtime's lambda-entry.ts) answers `{ coldbench: { env, served, … }, body }`: a cold sample is checked, not assumed. */

/** What the wrapper adds to every response. */
export interface EnvironmentStamp {
  env: string;
  served: number;
  /** First request only: milliseconds the environment sat initialized before the request arrived. */
  idleMs?: number;
  /** SnapStart: this environment was restored from a snapshot (its after-restore hook ran). */
  restored?: boolean;
  /** The instrumented breakdown entry's first response: the import-time records as the runtime's parser reads them. */
  imports?: string;
  /** With `imports` (Node): the folder the package runs from, so module paths can be shown relative to it. */
  taskRoot?: string;
}

/** Splits a wrapped response; undefined when the payload did not come through the wrapper. */
export function unwrapResponse(payload: unknown): { stamp: EnvironmentStamp; body: unknown } | undefined {
  const p = payload as { coldbench?: Record<string, unknown>; body?: unknown } | null;
  if (!p || typeof p !== 'object' || !p.coldbench) return undefined;
  const { env, served, idleMs, restored, imports, taskRoot } = p.coldbench;
  if (typeof env !== 'string' || typeof served !== 'number') return undefined;
  return {
    stamp: {
      env,
      served,
      ...(typeof idleMs === 'number' ? { idleMs } : {}),
      ...(restored === true ? { restored } : {}),
      ...(typeof imports === 'string' ? { imports } : {}),
      ...(typeof taskRoot === 'string' ? { taskRoot } : {}),
    },
    body: p.body,
  };
}
