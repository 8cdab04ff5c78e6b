// The common path: look an order up and answer with JSON. Cheap to import; a stand-in
// for a database read (an in-memory table, so nothing goes over the network).
const ORDERS = new Map([
  [
    'ord_1042',
    {
      id: 'ord_1042',
      customer: 'Ada Lovelace',
      currency: 'EUR',
      placedAt: '2024-05-14T09:21:00Z',
      lines: [
        { sku: 'BK-0042', title: 'Notes on the Analytical Engine', qty: 1, unitCents: 3450 },
        { sku: 'PN-0007', title: 'Fountain pen, steel nib', qty: 2, unitCents: 1890 },
        { sku: 'NB-0100', title: 'Squared notebook A5', qty: 3, unitCents: 650 },
      ],
    },
  ],
]);

/** The order with its computed totals, or undefined. */
export function findOrder(id) {
  const order = ORDERS.get(id);
  if (!order) return undefined;
  const lines = order.lines.map((line) => ({ ...line, totalCents: line.qty * line.unitCents }));
  return { ...order, lines, totalCents: lines.reduce((sum, line) => sum + line.totalCents, 0) };
}

/** An API Gateway (HTTP API) JSON response. */
export function json(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** True when the request asks for the rare PDF rendering (?format=pdf). */
export const wantsPdf = (event) => event.queryStringParameters?.format === 'pdf';
