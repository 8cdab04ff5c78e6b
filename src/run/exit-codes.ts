/**
 * Exit codes: what a script calling coldbench can rely on, on every target.
 * | code | meaning |
 * |---|---|
 * | 0 | every sample was taken and none failed |
 * | 1 | the run finished, but some samples failed (their rows say why), or the run stopped on an error and is partial |
 * | 2 | nothing was run: a configuration mistake (the message names the file, field or flag) |
 * | 130 | interrupted (Ctrl-C, SIGTERM, SIGHUP); the samples taken so far are on disk |
 */
export const EXIT = { ok: 0, samplesFailed: 1, usage: 2, interrupted: 130 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of a run that got this far. Pure. */
export function exitCodeOf(outcome: { interrupted: boolean; failedSamples: number; partial: boolean }): ExitCode {
  if (outcome.interrupted) return EXIT.interrupted;
  return outcome.failedSamples > 0 || outcome.partial ? EXIT.samplesFailed : EXIT.ok;
}
