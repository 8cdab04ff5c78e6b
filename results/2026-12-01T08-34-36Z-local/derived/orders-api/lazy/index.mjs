// Derived by coldbench from "/work/wt/derive/examples/orders-api/index.mjs": the lazy copy (see the report). The original is not modified.
let __coldbench_p0;
const __coldbench_load0 = () => (__coldbench_p0 ??= import("file:///work/wt/derive/node_modules/pdf-lib/cjs/index.js"));
// orders-api: one Lambda function written the usual way, every import at the top.
// GET /orders/{id} answers with the order as JSON and prepares (never sends) an S3
// put of a receipt; only the rare ?format=pdf request renders an invoice with pdf-lib.
// coldbench benchmarks it as it is:
//   npm run bench -- --handler examples/orders-api/index.handler --event examples/orders-api/event.json
import { PutObjectCommand, S3Client } from "file:///work/wt/derive/node_modules/@aws-sdk/client-s3/dist-cjs/index.js";

import "file:///work/wt/derive/examples/orders-api/tracing.mjs";
import { findOrder, json } from "file:///work/wt/derive/examples/orders-api/orders.mjs";

// Built once per environment, at module top level, as most functions do.
const s3 = new S3Client({
  region: process.env.AWS_REGION,
  credentials: { accessKeyId: 'AKIDCOLDBENCHDUMMY', secretAccessKey: 'coldbench-dummy-secret' },
});

async function invoicePdf(order) {
  const pdf = await (await __coldbench_load0())["PDFDocument"].create();
  const font = await pdf.embedFont((await __coldbench_load0())["StandardFonts"].Helvetica);
  const page = pdf.addPage([595.28, 841.89]);
  page.drawText(`Invoice ${order.id}: ${(order.totalCents / 100).toFixed(2)} ${order.currency}`, { x: 50, y: 780, size: 14, font });
  return Buffer.from(await pdf.save({ useObjectStreams: false })).toString('base64');
}

export const handler = async (event) => {
  const order = findOrder(event.pathParameters?.id);
  if (!order) return json(404, { message: 'order not found' });
  if (event.queryStringParameters?.format === 'pdf') {
    return { statusCode: 200, headers: { 'content-type': 'application/pdf' }, isBase64Encoded: true, body: await invoicePdf(order) };
  }
  const receipt = new PutObjectCommand({ Bucket: 'orders-receipts', Key: `${order.id}.json`, Body: JSON.stringify(order), ContentType: 'application/json' });
  return json(200, { ...order, receipt: { region: await s3.config.region(), bucket: receipt.input.Bucket, key: receipt.input.Key } });
};


// coldbench: loads, on the first request, the lazy modules that cannot be loaded where used.
let __coldbench_loading;
export function __coldbench_ensure() {
  return undefined;
}

// coldbench: loads every lazy module now (the initializer variant).
export async function __coldbench_preload() {
  await __coldbench_load0();
  await __coldbench_ensure();
}
