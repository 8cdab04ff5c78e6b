import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { deriveScenario } from '../../src/derive/derive.js';
import { checkEquivalence } from '../../src/derive/equivalence.js';
import { scenarioFromHandler } from '../../src/derive/handler-scenario.js';
import { deriveAll } from '../../src/derive/run-derivation.js';
import { FIXTURES, pythonContext, runnerContext, tempDir } from '../helpers.js';

// Cases that broke when --handler was tried on public handlers, each with a fixture shaped like it.

const DERIVE = path.join(FIXTURES, 'derive');
const EVENT = path.join(DERIVE, 'event.json');
const nodeContext = { ...runnerContext, signal: new AbortController().signal };

const messageOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('responses that carry the time', () => {
  it('a signed URL dated to the second: the original answers twice a second apart, that path is left out, the rest is compared and the run goes on', async () => {
    const scenario = scenarioFromHandler(
      { handler: path.join(DERIVE, 'signed', 'index.handler'), event: EVENT, lazy: ['../esm/heavy.mjs'] },
      '/',
    );
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', scenario.name), out, nodeContext);
    const { problems, notes } = await checkEquivalence(derived, record, nodeContext);
    expect(problems).toEqual([]);
    expect(record.responseCheck).toEqual({ compared: true, ignored: ['$.url'] });
    expect(notes).toEqual([
      'responses compared except at $.url: the original answered differently there in two fresh environments 1100 ms apart',
    ]);
  });

  it('--no-response-check: nothing compared, and no message claims the variants answer as the original does', async () => {
    const scenario = scenarioFromHandler(
      { handler: path.join(DERIVE, 'differs', 'index.handler'), event: EVENT, lazy: ['./heavy.mjs'] },
      '/',
    );
    const runDir = path.join(tempDir(), 'run');
    const lines: string[] = [];
    const { records } = await deriveAll(
      [scenario],
      runDir,
      true,
      { ...nodeContext, responseCheck: false },
      { stderr: (t) => lines.push(t) },
    );
    expect(records[0]!.responseCheck).toEqual({ compared: false, why: 'skipped with --no-response-check' });
    expect(lines.join('\n')).toContain('responses not compared (--no-response-check)');
    expect(lines.join('\n')).not.toContain('answer the event as the original does');
  });

  it('a refusal names the flag that skips the check', async () => {
    const scenario = scenarioFromHandler(
      { handler: path.join(DERIVE, 'differs', 'index.handler'), event: EVENT, lazy: ['./heavy.mjs'] },
      '/',
    );
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', scenario.name), out, nodeContext);
    const { problems } = await checkEquivalence(derived, record, { ...nodeContext, gapMs: 0 });
    expect(problems[0]).toContain('run again with --no-response-check');
  });
});

describe('environment variables', () => {
  it('INIT failing on a missing variable: the message names it and --env / --env-file', async () => {
    const context = await pythonContext();
    const scenario = scenarioFromHandler({ handler: path.join(DERIVE, 'needs-env', 'app.handler'), event: EVENT }, '/');
    const out = tempDir();
    const message = await messageOf(deriveScenario(scenario, path.join(out, 'derived'), out, context));
    expect(message).toContain("KeyError: 'REGION'");
    expect(message).toContain('(REGION)');
    expect(message).toContain('--env REGION=VALUE (repeatable) or --env-file FILE');
  });

  it('--env-file and --env (which wins) reach every environment', async () => {
    const context = await pythonContext();
    const file = path.join(tempDir(), 'fn.env');
    writeFileSync(file, '# the function\'s settings\nREGION=eu-west-1\nBUCKET="from-file"\n');
    const scenario = scenarioFromHandler(
      { handler: path.join(DERIVE, 'needs-env', 'app.handler'), event: EVENT, envFile: file, env: { BUCKET: 'from-flag' } },
      '/',
    );
    expect(scenario.env).toEqual({ REGION: 'eu-west-1', BUCKET: 'from-flag' });
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived'), out, context);
    expect(await checkEquivalence(derived, record, { ...context, gapMs: 0 })).toEqual({ problems: [], notes: [] });
  });

  it('bad --env and --env-file values name the flag', () => {
    const handler = path.join(DERIVE, 'needs-env', 'app.handler');
    expect(() => scenarioFromHandler({ handler, env: { 'NOT-A-NAME': 'x' } }, '/')).toThrow(
      '--env NOT-A-NAME=…: "NOT-A-NAME" is not a variable name',
    );
    expect(() => scenarioFromHandler({ handler, envFile: path.join(tempDir(), 'missing.env') }, '/')).toThrow(
      /--env-file .*missing\.env: cannot be read \(ENOENT\)/,
    );
  });
});

describe('handlers written differently from what Lambda expects', () => {
  it('a handler taking one argument: the error is kept and the hint says Lambda passes two', async () => {
    const context = await pythonContext();
    const scenario = scenarioFromHandler({ handler: path.join(DERIVE, 'one-arg', 'app.handler'), event: EVENT, lazy: ['json'] }, '/');
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived'), out, context);
    const { problems } = await checkEquivalence(derived, record, context);
    expect(problems[0]).toContain('handler() takes 1 positional argument but 2 were given');
    expect(problems[0]).toContain('Lambda calls a handler with two arguments, (event, context)');
  });

  it('ES module syntax in a .js file whose package.json has no "type": derived as Node loads it, with a note giving both fixes', async () => {
    const dir = path.join(tempDir(), 'legacy');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "legacy" }\n');
    writeFileSync(path.join(dir, 'helper.mjs'), 'export const twice = (n) => n * 2;\n');
    writeFileSync(
      path.join(dir, 'index.js'),
      "import { twice } from './helper.mjs';\nexport const handler = async (event) => ({ n: twice(event.n) });\n",
    );
    const scenario = scenarioFromHandler({ handler: path.join(dir, 'index.handler'), event: EVENT, lazy: ['./helper.mjs'] }, '/');
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived'), out, nodeContext);
    expect(record.decisions.map((d) => [d.module, d.lazy])).toEqual([['./helper.mjs', true]]);
    expect(record.notes.join('\n')).toContain('rename it to .mjs, or add "type": "module" to its package.json');
    expect((await checkEquivalence(derived, record, { ...nodeContext, gapMs: 0 })).problems).toEqual([]);
  });
});

describe('scenario names', () => {
  it('named after the handler file and export, or --name', () => {
    const handler = path.join(DERIVE, 'esm', 'index.handler');
    expect(scenarioFromHandler({ handler }, '/').name).toBe('index.handler');
    expect(scenarioFromHandler({ handler, name: 'orders-api' }, '/').name).toBe('orders-api');
    expect(() => scenarioFromHandler({ handler, name: 'Orders API' }, '/')).toThrow(
      '--name Orders API: must be lower-case letters, digits, ".", "_" or "-"',
    );
  });
});
