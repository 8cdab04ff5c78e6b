import { describe, expect, it } from 'vitest';
import { failureHint, missingVariables } from '../../src/derive/failure-hint.js';
import { differences, errorSummary, isWithin } from '../../src/derive/equivalence.js';

describe('hints for a function that fails as it is', () => {
  it('names the missing environment variables and the flags that give them', () => {
    const python =
      'INIT failed: Traceback (most recent call last):\n  File "/fn/app.py", line 4, in <module>\n    BUCKET = os.environ[\'BUCKET\']\n  File "<frozen os>", line 679, in __getitem__\nKeyError: \'BUCKET\'';
    expect(missingVariables(python)).toEqual(['BUCKET']);
    expect(failureHint(python)).toBe(
      'it reads environment variables (BUCKET) that the environment does not have: give them with --env BUCKET=VALUE (repeatable) or --env-file FILE (KEY=VALUE lines)',
    );
    expect(missingVariables('Error: environment variable TABLE_NAME is not set')).toEqual(['TABLE_NAME']);
    expect(failureHint("KeyError: 'id'")).toBeUndefined(); // a KeyError on the event is not about the environment
  });

  it('says Lambda passes two arguments to a one-argument handler', () => {
    expect(failureHint('TypeError: handler() takes 1 positional argument but 2 were given')).toContain(
      'add the parameter: `def handler(event, context)`',
    );
  });

  it('gives the two fixes for ES module syntax loaded as CommonJS', () => {
    expect(failureHint('SyntaxError: Cannot use import statement outside a module')).toContain(
      'rename it to .mjs, or add "type": "module"',
    );
  });

  it('errorSummary keeps the phrase before a traceback and its last line', () => {
    expect(errorSummary('INIT failed: Traceback (most recent call last):\n  File "x"\nKeyError: \'REGION\'')).toBe(
      "INIT failed: KeyError: 'REGION'",
    );
    expect(errorSummary('Error: boom\n    at handler (file:///fn/index.mjs:1:1)')).toBe('Error: boom');
  });
});

describe('comparing responses', () => {
  it('lists every differing path, and tells a path inside another', () => {
    expect(differences({ a: 1, b: { c: [1, 2], d: 'x' } }, { a: 1, b: { c: [1, 3, 4], d: 'y' } })).toEqual([
      '$.b.c[1]',
      '$.b.c[2]',
      '$.b.d',
    ]);
    expect(differences({ a: 1 }, { a: 1 })).toEqual([]);
    expect(differences('x', 'y')).toEqual(['$']);
    expect(isWithin('$.url.q', '$.url')).toBe(true);
    expect(isWithin('$.urls', '$.url')).toBe(false);
    expect(isWithin('$.url[0]', '$.url')).toBe(true);
  });
});
