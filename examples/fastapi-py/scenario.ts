import { readFileSync } from 'node:fs';
import { defineScenario } from '../../src/scenario/define.js';

/**
 * app.py as it is: a FastAPI application behind a small Lambda adapter
 * (lambda_adapter.py), the shape most Python APIs on Lambda have. Its one
 * heavy dependency, pandas, serves only the rare /reports/daily route; the
 * measured request is the common GET /orders/42. coldbench derives the lazy,
 * initializer and prewarmed variants from it (derive: true). The same as
 *   npm run bench -- --handler examples/fastapi-py/app.handler --event examples/fastapi-py/event.json
 * Needs fastapi for /usr/bin/python3 (Debian: apt-get install python3-fastapi; npm run setup).
 */
export default defineScenario({
  name: 'fastapi-py',
  description:
    'A FastAPI orders API behind a Lambda adapter, every import at the top; pandas serves only the rare /reports/daily route: what would lazy loading, an initializer or pre-warming buy?',
  runtime: 'python',
  event: JSON.parse(readFileSync(new URL('./event.json', import.meta.url), 'utf8')),
  requires: ['fastapi', 'pandas'],
  handler: 'app.handler',
  variants: {
    preload: { derive: true },
    lazy: { derive: true },
    initializer: { derive: true },
    prewarmed: { derive: true },
  },
});
