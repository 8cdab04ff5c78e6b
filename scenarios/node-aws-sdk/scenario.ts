import { defineScenario } from 'coldbench';

/**
 * The most common heavy dependency of a Node Lambda: AWS SDK v3 clients.
 * Every variant builds an S3Client and a DynamoDBClient (region from AWS_REGION,
 * static dummy credentials, so no credential lookup) and prepares a PutObject and
 * a GetItem command from the event without sending them: nothing touches the network.
 * The measured request needs the clients, so lazy loading only moves the import
 * cost from INIT into the first invoke.
 */
export default defineScenario({
  name: 'node-aws-sdk',
  description:
    'A handler that needs S3 and DynamoDB clients from AWS SDK v3 on every request: where should the SDK be imported and the clients built?',
  runtime: 'node',
  event: { bucket: 'invoices-eu-west-1', key: 'orders/2024/ord_1042.json', table: 'orders', id: 'ord_1042' },
  variants: {
    preload: { handler: 'preload.handler' },
    lazy: { handler: 'lazy.handler' },
    initializer: { handler: 'initializer.handler', initializer: 'initializer.initializer' },
    prewarmed: { handler: 'preload.handler' },
  },
});
