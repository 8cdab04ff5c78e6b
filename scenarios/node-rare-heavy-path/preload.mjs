// preload: the PDF renderer (and pdf-lib) is imported at top level, so every cold start pays for it.
import { findOrder, json, wantsPdf } from './orders.mjs';
import { invoiceResponse } from './invoice-pdf.mjs';

export const handler = async (event) => {
  if (event.coldbench === 'prewarm') return { warm: true };
  const order = findOrder(event.pathParameters?.id);
  if (!order) return json(404, { message: 'order not found' });
  return wantsPdf(event) ? invoiceResponse(order) : json(200, order);
};
