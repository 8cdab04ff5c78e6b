// preload: the SDK is imported and the clients are built at module top level, during INIT.
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { clientConfig, prepareRequests } from './requests.mjs';

const sdk = { s3: new S3Client(clientConfig()), dynamo: new DynamoDBClient(clientConfig()), PutObjectCommand, GetItemCommand };

export const handler = async (event) => {
  if (event.coldbench === 'prewarm') return { warm: true };
  return prepareRequests(sdk, event);
};
