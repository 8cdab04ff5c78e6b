import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImportTime } from '../../src/imports/python-importtime.js';
import { FIXTURES } from '../helpers.js';

// Captured from the real bootstrap: python3 -X importtime bootstrap.py scenarios/python-stdlib lazy handler,
// one request with notify: true (so the first request imports orders and notify).
const captured = readFileSync(path.join(FIXTURES, 'importtime', 'python-stdlib-lazy.stderr.txt'), 'utf8');

describe('parseImportTime', () => {
  it('reads captured -X importtime output: start-up excluded, INIT and first request apart, nesting as parents', () => {
    const { init, firstRequest } = parseImportTime(captured);
    expect(init.map((r) => r.module)).toEqual(['lazy']);
    expect(init[0]!.depth).toBe(0);
    expect(init[0]!.parent).toBeUndefined();
    const all = [...init, ...firstRequest].map((r) => r.module);
    expect(all).not.toContain('site'); // interpreter start-up, before the bootstrap's marker
    expect(all).not.toContain('encodings');

    const byName = new Map(firstRequest.map((r) => [r.module, r]));
    expect(byName.get('orders')).toEqual({ module: 'orders', depth: 0, selfMs: 0.225, cumulativeMs: 22.242 });
    expect(byName.get('notify')).toEqual({ module: 'notify', depth: 0, selfMs: 0.155, cumulativeMs: 53.96 });
    expect(byName.get('sqlite3')).toMatchObject({ parent: 'orders', depth: 1, selfMs: 0.183, cumulativeMs: 3.124 });
    expect(byName.get('decimal')).toMatchObject({ parent: 'orders', depth: 1 });
    expect(byName.get('asyncio')).toMatchObject({ parent: 'notify', depth: 1, cumulativeMs: 38.502 });
    expect(byName.get('email')).toMatchObject({ depth: 3 });
    // Every non-entry module has a parent that was itself recorded, one level up.
    for (const r of firstRequest.filter((m) => m.depth > 0)) {
      expect(byName.get(r.parent!)?.depth).toBe(r.depth - 1);
    }
    // A parent's cumulative time covers its children's.
    for (const parent of firstRequest) {
      const children = firstRequest.filter((c) => c.parent === parent.module);
      const sum = children.reduce((s, c) => s + c.cumulativeMs, 0);
      expect(parent.cumulativeMs).toBeGreaterThanOrEqual(sum + parent.selfMs - 0.01);
    }
  });

  it('ignores what the handler printed between the import-time lines', () => {
    const text = [
      'import time: self [us] | cumulative | imported package',
      'import time:        50 |         50 | site',
      'coldbench-importtime: init-start',
      'import time:       100 |        100 |     c',
      'handler says hello | 12 | 34',
      'import time:       200 |        300 |   b',
      'import time: not a number | 1 | x',
      'import time:       400 |        700 | a',
      'coldbench-importtime: init-end',
      'import time:        10 |         10 | later',
      'coldbench-importtime: first-request-end',
      'import time:        10 |         10 | after-the-first-request',
    ].join('\n');
    expect(parseImportTime(text)).toEqual({
      init: [
        { module: 'c', depth: 2, selfMs: 0.1, cumulativeMs: 0.1, parent: 'b' },
        { module: 'b', depth: 1, selfMs: 0.2, cumulativeMs: 0.3, parent: 'a' },
        { module: 'a', depth: 0, selfMs: 0.4, cumulativeMs: 0.7 },
      ],
      firstRequest: [{ module: 'later', depth: 0, selfMs: 0.01, cumulativeMs: 0.01 }],
    });
  });

  it('finds nothing without the bootstrap marker (INIT never started)', () => {
    expect(parseImportTime('import time:       50 |        50 | site\n')).toEqual({ init: [], firstRequest: [] });
  });
});
