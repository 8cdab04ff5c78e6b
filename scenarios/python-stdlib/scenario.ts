import { defineScenario } from 'coldbench';

/**
 * "Import at top level or inside the handler?" with the standard library only,
 * so that it runs wherever Python does. Every request needs decimal, sqlite3,
 * xml.etree and json (orders.py); only the rare `notify: true` request needs
 * email, http.client and asyncio (notify.py), which cost more to import than
 * all the rest. The measured request is the common one.
 */
export default defineScenario({
  name: 'python-stdlib',
  description:
    'An orders handler on the standard library alone: decimal, sqlite3 and xml on every request; email, http.client and asyncio only for the rare notify request. Import at top level, inside the handler, or in an initializer?',
  runtime: 'python',
  event: { orderId: 'ord_1042', notify: false },
  variants: {
    preload: { handler: 'preload.handler' },
    lazy: { handler: 'lazy.handler' },
    initializer: { handler: 'initializer.handler', initializer: 'initializer.initializer' },
    prewarmed: { handler: 'preload.handler' },
  },
});
