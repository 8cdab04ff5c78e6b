// lazy: the SDK is imported and the clients are built on the first request, then cached in module variables.
let sdk;

async function load() {
  const [{ S3Client, PutObjectCommand }, { DynamoDBClient, GetItemCommand }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-dynamodb'),
  ]);
  // Static dummy credentials: the default provider chain is never consulted, nothing is sent.
  const config = {
    region: process.env.AWS_REGION,
    credentials: { accessKeyId: 'AKIDCOLDBENCHDUMMY', secretAccessKey: 'coldbench-dummy-secret' },
  };
  return { s3: new S3Client(config), dynamo: new DynamoDBClient(config), PutObjectCommand, GetItemCommand };
}

export const handler = async (event) => {
  if (event.coldbench === 'prewarm') return { warm: true };
  sdk ??= load(); // the promise is cached, so the SDK is loaded once
  const { s3, dynamo, PutObjectCommand, GetItemCommand } = await sdk;
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
