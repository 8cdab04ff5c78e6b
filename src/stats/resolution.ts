/**
 * The instrument's resolution for a difference, by default: the largest error
 * with which the committed overhead report recovers a known, planted import
 * cost (results/overhead-2026-11-22T11-01-55Z-local/overhead.md, table
 * "Accuracy: planted import costs": Node, 200 ms planted, preload INIT
 * recovered as 200 ms, error +0.186 ms; the other five errors are 0.044–0.169 ms).
 * A difference smaller than this is not something the harness can attribute
 * to the function rather than to itself.
 */
export const DEFAULT_RESOLUTION_MS = 0.186;

/** Where the default comes from, for report headers. */
export const DEFAULT_RESOLUTION_SOURCE =
  'the largest error recovering a planted cost in the committed overhead report results/overhead-2026-11-22T11-01-55Z-local';

/** A run's resolution: its own measured floor when it has one, else the default. */
export function resolutionOf(meta: { resolutionMs?: number }): { ms: number; measured: boolean } {
  return meta.resolutionMs !== undefined && meta.resolutionMs >= 0
    ? { ms: meta.resolutionMs, measured: true }
    : { ms: DEFAULT_RESOLUTION_MS, measured: false };
}

/** Whether an interval of a difference lies entirely within ±resolutionMs: the difference is then equivalent within the instrument's resolution. */
export function withinResolution(ci: readonly [number, number], resolutionMs: number): boolean {
  return ci[0] >= -resolutionMs && ci[1] <= resolutionMs;
}
