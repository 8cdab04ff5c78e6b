import { GetAliasCommand } from '@aws-sdk/client-lambda';
import { createLambdaClient } from '../targets/aws/client.js';

/** `$LATEST` or a published version number: named in the log stream names as they are. */
export function isVersion(qualifier: string): boolean {
  return qualifier === '$LATEST' || /^\d+$/.test(qualifier);
}

/**
 * The function versions a `--qualifier` stands for. Log streams name versions
 * (`[$LATEST]`, `[12]`), not aliases: an alias is resolved with Lambda
 * GetAlias (permission `lambda:GetAlias`) to the version it points to now,
 * plus any version it routes a share of traffic to. SDK errors propagate.
 */
export async function resolveQualifier(functionName: string, qualifier: string, region: string): Promise<string[]> {
  if (isVersion(qualifier)) return [qualifier];
  const alias = await createLambdaClient(region).send(new GetAliasCommand({ FunctionName: functionName, Name: qualifier }));
  return [...new Set([alias.FunctionVersion ?? '', ...Object.keys(alias.RoutingConfig?.AdditionalVersionWeights ?? {})].filter(Boolean))];
}
