import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePython, tempDir } from '../helpers.js';
import { planPythonLazy, pythonWrapper } from '../../src/derive/python-lazy.js';

describe('Python lazy plan', () => {
  it('defers only `import x` of a whole module whose binding module-level code does not read', () => {
    const plan = planPythonLazy(
      {
        imports: [
          { kind: 'import', module: 'numpy', binding: 'np', line: 1 },
          { kind: 'import', module: 'pandas', binding: 'pandas', line: 2 },
          { kind: 'from', module: 'boto3', binding: 'client', name: 'client', line: 3 },
          { kind: 'import', module: 'xml.etree.ElementTree', binding: 'xml', line: 4 },
          { kind: 'import', module: 'asyncio', binding: 'asyncio', line: 5 },
          { kind: 'import', module: 'json', binding: 'json', line: 6 },
          { kind: 'from', module: '.sibling', binding: 'x', name: 'x', line: 7 },
        ],
        topLevelNames: { pandas: 9 },
      },
      (m) => ['numpy', 'pandas', 'boto3', 'xml', 'asyncio'].includes(m),
    );
    expect(plan).toEqual({
      decisions: [
        { module: 'numpy', line: 1, bindings: ['np'], lazy: true },
        {
          module: 'pandas',
          line: 2,
          bindings: ['pandas'],
          lazy: false,
          why: '`pandas` is used at module top level (line 9), which runs before any request',
        },
        {
          module: 'boto3',
          line: 3,
          bindings: ['client'],
          lazy: false,
          why: '`from boto3 import client` reads `client` from the module while importing, which runs it; write `import boto3` and use `boto3.client` inside the handler to make it lazy',
        },
        {
          module: 'xml.etree.ElementTree',
          line: 4,
          bindings: ['xml'],
          lazy: false,
          why: '`import xml.etree.ElementTree` imports a submodule, which runs the package `xml` first',
        },
        { module: 'asyncio', line: 5, bindings: ['asyncio'], lazy: true },
      ],
      lazyModules: ['numpy', 'asyncio'],
    });
  });

  it('a module imported eagerly elsewhere in the file is not deferred at all', () => {
    const plan = planPythonLazy(
      {
        imports: [
          { kind: 'import', module: 'boto3', binding: 'boto3', line: 1 },
          { kind: 'from', module: 'boto3', binding: 'client', name: 'client', line: 2 },
        ],
        topLevelNames: {},
      },
      () => true,
    );
    expect(plan.lazyModules).toEqual([]);
    expect(plan.decisions[0]).toMatchObject({ lazy: false, why: 'another import of `boto3` in this file runs it at load time' });
  });

  it('the wrapper installs the finder before importing the unchanged handler, without importlib, and the initializer runs the lazy modules', () => {
    const text = pythonWrapper({
      originalFile: '/fn/app.py',
      originalDir: '/fn',
      originalModule: 'app',
      exportName: 'handler',
      lazyModules: ['numpy'],
      initializer: true,
      ahead: ['jinja2'],
    });
    const lines = text.split('\n');
    expect(lines.indexOf('sys.meta_path.insert(0, _ColdbenchLazyFinder)')).toBeLessThan(lines.indexOf('__import__(_MODULE)'));
    expect(text).toContain("sys.path[0] = '/fn'");
    expect(text).toContain("_LAZY = frozenset(['numpy'])");
    expect(text).toContain("_AHEAD = ('jinja2', )");
    expect(text).not.toMatch(/^import importlib|^from importlib/m);
    expect(text).toContain('def initializer(context):');
  });

  it('one decision for `from x import a, b`, naming both', () => {
    const plan = planPythonLazy(
      {
        imports: [
          { kind: 'from', module: 'fastapi', binding: 'FastAPI', name: 'FastAPI', line: 5 },
          { kind: 'from', module: 'fastapi', binding: 'HTTPError', name: 'HTTPException', line: 5 },
        ],
        topLevelNames: {},
      },
      () => true,
    );
    expect(plan.decisions).toEqual([
      {
        module: 'fastapi',
        line: 5,
        lazy: false,
        bindings: ['FastAPI', 'HTTPError'],
        why: '`from fastapi import FastAPI, HTTPException` reads `FastAPI`, `HTTPException` from the module while importing, which runs it; write `import fastapi` and use `fastapi.FastAPI` inside the handler to make it lazy',
      },
    ]);
  });

  it('the generated loader, run by Python: a body runs once on first use (also with two threads at once), a package runs before its submodule, a failing body leaves sys.modules', async () => {
    const python = await resolvePython();
    const original = tempDir();
    const derived = tempDir();
    writeFileSync(
      path.join(original, 'counted.py'),
      "import builtins, time\nbuiltins.RUNS = getattr(builtins, 'RUNS', 0) + 1\ntime.sleep(0.05)\nVALUE = 7\n",
    );
    mkdirSync(path.join(original, 'pkg'));
    writeFileSync(path.join(original, 'pkg', '__init__.py'), "import builtins\nbuiltins.ORDER = ['pkg']\n");
    writeFileSync(path.join(original, 'pkg', 'sub.py'), "import builtins\nbuiltins.ORDER.append('sub')\n");
    writeFileSync(path.join(original, 'broken.py'), "raise RuntimeError('boom')\n");
    writeFileSync(
      path.join(original, 'app.py'),
      'import counted\nimport pkg\nimport broken\n\n\ndef handler(event, context):\n    return counted.VALUE\n',
    );
    writeFileSync(
      path.join(derived, 'coldbench_lazy.py'),
      pythonWrapper({
        originalFile: path.join(original, 'app.py'),
        originalDir: original,
        originalModule: 'app',
        exportName: 'handler',
        lazyModules: ['counted', 'pkg', 'broken'],
        initializer: false,
      }),
    );
    const script = [
      'import builtins, sys, threading',
      `sys.path.insert(0, ${JSON.stringify(derived)})`,
      'import coldbench_lazy as w',
      "before = [getattr(builtins, 'RUNS', 0), hasattr(builtins, 'ORDER')]",
      'errors = []',
      'threading.excepthook = lambda a: errors.append(repr(a.exc_value))',
      'threads = [threading.Thread(target=lambda: w.handler({}, None)) for _ in range(2)]',
      '[t.start() for t in threads]; [t.join() for t in threads]',
      'import pkg.sub',
      'try:',
      '    sys.modules["app"].broken.anything',
      'except RuntimeError as e:',
      '    failed = str(e)',
      "print(before, builtins.RUNS, errors, builtins.ORDER, failed, 'broken' in sys.modules, w.handler({}, None))",
    ].join('\n');
    const out = execFileSync(python, ['-B', '-c', script], { encoding: 'utf8' }).trim();
    expect(out).toBe("[0, False] 1 [] ['pkg', 'sub'] boom False 7");
  });
});
