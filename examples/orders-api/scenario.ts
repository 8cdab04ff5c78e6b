import { readFileSync } from 'node:fs';
import { defineScenario } from 'coldbench';

/**
 * index.mjs as it is: coldbench derives the lazy, initializer and prewarmed
 * variants from it (derive: true). The same as
 *   npm run bench -- --handler examples/orders-api/index.handler --event examples/orders-api/event.json
 */
export default defineScenario({
  name: 'orders-api',
  description:
    'An orders API written with every import at the top (pdf-lib for a rare PDF request, an S3 client built at load): what would lazy loading or an initializer buy?',
  runtime: 'node',
  event: JSON.parse(readFileSync(new URL('./event.json', import.meta.url), 'utf8')),
  handler: 'index.handler',
  variants: {
    preload: { derive: true },
    lazy: { derive: true },
    initializer: { derive: true },
    prewarmed: { derive: true },
  },
});
