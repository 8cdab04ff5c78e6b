/** A configuration mistake found before anything ran: the run stops with these messages (exit code 2). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}
