import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/**
 * A CloudWatch Logs client on the SDK's standard credential chain and endpoint
 * resolution (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS overrides it), with the same
 * retry policy as the Lambda client of the AWS target (src/targets/aws/client.ts):
 * throttling (FilterLogEvents allows a few requests per second per account) and 5xx are retried.
 */
export function createLogsClient(region: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ region, maxAttempts: 6, retryMode: 'standard' });
}
