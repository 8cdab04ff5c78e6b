import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { jsString, pyLiteral, pyString, relativeModuleUrl } from '../../src/derive/literals.js';
import { resolvePython } from '../helpers.js';

const ODD = [
  'plain',
  'a#b',
  '50%',
  '%41',
  "it's",
  'back\\slash',
  'line\nbreak',
  'cr\rhere',
  'tab\there',
  'ls\u2028ps\u2029',
  'nul\u0000',
  'é ü',
  '😀 astral',
  '\ud800 lone',
  '*/ end of comment',
  '"""',
  "'''",
];

describe('literals for generated code', () => {
  it('jsString is ASCII only and evaluates back to the value', () => {
    for (const s of ODD) {
      const literal = jsString(s);
      expect(literal).toMatch(/^[\x20-\x7e]+$/);
      expect(new Function(`return ${literal};`)()).toBe(s);
    }
  });

  it('pyString is ASCII only and Python reads it back as the same code points', async () => {
    const python = await resolvePython();
    const wanted = ODD.filter((s) => !s.includes('\ud800')); // a lone surrogate cannot travel as UTF-8 JSON to compare
    const literals = wanted.map(pyString);
    for (const l of literals) expect(l).toMatch(/^[\x20-\x7e]+$/);
    const script = `import ast, json, sys\nprint(json.dumps([ast.literal_eval(l) for l in json.loads(sys.argv[1])]))`;
    const back = JSON.parse(execFileSync(python, ['-c', script, JSON.stringify(literals)], { encoding: 'utf8' })) as string[];
    expect(back).toEqual(wanted);
    // One code point per astral character, as Python counts them.
    expect(execFileSync(python, ['-c', `print(len(${pyString('😀')}))`], { encoding: 'utf8' }).trim()).toBe('1');
  });

  it('pyLiteral writes JSON values as Python literals', async () => {
    const python = await resolvePython();
    const value = { coldbench: 'prewarm', n: [1, 2.5, null, true, false], 'k\n': { '😀': 'x' } };
    const out = execFileSync(python, ['-c', `import json; print(json.dumps(${pyLiteral(value)}, sort_keys=True))`], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(value);
  });

  it('relativeModuleUrl URL-encodes a file name so that # ? % do not change what is imported', () => {
    expect(relativeModuleUrl('a#b.mjs')).toBe('./a%23b.mjs');
    expect(relativeModuleUrl('50%.mjs')).toBe('./50%25.mjs');
    expect(relativeModuleUrl('%41.mjs')).toBe('./%2541.mjs');
    expect(relativeModuleUrl('q?.mjs')).toBe('./q%3F.mjs');
    expect(new URL(relativeModuleUrl('%41.mjs'), 'file:///dir/').pathname).toBe('/dir/%2541.mjs');
  });
});
