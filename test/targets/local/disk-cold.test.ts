import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { PACKAGE_ROOT } from '../../../src/core/paths.js';
import { evictFromPageCache, residentBytes, scenarioFiles } from '../../../src/targets/local/disk-cold.js';
import { pythonPackageDirs } from '../../../src/runtimes/python/package-dirs.js';
import { FIXTURES, tempDir } from '../../helpers.js';

const quick = path.join(FIXTURES, 'scenarios', 'quick');

const privateRoots: string[] = [];
afterEach(() => {
  for (const dir of privateRoots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('disk-cold mode', () => {
  it('finds the scenario files and the node_modules Node would search', () => {
    const files = scenarioFiles(quick);
    expect(files).toContain(path.join(quick, 'counter.mjs'));
    expect(files.some((f) => f.includes(`${path.sep}node_modules${path.sep}tinybench${path.sep}`))).toBe(true);
  });

  it('for Python, takes the required packages and leaves node_modules out', async () => {
    const dirs = await pythonPackageDirs('/usr/bin/python3', ['json', 'os', 'coldbench_no_such_module']);
    expect(dirs).toHaveLength(1); // json is a package; os is a single module; the missing one is skipped
    expect(dirs[0]).toMatch(/\/json$/);
    const files = scenarioFiles(quick, { nodeModules: false, extraDirs: dirs });
    expect(files).toContain(path.join(dirs[0]!, '__init__.py'));
    expect(files.some((f) => f.includes(`${path.sep}node_modules${path.sep}`))).toBe(false);
  });

  /**
   * A scenario folder of this test's own: other test files read the shared
   * fixtures at the same time, which would cache them again. Inside the
   * project (git-ignored .coldbench-tmp), as /tmp may be a tmpfs, whose pages
   * cannot be evicted.
   */
  function privateScenario(): string {
    mkdirSync(path.join(PACKAGE_ROOT, '.coldbench-tmp'), { recursive: true });
    const root = mkdtempSync(path.join(PACKAGE_ROOT, '.coldbench-tmp', 'disk-cold-'));
    privateRoots.push(root);
    mkdirSync(path.join(root, 'solo'));
    writeFileSync(
      path.join(root, 'solo', 'scenario.ts'),
      "export default { name: 'solo', runtime: 'node', event: {}, variants: { preload: { handler: 'index.handler' } } };\n",
    );
    writeFileSync(path.join(root, 'solo', 'index.mjs'), 'export const handler = async () => ({ ok: true });\n');
    return root;
  }

  it('drops files from the page cache, as fincore confirms', async () => {
    const dir = path.join(privateScenario(), 'solo');
    const files = [path.join(dir, 'index.mjs'), path.join(dir, 'scenario.ts')];
    for (const f of files) readFileSync(f);
    expect(await residentBytes(files)).toBeGreaterThan(0);
    expect(await evictFromPageCache(files)).toBe(2);
    expect(await residentBytes(files)).toBe(0);
  });

  it('is recorded in run.json and the report', async () => {
    const out = path.join(tempDir(), 'run');
    const code = await main(['--scenarios', privateScenario(), '--cold', '1', '--warm', '0', '--disk-cold', '--out', out], {
      stdout: () => undefined,
      stderr: () => undefined,
    });
    expect(code).toBe(0);
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.pageCache.mode).toBe('disk-cold');
    expect(meta.pageCache.filesPerScenario.solo).toBeGreaterThan(100); // its 2 files and the project's node_modules above it
    expect(meta.pageCache.residentBytesAfterEviction).toBe(0);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('| page cache | disk-cold:');
  });
});
