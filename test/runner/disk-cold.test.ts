import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { evictFromPageCache, pythonPackageDirs, residentBytes, scenarioFiles } from '../../src/runner/disk-cold.js';
import { FIXTURES, tempDir } from '../helpers.js';

const quick = path.join(FIXTURES, 'scenarios', 'quick');

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

  it('drops files from the page cache, as fincore confirms', async () => {
    const files = [path.join(quick, 'counter.mjs'), path.join(quick, 'lazy.mjs'), path.join(quick, 'scenario.ts')];
    for (const f of files) readFileSync(f);
    expect(await residentBytes(files)).toBeGreaterThan(0);
    expect(await evictFromPageCache(files)).toBe(3);
    expect(await residentBytes(files)).toBe(0);
  });

  it('is recorded in run.json and the report', async () => {
    const out = path.join(tempDir(), 'run');
    const code = await main(['--scenarios', path.join(FIXTURES, 'scenarios'), '--cold', '1', '--warm', '0', '--disk-cold', '--out', out], { stdout: () => undefined, stderr: () => undefined });
    expect(code).toBe(1); // the fixture's broken variant
    const meta = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(meta.pageCache.mode).toBe('disk-cold');
    expect(meta.pageCache.filesPerScenario.quick).toBeGreaterThan(100);
    expect(meta.pageCache.residentBytesAfterEviction).toBe(0);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('| page cache | disk-cold:');
  });
});
