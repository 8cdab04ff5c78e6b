// Here, not in validate.ts, so that the harness process can check JSON without loading zod.

/** The first place in a value that JSON cannot carry, as a path and a description; undefined for plain JSON. */
export function findNonJson(value: unknown, at: (string | number)[] = []): { path: (string | number)[]; what: string } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path: at, what: String(value) };
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = findNonJson(item, [...at, i]);
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const bad = findNonJson(item, [...at, key]);
      if (bad) return bad;
    }
    return undefined;
  }
  const what = typeof value === 'object' ? `a ${(value as object).constructor?.name ?? 'non-plain'} object` : `a ${typeof value}`;
  return { path: at, what };
}
