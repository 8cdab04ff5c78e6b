import { describe, expect, it } from 'vitest';
import { moduleSpecifiers, rewriteNodeLazy } from '../../src/derive/node-lazy.js';

// The rewriter is a pure function: exact outputs on small modules that hold every case.

const ESM_SOURCE = [
  "import { a, b as c } from 'pkg';",
  "import ns from 'def';",
  "import * as all from 'sync-use';",
  "import top from 'top';",
  "import 'side';",
  "export { x } from 'pkg2';",
  "import { helper } from './helper.mjs';",
  'const t = top();',
  'function sync() { return all.v; }',
  'export async function handler(e) {',
  '  return { a: a(e), c, n: ns.k, s: sync(), h: helper(), t, u: import.meta.url, o: { c } };',
  '}',
  '',
].join('\n');

const CJS_SOURCE = [
  "'use strict';",
  "const lib = require('lib');",
  "const { one, two: second } = require('pair');",
  "const kept = require('kept');",
  "require('side');",
  "const a = require('x'), b = 1;",
  "const fromHere = require('./local');",
  'const k = kept.value;',
  'exports.handler = (e) => ({ l: lib.f(e), one: one(), second, d: __dirname, h: fromHere.v });',
  '',
].join('\n');

describe('Node lazy rewrite', () => {
  it('lists every literal specifier of an ES module', () => {
    expect(moduleSpecifiers(ESM_SOURCE, 'esm')).toEqual(['pkg', 'def', 'sync-use', 'top', 'side', 'pkg2', './helper.mjs']);
  });

  it('ES module: loads chosen imports where used inside async functions, before the handler when a use is in a sync function, and leaves top-level uses, side-effect imports and re-exports alone', () => {
    const r = rewriteNodeLazy({
      source: ESM_SOURCE,
      format: 'esm',
      originalUrl: 'file:///fn/index.mjs',
      originalPath: '/fn/index.mjs',
      chosen: (s) => ['pkg', 'def', 'sync-use', 'top', 'side', 'pkg2'].includes(s),
      resolved: new Map([
        ['pkg', 'file:///nm/pkg/index.js'],
        ['def', 'file:///nm/def/index.js'],
        ['sync-use', 'file:///nm/sync-use/index.js'],
        ['./helper.mjs', 'file:///fn/helper.mjs'],
      ]),
    });
    expect(r.code.split('\n')).toEqual([
      '// Derived by coldbench from "/fn/index.mjs": the lazy copy (see the report). The original is not modified.',
      'let __coldbench_p0;',
      'const __coldbench_load0 = () => (__coldbench_p0 ??= import("file:///nm/pkg/index.js"));',
      'let __coldbench_p1;',
      'const __coldbench_load1 = () => (__coldbench_p1 ??= import("file:///nm/def/index.js"));',
      'let all;',
      '',
      '',
      '',
      "import top from 'top';",
      "import 'side';",
      "export { x } from 'pkg2';",
      'import { helper } from "file:///fn/helper.mjs";',
      'const t = top();',
      'function sync() { return all.v; }',
      'export async function handler(e) {',
      '  return { a: (0, (await __coldbench_load0())["a"])(e), c: (await __coldbench_load0())["b"], n: (await __coldbench_load1()).default.k, s: sync(), h: helper(), t, u: "file:///fn/index.mjs", o: { c: (await __coldbench_load0())["b"] } };',
      '}',
      '',
      '',
      '// coldbench: loads, on the first request, the lazy modules that cannot be loaded where used.',
      'let __coldbench_loading;',
      'export function __coldbench_ensure() {',
      '  return (__coldbench_loading ??= (async () => {',
      '  const __coldbench_m2 = await import("file:///nm/sync-use/index.js");',
      '  all = __coldbench_m2;',
      '  })());',
      '}',
      '',
      '// coldbench: loads every lazy module now (the initializer variant).',
      'export async function __coldbench_preload() {',
      '  await __coldbench_load0();',
      '  await __coldbench_load1();',
      '  await __coldbench_ensure();',
      '}',
      '',
    ]);
    expect(r.decisions).toEqual([
      {
        module: 'pkg',
        line: 1,
        lazy: true,
        how: 'at-use',
        bindings: ['a', 'c'],
      },
      {
        module: 'def',
        line: 2,
        lazy: true,
        how: 'at-use',
        bindings: ['ns'],
      },
      {
        module: 'sync-use',
        line: 3,
        lazy: true,
        how: 'first-request',
        bindings: ['all'],
      },
      {
        module: 'top',
        line: 4,
        lazy: false,
        bindings: ['top'],
        why: '`top` is used at module top level (line 8), which runs before any request',
      },
      {
        module: 'side',
        line: 5,
        lazy: false,
        bindings: [],
        why: 'side-effect import (no bindings): it runs for its effects at load time',
      },
      {
        module: 'pkg2',
        line: 6,
        lazy: false,
        bindings: [],
        why: "re-export (export … from): the module's exports need it when it loads",
      },
    ]);
    expect(r.notes).toEqual([]);
  });

  it('CommonJS: requires chosen modules where used, keeps "use strict" first, takes a require out of a shared declaration, leaves top-level uses and side-effect requires alone', () => {
    const r = rewriteNodeLazy({
      source: CJS_SOURCE,
      format: 'cjs',
      originalUrl: 'file:///fn/index.js',
      originalPath: '/fn/index.js',
      chosen: (s) => ['lib', 'pair', 'kept', 'side', 'x'].includes(s),
      resolved: new Map([
        ['lib', '/nm/lib/index.js'],
        ['pair', '/nm/pair/index.js'],
        ['./local', '/fn/local.js'],
      ]),
    });
    expect(r.code.split('\n')).toEqual([
      "'use strict';",
      '// Derived by coldbench from "/fn/index.js": the lazy copy (see the report). The original is not modified.',
      'let __coldbench_m0;',
      'const __coldbench_load0 = () => (__coldbench_m0 ??= require("/nm/lib/index.js"));',
      'let __coldbench_m1;',
      'const __coldbench_load1 = () => (__coldbench_m1 ??= require("/nm/pair/index.js"));',
      'let __coldbench_m2;',
      'const __coldbench_load2 = () => (__coldbench_m2 ??= require("x"));',
      '',
      '',
      '',
      "const kept = require('kept');",
      "require('side');",
      'const b = 1;',
      'const fromHere = require("/fn/local.js");',
      'const k = kept.value;',
      'exports.handler = (e) => ({ l: __coldbench_load0().f(e), one: (0, __coldbench_load1().one)(), second: __coldbench_load1().two, d: "/fn", h: fromHere.v });',
      '',
      '',
      '// coldbench: loads, on the first request, the lazy modules that cannot be loaded where used.',
      'let __coldbench_loaded = false;',
      'function __coldbench_ensure() {',
      '  return undefined;',
      '}',
      'module.exports.__coldbench_ensure = __coldbench_ensure;',
      '',
      '// coldbench: loads every lazy module now (the initializer variant).',
      'module.exports.__coldbench_preload = function __coldbench_preload() {',
      '  __coldbench_load0();',
      '  __coldbench_load1();',
      '  __coldbench_load2();',
      '  __coldbench_ensure();',
      '};',
      '',
    ]);
    expect(r.decisions).toEqual([
      {
        module: 'lib',
        line: 2,
        lazy: true,
        how: 'at-use',
        bindings: ['lib'],
      },
      {
        module: 'pair',
        line: 3,
        lazy: true,
        how: 'at-use',
        bindings: ['one', 'second'],
      },
      {
        module: 'kept',
        line: 4,
        lazy: false,
        bindings: ['kept'],
        why: '`kept` is used at module top level (line 8), which runs before any request',
      },
      {
        module: 'side',
        line: 5,
        lazy: false,
        bindings: [],
        why: 'side-effect require (no bindings): it runs for its effects at load time',
      },
      {
        module: 'x',
        line: 6,
        lazy: true,
        how: 'at-use',
        bindings: ['a'],
      },
    ]);
  });

  it('says where a computed specifier cannot follow the original file', () => {
    const r = rewriteNodeLazy({
      source: 'export async function handler(e) { return import(e.name); }\n',
      format: 'esm',
      originalUrl: 'file:///fn/i.mjs',
      originalPath: '/fn/i.mjs',
      chosen: () => false,
      resolved: new Map(),
    });
    expect(r.notes).toEqual([
      'line 1: a dynamic import() of a computed specifier resolves relative to the derived copy, not the original file',
    ]);
  });

  it('a local variable of the same name keeps the import from being rewritten at its uses', () => {
    const r = rewriteNodeLazy({
      source: "import x from 'p';\nexport async function handler() { const f = (x) => x; return f(1) + x; }\n",
      format: 'esm',
      originalUrl: 'file:///fn/i.mjs',
      originalPath: '/fn/i.mjs',
      chosen: () => true,
      resolved: new Map(),
    });
    expect(r.decisions).toEqual([{ module: 'p', line: 1, lazy: true, how: 'first-request', bindings: ['x'] }]);
    expect(r.code).toContain('const f = (x) => x; return f(1) + x;');
  });
});
