/** The generated entry (each runtime's lambda-entry.ts) answers `{ coldbench: { env, served }, body }`: a cold sample is checked, not assumed. */

/** What the wrapper adds to every response. */
export interface EnvironmentStamp {
  env: string;
  served: number;
}

/** Splits a wrapped response; undefined when the payload did not come through the wrapper. */
export function unwrapResponse(payload: unknown): { stamp: EnvironmentStamp; body: unknown } | undefined {
  const p = payload as { coldbench?: { env?: unknown; served?: unknown }; body?: unknown } | null;
  if (!p || typeof p !== 'object' || !p.coldbench) return undefined;
  const { env, served } = p.coldbench;
  if (typeof env !== 'string' || typeof served !== 'number') return undefined;
  return { stamp: { env, served }, body: p.body };
}
