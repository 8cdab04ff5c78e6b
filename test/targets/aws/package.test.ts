import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVariant } from '../../../src/targets/aws/package.js';
import { readZip } from '../../../src/targets/aws/zip.js';
import { validateScenario } from '../../../src/scenario/validate.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { FIXTURES } from '../../helpers.js';

const AWS_FIXTURES = path.join(FIXTURES, 'scenarios-aws');

function scenarioIn(folder: string, input: Record<string, unknown>): Scenario {
  const root =
    folder === 'with-dep'
      ? path.join(FIXTURES, 'scenarios-aws-deps')
      : folder === 'python'
        ? path.join(FIXTURES, 'scenarios-aws-python')
        : AWS_FIXTURES;
  const result = validateScenario(
    { name: folder, runtime: 'node', event: {}, ...input },
    path.join(root, folder, 'scenario.ts'),
    existsSync,
  );
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.scenario;
}

const text = (zip: Uint8Array, file: string) => Buffer.from(readZip(zip).get(file)!).toString('utf8');

describe('packaging', () => {
  const planted = scenarioIn('planted', {
    variants: {
      preload: { handler: 'preload.handler' },
      initializer: { handler: 'initializer.handler', initializer: 'initializer.initializer' },
    },
  });

  it('bundles a Node variant into one entry file, deterministically', async () => {
    const a = await packageVariant(planted, planted.variants[0]!, { unbundled: false });
    const b = await packageVariant(planted, planted.variants[0]!, { unbundled: false });
    expect(a.files).toEqual(['coldbench_entry.mjs']);
    expect(a.handler).toBe('coldbench_entry.handler');
    expect(a.runtime).toBe('nodejs24.x');
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true); // same bytes, same CodeSha256
    expect(a.sha256).toBe(b.sha256);
    expect(a.sizeBytes).toBe(a.zip.length);
    expect(text(a.zip, 'coldbench_entry.mjs')).toContain('performance.now() - start < 80'); // the planted module is inside
  });

  it('calls the initializer with top-level await in the bundle', async () => {
    const pkg = await packageVariant(planted, planted.variants[1]!, { unbundled: false });
    expect(text(pkg.zip, 'coldbench_entry.mjs')).toMatch(/^await __coldbenchInitializer\(/m);
  });

  it('ships unbundled with the handler files and the node_modules packages they use', async () => {
    const s = scenarioIn('with-dep', { variants: { preload: { handler: 'zipper.handler' } } });
    const pkg = await packageVariant(s, s.variants[0]!, { unbundled: true });
    expect(pkg.files).toContain('coldbench_entry.mjs');
    expect(pkg.files).toContain('zipper.mjs');
    expect(pkg.files).toContain('node_modules/fflate/package.json');
    expect(pkg.files.some((f) => f.startsWith('node_modules/fflate/esm/'))).toBe(true);
    expect(text(pkg.zip, 'coldbench_entry.mjs')).toContain('import * as handlerModule from "./zipper.mjs";');
  });

  it('names the file and the fix when a bundle fails', async () => {
    const s = scenarioIn('planted', { variants: { preload: { handler: 'preload.handler' } } });
    const broken = {
      ...s,
      variants: [{ ...s.variants[0]!, handler: { ...s.variants[0]!.handler, file: path.join(AWS_FIXTURES, 'planted', 'missing.mjs') } }],
    };
    await expect(packageVariant(broken, broken.variants[0]!, { unbundled: false })).rejects.toThrow(
      /variant "preload" cannot be bundled with esbuild: .*missing\.mjs/,
    );
  });

  it('packages a Python variant: its module files, a generated entry, and the declared layers', async () => {
    const layer = 'arn:aws:lambda:us-east-1:123456789012:layer:deps:3';
    const s = scenarioIn('python', {
      runtime: 'python',
      aws: { layers: [layer] },
      variants: { initializer: { handler: 'app.handler', initializer: 'app.initializer' } },
    });
    const pkg = await packageVariant(s, s.variants[0]!, { unbundled: false });
    expect(pkg.files).toEqual(['app.py', 'coldbench_entry.py', 'lib/__init__.py', 'lib/util.py']); // scenario.ts stays home
    expect(pkg.runtime).toBe('python3.14');
    expect(pkg.handler).toBe('coldbench_entry.handler');
    expect(pkg.layers).toEqual([layer]);
    const entry = text(pkg.zip, 'coldbench_entry.py');
    expect(entry).toContain('_load("app"), "handler"');
    expect(entry).toMatch(/^getattr\(_load\("app"\), "initializer"\)\(_InitContext\(\)\)/m); // module level: part of INIT, with the local bootstrap's kind of context
  });

  it('rejects a layer that is not a layer version ARN', () => {
    const result = validateScenario(
      { name: 'x', runtime: 'python', event: {}, aws: { layers: ['deps'] }, variants: { preload: { handler: 'app.handler' } } },
      path.join(FIXTURES, 'scenarios-aws-python', 'python', 'scenario.ts'),
      existsSync,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toContain('field "aws.layers.0" must be a layer version ARN');
  });
});
