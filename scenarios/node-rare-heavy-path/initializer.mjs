// initializer: the PDF renderer (and pdf-lib) is imported in initializer(), once per environment before the first request.
import { findOrder, json, wantsPdf } from './orders.mjs';

let invoiceResponse;

export async function initializer() {
  ({ invoiceResponse } = await import('./invoice-pdf.mjs'));
}

export const handler = async (event) => {
  if (event.coldbench === 'prewarm') return { warm: true };
  const order = findOrder(event.pathParameters?.id);
  if (!order) return json(404, { message: 'order not found' });
  return wantsPdf(event) ? invoiceResponse(order) : json(200, order);
};
