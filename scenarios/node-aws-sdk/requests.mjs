// What every variant does with the SDK. Nothing here is imported statically, so
// that each variant alone decides when the SDK is loaded.

/** Static dummy credentials: the default provider chain is never consulted, nothing is sent. */
export function clientConfig() {
  return {
    region: process.env.AWS_REGION,
    credentials: { accessKeyId: 'AKIDCOLDBENCHDUMMY', secretAccessKey: 'coldbench-dummy-secret' },
  };
}

/** Imports the SDK and builds the clients: what lazy and initializer do at their chosen moment. */
export async function loadSdk() {
  const [{ S3Client, PutObjectCommand }, { DynamoDBClient, GetItemCommand }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-dynamodb'),
  ]);
  return { s3: new S3Client(clientConfig()), dynamo: new DynamoDBClient(clientConfig()), PutObjectCommand, GetItemCommand };
}

/** Builds (never sends) a PutObject and a GetItem command from the event. */
export async function prepareRequests({ s3, dynamo, PutObjectCommand, GetItemCommand }, event) {
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
}
