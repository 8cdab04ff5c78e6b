import { defineScenario } from 'coldbench';

/**
 * The most common Python cold-start question: import numpy and pandas (and
 * boto3) at module top level, inside the handler, or in an initializer? The
 * handler aggregates the orders of the event with pandas, takes a percentile
 * with numpy and prepares an S3 put with a boto3 client (dummy credentials,
 * nothing sent). Every request needs all three, so lazy loading only moves
 * their cost from INIT into the first invoke.
 *
 * Needs Debian's python3-numpy, python3-pandas and python3-boto3 for
 * /usr/bin/python3 (see docs/running.md, "Python"); without them the scenario is skipped.
 */
export default defineScenario({
  name: 'python-pandas',
  description:
    'A handler that aggregates orders with pandas and numpy and prepares an S3 put with boto3 on every request: import at top level, inside the handler, or in an initializer?',
  runtime: 'python',
  requires: ['numpy', 'pandas', 'boto3'],
  timeoutMs: 30_000,
  event: {
    bucket: 'reports-eu-west-1',
    orders: [
      { region: 'eu', qty: 2, price: 19.99 },
      { region: 'us', qty: 1, price: 5.25 },
      { region: 'eu', qty: 3, price: 0.1 },
      { region: 'ap', qty: 5, price: 7.5 },
    ],
  },
  variants: {
    preload: { handler: 'preload.handler' },
    lazy: { handler: 'lazy.handler' },
    initializer: { handler: 'initializer.handler', initializer: 'initializer.initializer' },
    prewarmed: { handler: 'preload.handler' },
  },
});
