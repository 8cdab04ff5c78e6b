// preload: the SDK is imported and the clients are built at module top level, during INIT.
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

// Static dummy credentials: the default provider chain is never consulted, nothing is sent.
const config = {
  region: process.env.AWS_REGION,
  credentials: { accessKeyId: 'AKIDCOLDBENCHDUMMY', secretAccessKey: 'coldbench-dummy-secret' },
};
const s3 = new S3Client(config);
const dynamo = new DynamoDBClient(config);

export const handler = async (event) => {
  if (event.coldbench === 'prewarm') return { warm: true };
  const put = new PutObjectCommand({ Bucket: event.bucket, Key: event.key, Body: JSON.stringify(event), ContentType: 'application/json' });
  const get = new GetItemCommand({ TableName: event.table, Key: { id: { S: event.id } } });
  return {
    region: await s3.config.region(),
    clients: [s3.constructor.name, dynamo.constructor.name],
    commands: [put.constructor.name, get.constructor.name],
    bucket: put.input.Bucket,
    key: put.input.Key,
    table: get.input.TableName,
    id: get.input.Key.id.S,
  };
};
