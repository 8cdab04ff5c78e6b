// The rare path: render an order as an invoice PDF with pdf-lib (the heavy dependency).
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

const money = (cents, currency) => `${(cents / 100).toFixed(2)} ${currency}`;

/** An API Gateway (HTTP API) response carrying the invoice PDF, base64-encoded. */
export async function invoiceResponse(order) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice ${order.id}`);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([595.28, 841.89]); // A4
  let y = 780;
  const line = (text, { f = font, size = 11, x = 50 } = {}) => {
    page.drawText(text, { x, y, size, font: f, color: rgb(0.1, 0.1, 0.1) });
    y -= size + 8;
  };
  line(`Invoice ${order.id}`, { f: bold, size: 20 });
  line(`${order.customer}, ordered ${order.placedAt.slice(0, 10)}`);
  y -= 12;
  for (const l of order.lines) line(`${l.qty} x ${l.title} (${l.sku})  ${money(l.totalCents, order.currency)}`);
  y -= 12;
  line(`Total ${money(order.totalCents, order.currency)}`, { f: bold, size: 13 });
  const bytes = await pdf.save();
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${order.id}.pdf"` },
    isBase64Encoded: true,
    body: Buffer.from(bytes).toString('base64'),
  };
}
