// Here, not in validate.ts, so that the harness process can check JSON without loading zod.

/**
 * The deepest nesting an event may have. Both bootstraps take more (Node's
 * JSON.stringify about 4,000 levels, Python's JSON scanner about 1,000, as
 * Lambda's Python runtime), but a margin below the smallest keeps the harness's
 * own stack and the handler's out of it.
 */
export const MAX_EVENT_DEPTH = 500;

/** Lambda's limit for a synchronous invocation's payload: 6 MB of JSON. */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;

/**
 * The first place in a value that JSON cannot carry, as a path and a
 * description; undefined for plain JSON. Walks the value without recursion,
 * so that no nesting depth can overflow the stack, and reports nesting deeper
 * than MAX_EVENT_DEPTH as a problem of its own.
 */
export function findNonJson(
  value: unknown,
  at: (string | number)[] = [],
): { path: (string | number)[]; what: string; tooDeep?: true } | undefined {
  // Depth-first, in document order: the first problem found is the first in the text.
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: at }];
  while (stack.length > 0) {
    const { value: v, path: p } = stack.pop()!;
    if (p.length - at.length > MAX_EVENT_DEPTH) {
      // The path of where it starts, not all of its 500 steps.
      return {
        path: p.slice(0, at.length + 3),
        what: `nested deeper than ${MAX_EVENT_DEPTH} levels (Python's JSON parser, on Lambda too, stops near 1,000; coldbench takes up to ${MAX_EVENT_DEPTH})`,
        tooDeep: true,
      };
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: p, what: String(v) };
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...p, i] });
      continue;
    }
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...p, entries[i]![0]] });
      continue;
    }
    const what = typeof v === 'object' ? `a ${(v as object).constructor?.name ?? 'non-plain'} object` : `a ${typeof v}`;
    return { path: p, what };
  }
  return undefined;
}

/** A problem with the size of an event (its JSON text, in UTF-8), or undefined when Lambda would take it. Call it on a value findNonJson accepted. */
export function eventSizeProblem(value: unknown): string | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  if (bytes <= MAX_EVENT_BYTES) return undefined;
  return `is ${(bytes / 1024 / 1024).toFixed(1)} MB of JSON; Lambda refuses a synchronous invocation over 6 MB (RequestEntityTooLargeException), so no function of this event could be measured there: use a smaller event`;
}

/**
 * Why a JSON text did not parse, for a message: a leading byte order mark
 * (invisible in an editor, and not allowed by JSON) is named as such;
 * otherwise the parser's own words.
 */
export function notJsonReason(text: string, error: Error): string {
  if (text.startsWith('\uFEFF'))
    return 'starts with a byte order mark (BOM, U+FEFF), which JSON does not allow; save the file as UTF-8 without BOM';
  return `not JSON (${error.message})`;
}
