import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseOptions } from '../../src/cli/options.js';
import { FIXTURES, capture, tempDir } from '../helpers.js';

const DERIVE = path.join(FIXTURES, 'derive');

describe('coldbench --handler', () => {
  it('benchmarks one function as it is: four derived variants, the derived code next to the results, the report section', async () => {
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    const code = await main(
      [
        '--handler',
        path.join(DERIVE, 'esm', 'index.handler'),
        '--event',
        path.join(DERIVE, 'event.json'),
        '--lazy',
        './heavy.mjs,./config.mjs',
        '--cold',
        '2',
        '--warm',
        '2',
        '--warmup',
        '0',
        '--no-imports',
        '--out',
        out,
      ],
      io,
    );
    expect(err.join('\n')).toContain('index.handler: lazy: ./heavy.mjs; left as written: ./config.mjs');
    expect(code).toBe(0);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.scenarios[0].variants.map((v: { name: string }) => v.name)).toEqual(['preload', 'lazy', 'initializer', 'prewarmed']);
    expect(meta.derived[0]).toMatchObject({
      scenario: 'index.handler',
      handler: 'index.handler',
      chosenFrom: 'flag --lazy',
      folder: 'derived/index.handler',
    });
    expect(existsSync(path.join(out, 'derived', 'index.handler', 'lazy', 'index.mjs'))).toBe(true);
    expect(existsSync(path.join(out, 'derived', 'index.handler', 'derivation.json'))).toBe(true);
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain('### What lazy loading would change');
    expect(report).toContain('| `./heavy.mjs` | 3 |');
    expect(report).toContain('no: `makeConfig` is used at module top level (line 8)');
  });

  it('stops with exit 2 before sampling when a derived variant answers differently, naming it and the difference', async () => {
    const out = path.join(tempDir(), 'run');
    const { io, err } = capture();
    const code = await main(
      ['--handler', path.join(DERIVE, 'differs', 'index.handler'), '--lazy', './heavy.mjs', '--cold', '2', '--warm', '0', '--out', out],
      io,
    );
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(
      'derived variant "lazy" (index.handler): its response differs from the original\'s at $.loadedBefore: original true, derived false; refused before sampling',
    );
    expect(existsSync(path.join(out, 'samples.csv'))).toBe(false);
    expect(existsSync(path.join(out, 'derived', 'index.handler', 'lazy', 'index.mjs'))).toBe(true); // kept for reading
  });

  it('bad --handler and --event values name the flag and the fix', async () => {
    const cases: [string[], string][] = [
      [['--handler', path.join(DERIVE, 'esm', 'nope.handler')], 'no handler file (looked for nope.mjs, nope.js, nope.cjs, nope.py'],
      [['--handler', path.join(DERIVE, 'esm', 'index')], 'not of the form path/to/file.export'],
      [['--handler', path.join(DERIVE, 'esm', 'index.handler'), '--event', path.join(DERIVE, 'missing.json')], '--event'],
      [['--event', path.join(DERIVE, 'event.json')], '--event: apply only with --handler'],
    ];
    for (const [args, message] of cases) {
      const { io, err } = capture();
      expect(await main([...args, '--out', path.join(tempDir(), 'run')], io)).toBe(2);
      expect(err.join('\n')).toContain(message);
    }
  });

  it('plans derived variants on --target aws: each packaged from the derived code, nothing left in a temporary folder', async () => {
    const { io, out, err } = capture();
    const code = await main(
      ['--handler', path.join(DERIVE, 'esm', 'index.handler'), '--lazy', './heavy.mjs', '--target', 'aws', '--dry-run', '--cold', '2'],
      io,
    );
    expect(code, err.join('\n')).toBe(0);
    const text = out.join('\n');
    for (const variant of ['preload', 'lazy', 'initializer', 'prewarmed'])
      expect(text).toMatch(new RegExp(`coldbench-\\d{6}T\\d{6}-[a-z0-9]{5}-index-handler-${variant}-`));
    expect(text).toContain('nothing was created');
  });

  it('parses --env (repeatable), --env-file, --name and --no-response-check, and names the flag of a bad --env', () => {
    const o = parseOptions(
      [
        '--handler',
        'fn/index.handler',
        '--env',
        'REGION=eu-west-1',
        '--env',
        'URL=https://x/?a=b',
        '--env-file',
        'fn/.env',
        '--name',
        'my-fn',
        '--no-response-check',
      ],
      { out: () => {}, err: () => {} },
    );
    expect(o).toMatchObject({
      env: { REGION: 'eu-west-1', URL: 'https://x/?a=b' },
      envFile: 'fn/.env',
      name: 'my-fn',
      responseCheck: false,
    });
    expect(parseOptions([], { out: () => {}, err: () => {} }).responseCheck).toBe(true);
    const err: string[] = [];
    expect(() => parseOptions(['--env', 'no-equals'], { out: () => {}, err: (t) => err.push(t) })).toThrow();
    expect(err.join('')).toContain("option '--env <KEY=VALUE>' argument 'no-equals' is invalid. \"no-equals\" is not KEY=VALUE");
  });
});
