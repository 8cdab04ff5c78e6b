import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.js';
import { splitFunctionRef } from '../../src/scenario/function-ref.js';

const FILE = '/work/scenarios/demo/scenario.ts';
const present = new Set(['/work/scenarios/demo/preload.mjs', '/work/scenarios/demo/lazy.cjs', '/work/scenarios/demo/lib/init.js']);
const exists = (p: string) => present.has(p);
const base = { name: 'demo', runtime: 'node', event: { a: 1 }, variants: { preload: { handler: 'preload.handler' } } };

function errorsOf(raw: unknown): string[] {
  const result = validateScenario(raw, FILE, exists);
  if (result.ok) throw new Error('expected validation errors');
  return result.errors;
}

describe('validateScenario', () => {
  it('accepts a plain object, resolves handler files and applies defaults', () => {
    const result = validateScenario(
      {
        ...base,
        variants: {
          preload: { handler: 'preload.handler' },
          lazy: { handler: 'lazy.handler' },
          warm: { strategy: 'prewarmed', handler: 'preload.handler' },
        },
      },
      FILE,
      exists,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const s = result.scenario;
    expect(s.dir).toBe('/work/scenarios/demo');
    expect(s.prewarmEvent).toEqual({ coldbench: 'prewarm' });
    expect(s.timeoutMs).toBe(10_000);
    expect(s.variants.map((v) => [v.name, v.strategy, v.handler.file, v.handler.exportName])).toEqual([
      ['preload', 'preload', '/work/scenarios/demo/preload.mjs', 'handler'],
      ['lazy', 'lazy', '/work/scenarios/demo/lazy.cjs', 'handler'],
      ['warm', 'prewarmed', '/work/scenarios/demo/preload.mjs', 'handler'],
    ]);
  });

  it("variants that say derive: true are derived from the scenario's one handler", () => {
    const result = validateScenario(
      {
        ...base,
        handler: 'preload.handler',
        lazy: ['pdf-lib'],
        variants: { preload: { derive: true }, lazy: { derive: true }, warm: { strategy: 'prewarmed', derive: true } },
      },
      FILE,
      exists,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.variants).toEqual([]);
    expect(result.scenario.derive).toEqual({
      handler: { ref: 'preload.handler', file: '/work/scenarios/demo/preload.mjs', exportName: 'handler' },
      lazy: ['pdf-lib'],
      lazyFrom: `field "lazy" in ${FILE}`,
      variants: [
        { name: 'preload', strategy: 'preload' },
        { name: 'lazy', strategy: 'lazy' },
        { name: 'warm', strategy: 'prewarmed' },
      ],
    });
  });

  it("derive: true needs the scenario's handler and names no files; handler and lazy need derived variants", () => {
    expect(errorsOf({ ...base, variants: { lazy: { derive: true } } })).toEqual([
      `${FILE}: field "handler" is required when variants say derive: true: name the one function they are derived from, for example "index.handler"`,
    ]);
    expect(errorsOf({ ...base, handler: 'preload.handler', variants: { lazy: { derive: true, handler: 'lazy.handler' } } })[0]).toContain(
      'a variant with derive: true names no files',
    );
    expect(errorsOf({ ...base, handler: 'preload.handler', lazy: ['x'] })).toEqual([
      `${FILE}: field "handler" applies only when variants say derive: true; remove it or derive variants from it`,
      `${FILE}: field "lazy" applies only when variants say derive: true; remove it`,
    ]);
    expect(errorsOf({ ...base, variants: { lazy: {} } })).toEqual([
      `${FILE}: field "variants.lazy.handler" is required (file.export, for example "lazy.handler"), unless the variant says derive: true`,
    ]);
  });

  it('resolves an initializer in a subfolder', () => {
    const result = validateScenario(
      { ...base, variants: { initializer: { handler: 'preload.handler', initializer: 'lib/init.initializer' } } },
      FILE,
      exists,
    );
    expect(result.ok && result.scenario.variants[0]!.initializer).toEqual({
      ref: 'lib/init.initializer',
      file: '/work/scenarios/demo/lib/init.js',
      exportName: 'initializer',
    });
  });

  it('names the file and the field of a missing handler file', () => {
    const [error] = errorsOf({ ...base, variants: { lazy: { handler: 'nope.handler' } } });
    expect(error).toContain(FILE);
    expect(error).toContain('field "variants.lazy.handler"');
    expect(error).toContain('nope.mjs, nope.js, nope.cjs');
  });

  it('rejects an unknown strategy', () => {
    const [error] = errorsOf({ ...base, variants: { fast: { strategy: 'eager', handler: 'preload.handler' } } });
    expect(error).toMatch(/field "variants\.fast\.strategy" must be one of preload, lazy, initializer, prewarmed/);
  });

  it('asks for a strategy when the variant name is not one', () => {
    const [error] = errorsOf({ ...base, variants: { fast: { handler: 'preload.handler' } } });
    expect(error).toContain('field "variants.fast.strategy" is required');
  });

  it('requires an initializer for the initializer strategy', () => {
    const [error] = errorsOf({ ...base, variants: { initializer: { handler: 'preload.handler' } } });
    expect(error).toContain('field "variants.initializer.initializer" is required for the initializer strategy');
  });

  it.each([
    ['a function', { f: () => 1 }],
    ['undefined', undefined],
    ['a Date', new Date(0)],
  ])('rejects an event that holds %s', (_what, event) => {
    const errors = errorsOf({ ...base, event });
    expect(errors.join('\n')).toMatch(/field "event/);
  });

  it('reports unknown fields and missing required ones', () => {
    const errors = errorsOf({ name: 'demo', runtime: 'node', event: {}, variants: {}, timeout: 5 });
    expect(errors).toContain(`${FILE}: unknown field "timeout"; remove or rename it`);
    expect(errors.join('\n')).toContain('field "variants" must name at least one variant');
  });

  it('rejects an unknown runtime and a bad name', () => {
    const errors = errorsOf({ ...base, name: 'Has Spaces', runtime: 'ruby' });
    expect(errors.join('\n')).toContain('field "runtime" must be one of node, python');
    expect(errors.join('\n')).toContain('field "name" must be lower-case');
  });

  it('says how to export a scenario when there is no default export', () => {
    expect(errorsOf(undefined)[0]).toContain('has no default export');
  });

  it('rejects malformed handler strings', () => {
    expect(errorsOf({ ...base, variants: { preload: { handler: 'preload' } } })[0]).toContain('is not of the form file.export');
    expect(errorsOf({ ...base, variants: { preload: { handler: '../x.handler' } } })[0]).toContain('inside the scenario folder');
  });
});

describe('validateScenario for Python', () => {
  const PY_FILE = '/work/scenarios/py/scenario.ts';
  const pyFiles = new Set(['/work/scenarios/py/preload.py', '/work/scenarios/py/my-handler.py', '/work/scenarios/py/pkg/app.py']);
  const pyBase = { name: 'py', runtime: 'python', event: {}, variants: { preload: { handler: 'preload.handler' } } };
  const check = (raw: unknown) => validateScenario(raw, PY_FILE, (p) => pyFiles.has(p));

  it('resolves file.function to a .py file, and keeps requires and python (a relative path from the scenario folder)', () => {
    const result = check({
      ...pyBase,
      requires: ['numpy', 'xml.etree'],
      python: 'venv/bin/python',
      variants: { preload: { handler: 'pkg/app.handler' } },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.variants[0]!.handler.file).toBe('/work/scenarios/py/pkg/app.py');
    expect(result.scenario.requires).toEqual(['numpy', 'xml.etree']);
    expect(result.scenario.python).toBe('/work/scenarios/py/venv/bin/python');
    const plain = check(pyBase);
    expect(plain.ok && plain.scenario.requires).toEqual([]);
    expect(plain.ok && plain.scenario.python).toBeUndefined();
  });

  it('rejects a handler file that Python cannot import, and python on a node scenario', () => {
    const bad = check({ ...pyBase, variants: { preload: { handler: 'my-handler.handler' } } });
    expect(!bad.ok && bad.errors[0]).toContain(
      'field "variants.preload.handler": "my-handler.handler" does not name an importable Python module',
    );
    const node = validateScenario({ ...base, python: '/usr/bin/python3' }, FILE, exists);
    expect(!node.ok && node.errors[0]).toContain('field "python" applies to the python runtime only');
    const requires = check({ ...pyBase, requires: 'numpy' });
    expect(!requires.ok && requires.errors[0]).toContain('field "requires" must be a list of module names');
  });
});

describe('splitFunctionRef', () => {
  it('splits at the last dot', () => {
    expect(splitFunctionRef('src/app.v2.handler')).toEqual({ modulePath: 'src/app.v2', exportName: 'handler' });
    expect(splitFunctionRef('index.9x')).toHaveProperty('problem');
  });
});

describe('validateScenario: snapstart and aws.runtime', () => {
  it('accepts a snapstart variant written with its handler, refuses one to derive, and checks aws.runtime', () => {
    const ok = validateScenario(
      {
        ...base,
        aws: { runtime: 'nodejs22.x' },
        variants: { preload: { handler: 'preload.handler' }, snapstart: { handler: 'preload.handler' } },
      },
      FILE,
      exists,
    );
    expect(ok.ok).toBe(true);
    expect(
      errorsOf({
        ...base,
        handler: 'preload.handler',
        variants: { preload: { derive: true }, snap: { strategy: 'snapstart', derive: true } },
      }).join('\n'),
    ).toContain('strategy snapstart cannot be derived');
    expect(errorsOf({ ...base, aws: { runtime: 'node22' } }).join('\n')).toContain(
      'must be a Lambda runtime identifier, for example "nodejs24.x" or "python3.13"',
    );
  });
});
