/**
 * What to do about a function that fails when coldbench runs it as it is
 * (--handler): the common causes seen on real handlers, recognised from the
 * error text, each with the fix. Pure.
 */

/** Environment variable names an error says are missing (Python `KeyError: 'BUCKET'` from os.environ, or a message naming them). */
export function missingVariables(error: string): string[] {
  const names = new Set<string>();
  const readsEnvironment = /os\.environ|getenv|process\.env|environment variable|env var/i.test(error);
  const keyError = /KeyError: '([A-Za-z_][A-Za-z0-9_]*)'/.exec(error);
  if (keyError && /environ/.test(error)) names.add(keyError[1]!);
  if (readsEnvironment)
    for (const m of error.matchAll(/\b([A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z]{3,})\b/g))
      if (!/^(TypeError|KeyError|ERROR|INIT|JSON|AWS_LAMBDA_[A-Z_]+)$/.test(m[1]!)) names.add(m[1]!);
  return [...names];
}

/** The hint for a failure of the original handler or of a derived variant, or undefined when the error says nothing coldbench recognises. */
export function failureHint(error: string): string | undefined {
  const hints: string[] = [];
  const missing = missingVariables(error);
  if (missing.length > 0 || /os\.environ|process\.env|environment variable/i.test(error)) {
    const example = missing[0] ?? 'NAME';
    hints.push(
      `it reads environment variables${missing.length > 0 ? ` (${missing.join(', ')})` : ''} that the environment does not have: give them with --env ${example}=VALUE (repeatable) or --env-file FILE (KEY=VALUE lines)`,
    );
  }
  if (/takes (1|0) positional arguments? but 2 were given/.test(error)) {
    hints.push(
      'Lambda calls a handler with two arguments, (event, context), and coldbench does the same: a handler written as `def handler(event)` fails on Lambda too; add the parameter: `def handler(event, context)`',
    );
  }
  if (/Cannot use import statement outside a module|Unexpected token 'export'/.test(error)) {
    hints.push('the file uses ES module syntax but is loaded as CommonJS: rename it to .mjs, or add "type": "module" to its package.json');
  }
  return hints.length > 0 ? hints.join('; ') : undefined;
}
