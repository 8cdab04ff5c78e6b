import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENT_DEPTH } from '../../src/scenario/json-check.js';
import type { Json } from '../../src/scenario/types.js';
import { resolvePython, startFixture, startPythonFixture } from '../helpers.js';

/** `[[[…[1]…]]]`, `depth` arrays deep. */
function nested(depth: number): Json {
  let value: Json = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

// A 5.5 MB event that arrives in many reads, nested as deep as coldbench allows: deeper than eval() takes (200).
const bigEvent = { text: 'x'.repeat(5.5 * 1024 * 1024), nested: nested(MAX_EVENT_DEPTH), tail: 'end' };

describe('request decoding in the bootstraps', () => {
  beforeAll(async () => {
    await resolvePython();
  });

  it('Python: decodes a deep and a 5.5 MB event with the JSON scanner, cold and warm, without loading json or re for the handler', async () => {
    const env = await startPythonFixture('echo_depth.handler', { timeoutMs: 20_000 });
    for (let i = 0; i < 2; i++) {
      const res = await env.request(bigEvent);
      expect(res.error).toBeUndefined();
      expect(res.body).toEqual({ depth: MAX_EVENT_DEPTH, text_length: bigEvent.text.length, tail: 'end', loaded: [] });
    }
    // Five code points (the emoji is one, not a surrogate pair), a raw U+2028, a quote and a backslash.
    expect((await env.request({ nested: nested(3), text: 'é😀\u2028"\\' })).body).toEqual({
      depth: 3,
      text_length: 5,
      tail: null,
      loaded: [],
    });
  });

  it('Node: decodes a deep and a 5.5 MB event, cold and warm', async () => {
    const env = startFixture('echo-depth.handler', { timeoutMs: 20_000 });
    for (let i = 0; i < 2; i++) {
      const res = await env.request(bigEvent);
      expect(res.body).toEqual({ depth: MAX_EVENT_DEPTH, textLength: bigEvent.text.length, tail: 'end' });
    }
  });
});
