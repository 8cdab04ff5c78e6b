import {
  ListAliasesCommand,
  ListProvisionedConcurrencyConfigsCommand,
  ListTagsCommand,
  paginateListFunctions,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { errorText, namedError } from './client.js';
import { FUNCTION_PREFIX, RUN_TAG } from './naming.js';
import type { LambdaOps } from './ops.js';

/** A function an earlier run left behind. */
export interface Leftover {
  name: string;
  /** The run id tag, when the function has one. */
  runId?: string;
  aliases: string[];
  provisioned: string[];
}

/**
 * Functions named with the coldbench prefix (and, where present, the run tag),
 * with their aliases and provisioned configs. Only ListFunctions must succeed:
 * when listing a function's tags, aliases or provisioned configs fails (an API
 * the endpoint lacks, a denied permission), the function is still listed (and
 * deleted: DeleteFunction removes its aliases and configs with it), and the
 * failure goes to `warn`, naming the operation.
 */
export async function findLeftovers(
  client: LambdaClient,
  onlyRunId?: string,
  warn: (line: string) => void = () => undefined,
): Promise<Leftover[]> {
  const found: Leftover[] = [];
  const attempt = async <T>(command: object, read: (res: T) => string[] | undefined): Promise<string[] | undefined> => {
    try {
      return read((await client.send(command as never)) as T);
    } catch (error) {
      warn(errorText(namedError(error, command)));
      return undefined;
    }
  };
  try {
    for await (const page of paginateListFunctions({ client }, {})) {
      for (const fn of page.Functions ?? []) {
        if (!fn.FunctionName?.startsWith(FUNCTION_PREFIX) || !fn.FunctionArn) continue;
        const tagged = await attempt<{ Tags?: Record<string, string> }>(new ListTagsCommand({ Resource: fn.FunctionArn }), (r) => {
          const id = r.Tags?.[RUN_TAG];
          return id ? [id] : [];
        });
        const runId = tagged?.[0];
        if (onlyRunId && runId !== onlyRunId) continue;
        const aliases =
          (await attempt<{ Aliases?: { Name?: string }[] }>(new ListAliasesCommand({ FunctionName: fn.FunctionName }), (r) =>
            (r.Aliases ?? []).map((a) => a.Name ?? '').filter(Boolean),
          )) ?? [];
        const provisioned =
          (await attempt<{ ProvisionedConcurrencyConfigs?: { FunctionArn?: string }[] }>(
            new ListProvisionedConcurrencyConfigsCommand({ FunctionName: fn.FunctionName }),
            (r) => (r.ProvisionedConcurrencyConfigs ?? []).map((c) => c.FunctionArn?.split(':').pop() ?? '').filter(Boolean),
          )) ?? [];
        found.push({ name: fn.FunctionName, ...(runId ? { runId } : {}), aliases, provisioned });
      }
    }
  } catch (error) {
    throw namedError(error, { constructor: { name: 'ListFunctionsCommand' } });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** What `--cleanup` shows before deleting anything. Pure. */
export function describeLeftovers(leftovers: Leftover[], region: string): string {
  if (leftovers.length === 0) return `coldbench --cleanup: no function named ${FUNCTION_PREFIX}* in ${region}; nothing to delete.`;
  const lines = [`coldbench --cleanup: ${leftovers.length} function${leftovers.length === 1 ? '' : 's'} in ${region} to delete:`];
  for (const l of leftovers) {
    const extra = [
      l.runId ? `run ${l.runId}` : `no ${RUN_TAG} tag (matched by name prefix)`,
      ...(l.aliases.length ? [`aliases ${l.aliases.join(', ')}`] : []),
      ...(l.provisioned.length ? [`provisioned concurrency on ${l.provisioned.join(', ')}`] : []),
    ];
    lines.push(`  ${l.name}  (${extra.join('; ')})`);
  }
  return lines.join('\n');
}

/** Deletes leftovers through the ops' ledger (provisioned configs, aliases, then the function with all its versions). */
export async function deleteLeftovers(ops: LambdaOps, leftovers: Leftover[], progress: (line: string) => void): Promise<string[]> {
  for (const l of leftovers) {
    ops.ledger.addFunction(l.name);
    for (const q of l.provisioned) ops.ledger.add('provisioned', l.name, q);
    for (const a of l.aliases) ops.ledger.add('aliases', l.name, a);
  }
  return ops.deleteAll(progress);
}
