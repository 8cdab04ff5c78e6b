import { describe, expect, it } from 'vitest';
import { NODE_IMPORTS_PREFIX, nodeImportTiming, parseNodeImportTiming, type RawNodeTiming } from '../../src/imports/node-imports.js';

const url = (name: string) => `file:///app/${name}`;

// entry.mjs imports a.mjs (ESM, body 10 ms, evaluated first) and b.cjs (CommonJS: 5 ms of its own
// around a require of c.cjs, 20 ms); d.mjs is imported dynamically during the first request.
const raw: RawNodeTiming = {
  phases: { 'init-start': 0, 'init-end': 40, 'first-request-end': 60 },
  firstParent: {
    [url('entry.mjs')]: 'file:///coldbench/bootstrap.mjs',
    [url('a.mjs')]: url('entry.mjs'),
    [url('b.cjs')]: url('entry.mjs'),
    [url('d.mjs')]: url('entry.mjs'),
  },
  records: [
    { url: url('a.mjs'), format: 'esm', parent: url('entry.mjs'), start: 1, end: 11 },
    { url: url('c.cjs'), format: 'cjs', parent: url('b.cjs'), start: 13, end: 33 },
    { url: url('b.cjs'), format: 'cjs', start: 11, end: 36 },
    { url: url('entry.mjs'), format: 'esm', parent: 'file:///coldbench/bootstrap.mjs', start: 36, end: 37 },
    { url: url('d.mjs'), format: 'esm', parent: url('entry.mjs'), start: 45, end: 50 },
  ],
};

describe('nodeImportTiming', () => {
  it('computes self and cumulative times, parents and depths, and splits INIT from the first request', () => {
    expect(nodeImportTiming(raw)).toEqual({
      init: [
        { module: '/app/a.mjs', parent: '/app/entry.mjs', depth: 1, selfMs: 10, cumulativeMs: 10 },
        { module: '/app/c.cjs', parent: '/app/b.cjs', depth: 2, selfMs: 20, cumulativeMs: 20 },
        { module: '/app/b.cjs', parent: '/app/entry.mjs', depth: 1, selfMs: 5, cumulativeMs: 25 }, // CommonJS: minus the nested require
        { module: '/app/entry.mjs', depth: 0, selfMs: 1, cumulativeMs: 1 + 10 + 25 }, // d.mjs came later, with a request
      ],
      firstRequest: [{ module: '/app/d.mjs', parent: '/app/entry.mjs', depth: 1, selfMs: 5, cumulativeMs: 5 }],
    });
  });

  it("reads the last instrumentation line of stderr and ignores the handler's output", () => {
    const stderr = `handler output\n${NODE_IMPORTS_PREFIX}${JSON.stringify(raw)}\nmore output`;
    expect(parseNodeImportTiming(stderr).init).toHaveLength(4);
    expect(parseNodeImportTiming('no instrumentation here')).toEqual({ init: [], firstRequest: [] });
  });
});
