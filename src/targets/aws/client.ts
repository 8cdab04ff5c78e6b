import { LambdaClient } from '@aws-sdk/client-lambda';

/** How long waiters poll (seconds). Real AWS: the SDK's 1 s first delay; tests use a fast endpoint and short delays. */
export interface WaiterTiming {
  minDelaySeconds: number;
  maxDelaySeconds: number;
  maxWaitSeconds: number;
}

export const AWS_WAITER_TIMING: WaiterTiming = { minDelaySeconds: 1, maxDelaySeconds: 5, maxWaitSeconds: 300 };

/**
 * A Lambda client on the SDK's standard credential chain (environment, AWS_PROFILE
 * and shared config, SSO, container and instance roles) and endpoint resolution
 * (AWS_ENDPOINT_URL_LAMBDA overrides it). Throttling and 5xx are retried by the
 * SDK's standard retry strategy, which honours Retry-After.
 */
export function createLambdaClient(region: string): LambdaClient {
  return new LambdaClient({ region, maxAttempts: 6, retryMode: 'standard' });
}

/** What to tell a user whose credential chain came up empty. */
export const CREDENTIAL_HELP =
  'no AWS credentials: set AWS_PROFILE (after `aws sso login` or `aws configure`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance/container role is available';

/** Resolves credentials once before anything is created; the error says how to provide them. Any SDK v3 client (Lambda, CloudWatch Logs). */
export async function checkCredentials(
  client: Pick<LambdaClient, 'config'> | { config: { credentials: () => Promise<{ accessKeyId?: string }> } },
): Promise<string | undefined> {
  try {
    const credentials = await client.config.credentials();
    if (!credentials.accessKeyId) return 'the credential chain returned no access key';
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/** The error name an SDK call failed with (ServiceException subclasses carry it in `name`). */
export function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? 'Error';
}

export function errorText(error: unknown): string {
  const name = errorName(error);
  const message = (error as Error)?.message ?? String(error);
  return message.startsWith(name) ? message : `${name}: ${message}`;
}

/**
 * The error a call failed with, its message prefixed with the operation and the
 * function (`GetFunction coldbench-…: …`); its name, $metadata and
 * other fields stay, so that retry decisions still see them.
 */
export function namedError(error: unknown, command: object): unknown {
  if (!(error instanceof Error)) return error;
  const operation = command.constructor.name.replace(/Command$/, '');
  const input = (command as { input?: { FunctionName?: string; Qualifier?: string } }).input;
  const target = input?.FunctionName ? ` ${input.FunctionName}${input.Qualifier ? `:${input.Qualifier}` : ''}` : '';
  const prefix = `${operation}${target}: `;
  if (!error.message.startsWith(prefix)) {
    try {
      error.message = prefix + error.message;
    } catch {
      return error; // a frozen error keeps its message
    }
  }
  return error;
}
