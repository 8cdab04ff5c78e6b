/** Events that JSON carries but coldbench cannot send: too deep, too big, or behind a byte order mark. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { scenarioFromHandler } from '../../src/derive/handler-scenario.js';
import { findNonJson, MAX_EVENT_BYTES, MAX_EVENT_DEPTH, notJsonReason } from '../../src/scenario/json-check.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { FIXTURES, HANDLERS, tempDir } from '../helpers.js';

const EVENTS = path.join(FIXTURES, 'events');
const handler = path.join(HANDLERS, 'echo-depth.handler');

function configProblems(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('event checks', () => {
  it('a 10,000-deep --event is refused as too deep, not an unhandled RangeError', () => {
    const text = configProblems(() => scenarioFromHandler({ handler, event: path.join(EVENTS, 'deep-10000.json') }, process.cwd()));
    expect(text).toBe(
      `--event ${path.join(EVENTS, 'deep-10000.json')}: nested deeper than 500 levels (Python's JSON parser, on Lambda too, stops near 1,000; coldbench takes up to 500) at 0.0.0`,
    );
  });

  it('a 10,000-deep event in a scenario file is a field problem', () => {
    const deep = JSON.parse(readFileSync(path.join(EVENTS, 'deep-10000.json'), 'utf8')) as unknown;
    const result = validateScenario(
      { name: 'deep', runtime: 'node', event: { body: deep }, variants: { preload: { handler: 'echo-depth.handler' } } },
      path.join(HANDLERS, 'scenario.ts'),
      () => true,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toContain(
      `field "event.body.0.0" is nested deeper than 500 levels (Python's JSON parser, on Lambda too, stops near 1,000; coldbench takes up to 500); make the event flatter`,
    );
  });

  it('takes an event exactly as deep as the limit, and finds a non-JSON value deep inside it', () => {
    let value: unknown = 1;
    for (let i = 0; i < MAX_EVENT_DEPTH; i++) value = [value];
    expect(findNonJson(value)).toBeUndefined();
    expect(findNonJson({ a: [1, { b: Infinity }] })).toEqual({ path: ['a', 1, 'b'], what: 'Infinity' });
  });

  it("an event over Lambda's 6 MB payload limit is refused with its size", () => {
    const file = path.join(tempDir(), 'big.json');
    writeFileSync(file, JSON.stringify({ text: 'x'.repeat(MAX_EVENT_BYTES) }));
    const text = configProblems(() => scenarioFromHandler({ handler, event: file }, process.cwd()));
    expect(text).toContain(`--event ${file}: is 6.0 MB of JSON; Lambda refuses a synchronous invocation over 6 MB`);
  });

  it('an event file that starts with a byte order mark is told so', () => {
    const file = path.join(EVENTS, 'bom.json');
    const text = configProblems(() => scenarioFromHandler({ handler, event: file }, process.cwd()));
    expect(text).toBe(
      `--event ${file}: starts with a byte order mark (BOM, U+FEFF), which JSON does not allow; save the file as UTF-8 without BOM; give a JSON file with the request event`,
    );
    expect(notJsonReason('{', new Error('Unexpected end'))).toBe('not JSON (Unexpected end)');
  });
});
