// orders-api: one Lambda function written the usual way, every import at the top.
// GET /orders/{id} answers with the order as JSON and prepares (never sends) an S3
// put of a receipt; only the rare ?format=pdf request renders an invoice with pdf-lib.
// coldbench benchmarks it as it is:
//   npm run bench -- --handler examples/orders-api/index.handler --event examples/orders-api/event.json
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import './tracing.mjs';
import { findOrder, json } from './orders.mjs';

// Built once per environment, at module top level, as most functions do.
const s3 = new S3Client({
  region: process.env.AWS_REGION,
  credentials: { accessKeyId: 'AKIDCOLDBENCHDUMMY', secretAccessKey: 'coldbench-dummy-secret' },
});

async function invoicePdf(order) {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
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
  const receipt = new PutObjectCommand({
    Bucket: 'orders-receipts',
    Key: `${order.id}.json`,
    Body: JSON.stringify(order),
    ContentType: 'application/json',
  });
  return json(200, { ...order, receipt: { region: await s3.config.region(), bucket: receipt.input.Bucket, key: receipt.input.Key } });
};
