import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveScenario } from '../../src/derive/derive.js';
import { checkEquivalence } from '../../src/derive/equivalence.js';
import { scenarioFromHandler } from '../../src/derive/handler-scenario.js';
import { LocalEnvironment } from '../../src/targets/local/local-environment.js';
import { environmentSpec } from '../../src/targets/local/local-runner.js';
import type { Scenario } from '../../src/scenario/types.js';
import { pythonContext, runnerContext, tempDir } from '../helpers.js';

// A folder name that would run code if it were pasted into generated source: a line break
// ends a Python comment, U+2028 ends a JavaScript one.
const FOLDER = 'fn\nraise SystemExit(7) \u2028 throw 7';
const nodeContext = { ...runnerContext, signal: new AbortController().signal };

function folderWith(files: Record<string, string>): string {
  const dir = path.join(tempDir(), FOLDER);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function answers(scenario: Scenario, context: typeof nodeContext) {
  const out: Record<string, unknown> = {};
  for (const v of scenario.variants) {
    const env = new LocalEnvironment(environmentSpec(scenario, v, context));
    try {
      if (v.strategy === 'prewarmed') await env.request(scenario.prewarmEvent);
      const r = await env.request(scenario.event);
      out[v.name] = r.ok ? r.body : `failed: ${r.error}`;
    } finally {
      await env.close();
    }
  }
  return out;
}

const NODE_FILES = {
  'helper.mjs': 'export const twice = (n) => n * 2;\n',
  'a#b.mjs':
    "import { twice } from './helper.mjs';\nconst h = async (event) => ({ file: 'a#b', n: twice(event.n) });\nexport { h as default };\n",
  '50%.mjs':
    "import { twice } from './helper.mjs';\nconst h = async (event) => ({ file: '50%', n: twice(event.n) });\nexport { h as class };\n",
  '%41.mjs': "import { twice } from './helper.mjs';\nexport async function handler(event) { return { file: '%41', n: twice(event.n) }; }\n",
  'A.mjs': "export async function handler() { return { file: 'A, the wrong module' }; }\n",
};

describe('derived code for odd names', () => {
  for (const [file, exportName] of [
    ['a#b', 'default'],
    ['50%', 'class'],
    ['%41', 'handler'],
  ] as const) {
    it(`Node: ${file}.mjs exporting "${exportName}", in a folder whose name holds a line break and U+2028: every derived variant loads the right module and answers`, async () => {
      const dir = folderWith(NODE_FILES);
      const scenario = scenarioFromHandler({ handler: path.join(dir, `${file}.${exportName}`), lazy: ['./helper.mjs'] }, '/');
      scenario.event = { n: 21 };
      const out = tempDir();
      const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', scenario.name), out, nodeContext);
      expect(record.decisions.map((d) => [d.module, d.lazy])).toEqual([['./helper.mjs', true]]);
      const expected = { file, n: 42 };
      expect(await answers(derived, nodeContext)).toEqual({
        preload: expected,
        lazy: expected,
        initializer: expected,
        prewarmed: expected,
      });
      expect((await checkEquivalence(derived, record, { ...nodeContext, gapMs: 0 })).problems).toEqual([]);
      // The folder name appears in the generated code only escaped.
      for (const v of ['lazy', 'initializer', 'prewarmed']) {
        for (const f of readdirSync(path.join(out, 'derived', scenario.name, v))) {
          const text = readFileSync(path.join(out, 'derived', scenario.name, v, f), 'utf8');
          expect(text).not.toContain('\u2028');
          expect(text).not.toContain('\nraise');
        }
      }
    });
  }

  it('Python: a handler exported under a reserved word, in a folder whose name holds a line break and U+2028: lazy, initializer and prewarmed answer', async () => {
    const context = await pythonContext();
    const dir = folderWith({
      'helper.py': 'def twice(n):\n    return n * 2\n',
      'app.py':
        "import helper\n\n\ndef handle(event, context):\n    return {'n': helper.twice(event['n'])}\n\n\nglobals()['class'] = handle\n",
    });
    const scenario = scenarioFromHandler({ handler: path.join(dir, 'app.class'), lazy: ['helper'] }, '/');
    scenario.event = { n: 21 };
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', scenario.name), out, context);
    expect(record.decisions.map((d) => [d.module, d.lazy])).toEqual([['helper', true]]);
    expect(await answers(derived, context)).toEqual({ preload: { n: 42 }, lazy: { n: 42 }, initializer: { n: 42 }, prewarmed: { n: 42 } });
    expect((await checkEquivalence(derived, record, { ...context, gapMs: 0 })).problems).toEqual([]);
    expect(record.loadedByRequest).toEqual(['helper']);
  });
});
