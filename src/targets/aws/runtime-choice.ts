import { ConfigError } from '../../core/config-error.js';
import { runtimeFor } from '../../runtimes/registry.js';
import type { Scenario } from '../../scenario/types.js';

/**
 * The Lambda runtime a scenario's functions are created with: `--lambda-runtime`
 * (the value for the scenario's language) over the scenario's `aws.runtime`
 * over the runtime descriptor's default. A runtime Lambda does not list for
 * the language is a configuration error naming where it came from.
 */
export function lambdaRuntimeFor(scenario: Scenario, flagRuntimes: readonly string[] = []): string {
  const lambda = runtimeFor(scenario.runtime).lambda;
  const family = (id: string) => (id.startsWith('nodejs') ? 'node' : id.startsWith('python') ? 'python' : id);
  const fromFlag = flagRuntimes.find((id) => family(id) === scenario.runtime);
  const chosen = fromFlag ?? scenario.aws?.runtime ?? lambda.defaultRuntime;
  if (!lambda.runtimes.includes(chosen)) {
    const where = fromFlag ? `--lambda-runtime ${fromFlag}` : `${scenario.file}: field "aws.runtime" (${chosen})`;
    throw new ConfigError([
      `${where}: not a Lambda runtime coldbench deploys ${scenario.runtime} to; use one of ${lambda.runtimes.join(', ')}`,
    ]);
  }
  return chosen;
}

/** Checks --lambda-runtime once: at most one value per language. */
export function checkLambdaRuntimeFlag(flagRuntimes: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const id of flagRuntimes) {
    const family = id.replace(/\d.*$/, '');
    const before = seen.get(family);
    if (before)
      throw new ConfigError([
        `--lambda-runtime: ${before} and ${id} are both ${family} runtimes; give one per language (run twice to compare runtimes)`,
      ]);
    seen.set(family, id);
  }
}
