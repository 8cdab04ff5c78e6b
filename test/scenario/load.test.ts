import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { findScenarioFiles, loadScenarios, selectScenarios } from '../../src/scenario/load.js';
import { tempDir } from '../helpers.js';

function scenarioDir(
  root: string,
  folder: string,
  scenarioTs: string,
  files: Record<string, string> = { 'index.mjs': 'export const handler = () => 1;' },
): void {
  mkdirSync(path.join(root, folder), { recursive: true });
  writeFileSync(path.join(root, folder, 'scenario.ts'), scenarioTs);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, folder, name), text);
}

const plain = (name: string) =>
  `const s: { name: string } & Record<string, unknown> = { name: '${name}', runtime: 'node', event: { x: 1 }, variants: { preload: { handler: 'index.handler' } } };\nexport default s;\n`;

describe('loading scenarios from a folder', () => {
  it('loads TypeScript scenario files that import nothing from coldbench', async () => {
    const root = tempDir();
    scenarioDir(root, 'b', plain('beta'));
    scenarioDir(root, 'a', plain('alpha'));
    const scenarios = await loadScenarios(findScenarioFiles(root));
    expect(scenarios.map((s) => s.name)).toEqual(['alpha', 'beta']);
    expect(scenarios[0]!.variants[0]!.handler.file).toBe(path.join(root, 'a', 'index.mjs'));
  });

  it('reports every problem in every file, with file names, and duplicate names', async () => {
    const root = tempDir();
    scenarioDir(root, 'one', plain('same'));
    scenarioDir(root, 'two', plain('same'));
    scenarioDir(root, 'broken', 'export default { name: ;');
    scenarioDir(
      root,
      'bad',
      `export default { name: 'bad', runtime: 'node', event: { f: () => 1 }, variants: { lazy: { handler: 'index.handler' } } };`,
    );
    scenarioDir(
      root,
      'missing',
      `export default { name: 'missing', runtime: 'node', event: {}, variants: { lazy: { handler: 'missing.handler' } } };`,
    );
    const error = await loadScenarios(findScenarioFiles(root)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    expect(text).toContain(`${path.join(root, 'broken', 'scenario.ts')}: cannot be loaded`);
    expect(text).toContain(`${path.join(root, 'bad', 'scenario.ts')}: field "event.f" is a function; an event must be plain JSON`);
    expect(text).toContain('field "variants.lazy.handler": no file for "missing.handler"');
    expect(text).toContain(`"same" is already used by ${path.join(root, 'one', 'scenario.ts')}`);
  });

  it('explains an empty or missing folder', () => {
    expect(() => findScenarioFiles(tempDir())).toThrow(/no scenario found/);
    expect(() => findScenarioFiles('/nonexistent/coldbench')).toThrow(/--scenarios \/nonexistent\/coldbench: no such folder/);
  });

  it('selects by name and lists the known names for a typo', async () => {
    const root = tempDir();
    scenarioDir(root, 'a', plain('alpha'));
    scenarioDir(root, 'b', plain('beta'));
    const all = await loadScenarios(findScenarioFiles(root));
    expect(selectScenarios(all, ['beta']).map((s) => s.name)).toEqual(['beta']);
    expect(() => selectScenarios(all, ['gamma'])).toThrow('--only: no scenario named "gamma"; known scenarios: alpha, beta');
  });

  it('loads the bundled scenarios without problems', async () => {
    const scenarios = await loadScenarios(findScenarioFiles(path.resolve('scenarios')));
    expect(scenarios.map((s) => s.name)).toContain('calibration-node');
    for (const s of scenarios) expect(s.variants.length).toBeGreaterThanOrEqual(4);
  });
});
