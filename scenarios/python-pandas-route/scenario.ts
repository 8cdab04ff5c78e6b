import { defineScenario } from 'coldbench';

/**
 * Modelled on a published Lambda experiment (pandas needed on the request
 * path, 512 MB, arm64): lazy loading measured 3.75x slower than eager at p50
 * (1,815 -> 6,801 ms), because Lambda runs INIT with more CPU than the handler
 * gets at that memory size (512/1769 of a vCPU). Here the measured request takes
 * the /report route, which needs pandas; the /health route does not. Run it
 * at several memory sizes in the local sandbox (--memory 128,512,1769): the
 * lazy import moves pandas from the boosted INIT into the throttled handler.
 * docs/accuracy.md compares the result with the published figures.
 *
 * Needs Debian's python3-pandas for /usr/bin/python3 (npm run setup).
 */
export default defineScenario({
  name: 'python-pandas-route',
  description:
    'An API whose /report route needs pandas and whose /health route does not; the measured request asks for /report: import pandas at top level, on the route, or in an initializer?',
  runtime: 'python',
  requires: ['pandas'],
  timeoutMs: 60_000,
  memoryMb: 512,
  event: {
    rawPath: '/report',
    orders: [
      { region: 'eu', qty: 2, price: 19.99 },
      { region: 'us', qty: 1, price: 5.25 },
      { region: 'eu', qty: 3, price: 0.1 },
    ],
  },
  variants: {
    preload: { handler: 'preload.handler' },
    lazy: { handler: 'lazy.handler' },
    initializer: { handler: 'initializer.handler', initializer: 'initializer.initializer' },
    prewarmed: { handler: 'preload.handler' },
  },
});
