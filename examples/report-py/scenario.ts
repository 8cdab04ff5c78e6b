import { readFileSync } from 'node:fs';
import { defineScenario } from 'coldbench';

/**
 * app.py as it is: coldbench derives the lazy, initializer and prewarmed
 * variants from it (derive: true). The same as
 *   npm run bench -- --handler examples/report-py/app.handler --event examples/report-py/event.json
 */
export default defineScenario({
  name: 'report-py',
  description:
    'A Python handler written with every import at the top (asyncio for a rare notify request, a from-import of email): what would lazy loading or an initializer buy?',
  runtime: 'python',
  event: JSON.parse(readFileSync(new URL('./event.json', import.meta.url), 'utf8')),
  handler: 'app.handler',
  variants: {
    preload: { derive: true },
    lazy: { derive: true },
    initializer: { derive: true },
    prewarmed: { derive: true },
  },
});
