import { defineScenario } from '../../../src/scenario/define.js';

/**
 * What the derived Python lazy variant costs over a lazy import written by
 * hand: app.py as written (asyncio at the top, used only by a rare request),
 * its derived preload and lazy variants, the same function with the import
 * written inside the handler, and a frozen copy of the wrapper coldbench
 * generated before it stopped importing importlib.util. The measured request
 * never needs asyncio, so every lazy variant skips it; their INIT differs only
 * by the wrapper. Run with:
 *   npm run bench -- --scenarios bench/derive-overhead --cold 60 --warm 0 --no-imports
 */
export default defineScenario({
  name: 'python-lazy-overhead',
  description:
    'The derived Python lazy variant against the same lazy import written by hand, and against the importlib.util wrapper it replaced.',
  runtime: 'python',
  event: { orderId: 'ord_1042', notify: false },
  handler: 'app.handler',
  lazy: ['asyncio'],
  variants: {
    preload: { derive: true },
    lazy: { derive: true },
    handwritten: { strategy: 'lazy', handler: 'handwritten.handler' },
    'lazy-importlib': { strategy: 'lazy', handler: 'lazy_importlib.handler' },
  },
});
