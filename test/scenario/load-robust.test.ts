/** Scenario loading under bad input: what the user sees names the file, the place and the fix. */
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { findScenarioFiles, LOAD_TIMEOUT_MS, loadScenarios, selectScenarios } from '../../src/scenario/load.js';
import { pythonRuntime } from '../../src/runtimes/python/python-runtime.js';
import { FIXTURES, tempDir } from '../helpers.js';

const LOADING = path.join(FIXTURES, 'scenario-loading');
const fixture = (name: string, file = 'scenario.mts') => path.join(LOADING, name, file);

async function problemsOf(files: string[]): Promise<string> {
  const error = await loadScenarios(files).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems.join('\n');
}

describe('loading scenario files that do not load', () => {
  it('keeps the whole of a TypeScript syntax error: file, line, column and cause', async () => {
    const text = await problemsOf([fixture('syntax-error')]);
    expect(text).toContain(`${fixture('syntax-error')}: cannot be loaded: `);
    // tsx hands esbuild the file as scenario.ts, whatever its ending (.mts here)
    expect(text).toContain(
      'syntax-error/scenario.ts:5:16: ERROR: Expected identifier but found ","; fix the file so that it imports without errors',
    );
    expect(text).not.toContain('Transform failed');
  });

  it('finds the place of a JavaScript syntax error, which Node does not give', async () => {
    const text = await problemsOf([fixture('syntax-error-js', 'scenario.mjs')]);
    expect(text).toContain(`cannot be loaded: ${LOADING}/syntax-error-js/scenario.mjs:3:17: SyntaxError: Unexpected token ','`);
  });

  it('names the line of the file whose top-level code throws', async () => {
    const text = await problemsOf([fixture('throws', 'scenario.mjs')]);
    expect(text).toContain(`Error: set COLDBENCH_NO_SUCH_VARIABLE first (at ${LOADING}/throws/scenario.mjs:3:`);
  });

  it('names the byte order mark of an event file the scenario reads with JSON.parse', async () => {
    const text = await problemsOf([fixture('bom-event')]);
    expect(text).toContain(
      `is not valid JSON: the JSON starts with a byte order mark (BOM, U+FEFF); save the JSON file as UTF-8 without BOM (at ${LOADING}/bom-event/scenario.mts:3:`,
    );
    expect(text).not.toContain('\uFEFF');
  });

  it('says that a top-level await never settles, and still loads the other files', async () => {
    const error = await loadScenarios([fixture('never-settles'), fixture('plain')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      `${fixture('never-settles')}: cannot be loaded: its top-level await never settles (nothing was left that could settle it); fix the file so that it imports without errors`,
    ]);
  });

  it('names a file whose top-level code does not finish in time', async () => {
    const error = await loadScenarios([fixture('plain'), fixture('slow-await')], { timeoutMs: 4000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      `${fixture('slow-await')}: cannot be loaded: its top-level code did not finish within 4 s (an await on something that never comes, or an endless loop); fix the file so that it imports promptly`,
    ]);
  });

  it('does not wait for a timer a scenario file leaves running', async () => {
    const started = Date.now();
    const [scenario] = await loadScenarios([fixture('open-interval')]);
    expect(scenario!.name).toBe('open-interval');
    expect(Date.now() - started).toBeLessThan(LOAD_TIMEOUT_MS / 3); // it waited for nothing, not for the loader's time limit
  });
});

describe('finding scenario folders', () => {
  it('follows a scenario folder that is a symbolic link, and counts a folder reached twice once', () => {
    const root = tempDir();
    symlinkSync(path.join(LOADING, 'plain'), path.join(root, 'linked'));
    symlinkSync(path.join(LOADING, 'plain'), path.join(root, 'again'));
    const files = findScenarioFiles(root);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/(linked|again)\/scenario\.mts$/);
  });

  it('names a symbolic link loop, given as --scenarios or found inside it', () => {
    const root = tempDir();
    symlinkSync(path.join(root, 'b'), path.join(root, 'a'));
    symlinkSync(path.join(root, 'a'), path.join(root, 'b'));
    expect(() => findScenarioFiles(path.join(root, 'a'))).toThrow(`--scenarios ${path.join(root, 'a')}: is a loop of symbolic links`);
    expect(() => findScenarioFiles(root)).toThrow(
      `${path.join(root, 'a')} is a symbolic link that is a loop of symbolic links; fix or remove the link`,
    );
    const dangling = tempDir();
    symlinkSync('/nonexistent/coldbench', path.join(dangling, 'gone'));
    expect(() => findScenarioFiles(dangling)).toThrow(`${path.join(dangling, 'gone')} is a symbolic link that leads to no such folder`);
  });

  it('explains a scenario file given as --scenarios: give its folder', () => {
    const file = fixture('plain');
    expect(() => findScenarioFiles(file)).toThrow(
      `--scenarios ${file}: is a file, not a folder; give the folder that holds it: --scenarios ${path.dirname(file)}`,
    );
  });

  it('runs a scenario named twice in --only once', () => {
    const scenarios = [{ name: 'a' }, { name: 'b' }] as Parameters<typeof selectScenarios>[0];
    expect(selectScenarios(scenarios, ['b', 'a', 'b']).map((s) => s.name)).toEqual(['b', 'a']);
  });
});

describe('the Python interpreter', () => {
  it('refuses a program that exits 0 but is not Python (/bin/echo)', async () => {
    await expect(pythonRuntime.resolveInterpreter('/bin/echo')).rejects.toThrow(
      '"/bin/echo" is not a Python 3 interpreter (asked for its executable and version, it answered',
    );
  });
});
