import { defineScenario } from 'coldbench';

/**
 * A dependency that only rare requests need. `GET /orders/{id}` answers with JSON
 * (the measured, common request); the rare `GET /orders/{id}?format=pdf` renders an
 * invoice PDF with pdf-lib, which costs about 200 ms to import here. Lazy loading
 * should take that cost out of every cold start and lose nothing on the common path;
 * preload and initializer pay it in INIT for requests that never use it.
 */
export default defineScenario({
  name: 'node-rare-heavy-path',
  description:
    'An orders API where only the rare ?format=pdf request needs pdf-lib: should the PDF library be loaded at start-up or on the first request that needs it?',
  runtime: 'node',
  event: {
    version: '2.0',
    routeKey: 'GET /orders/{id}',
    rawPath: '/orders/ord_1042',
    rawQueryString: '',
    headers: { accept: 'application/json' },
    pathParameters: { id: 'ord_1042' },
    requestContext: { http: { method: 'GET', path: '/orders/ord_1042' } },
    isBase64Encoded: false,
  },
  variants: {
    preload: { handler: 'preload.handler' },
    lazy: { handler: 'lazy.handler' },
    initializer: { handler: 'initializer.handler', initializer: 'initializer.initializer' },
    prewarmed: { handler: 'preload.handler' },
  },
});
