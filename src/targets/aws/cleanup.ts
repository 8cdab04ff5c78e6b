import {
  ListAliasesCommand,
  ListProvisionedConcurrencyConfigsCommand,
  ListTagsCommand,
  paginateListFunctions,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
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

/** Functions named with the coldbench prefix (and, where present, the run tag), with their aliases and provisioned configs. */
export async function findLeftovers(client: LambdaClient, onlyRunId?: string): Promise<Leftover[]> {
  const found: Leftover[] = [];
  for await (const page of paginateListFunctions({ client }, {})) {
    for (const fn of page.Functions ?? []) {
      if (!fn.FunctionName?.startsWith(FUNCTION_PREFIX) || !fn.FunctionArn) continue;
      const tags = (await client.send(new ListTagsCommand({ Resource: fn.FunctionArn }))).Tags ?? {};
      const runId = tags[RUN_TAG];
      if (onlyRunId && runId !== onlyRunId) continue;
      const aliases = ((await client.send(new ListAliasesCommand({ FunctionName: fn.FunctionName }))).Aliases ?? []).map((a) => a.Name!).filter(Boolean);
      const provisioned = ((await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: fn.FunctionName }))).ProvisionedConcurrencyConfigs ?? [])
        .map((c) => c.FunctionArn?.split(':').pop() ?? '')
        .filter(Boolean);
      found.push({ name: fn.FunctionName, ...(runId ? { runId } : {}), aliases, provisioned });
    }
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
