/**
 * A scenario's `env` is copied into run.json (and could reach a report), which
 * people commit next to their code: values whose names look secret are
 * replaced before they are written. Pure.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '<redacted>';

/** Names that look secret: `*_KEY`, `*_SECRET`, `*_TOKEN` (and the bare words), anything with `PASSWORD`; case-insensitive. */
const SECRET_NAME = /(^|_)(KEY|SECRET|TOKEN)$|PASSWORD/i;

/** Whether a variable's name looks like it holds a secret. */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of `env` with the values of secret-looking names replaced by `<redacted>`; other values as they are. */
export function redactEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, looksSecret(name) ? REDACTED : value]));
}
