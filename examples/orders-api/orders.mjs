// The common path: look an order up in an in-memory table (a stand-in for a database read).
const ORDERS = new Map([
  [
    'ord_1042',
    {
      id: 'ord_1042',
      customer: 'Ada Lovelace',
      currency: 'EUR',
      lines: [
        { sku: 'BK-0042', qty: 1, unitCents: 3450 },
        { sku: 'PN-0007', qty: 2, unitCents: 1890 },
      ],
    },
  ],
]);

export function findOrder(id) {
  const order = ORDERS.get(id);
  if (!order) return undefined;
  const lines = order.lines.map((l) => ({ ...l, totalCents: l.qty * l.unitCents }));
  return { ...order, lines, totalCents: lines.reduce((sum, l) => sum + l.totalCents, 0) };
}

/** An API Gateway (HTTP API) JSON response. */
export function json(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
