import { describe, expect, it } from 'vitest';
import { RUNTIMES } from '../../src/core/vocabulary.js';
import { runtimeFor } from '../../src/runtimes/registry.js';

describe('runtime descriptors', () => {
  it('every runtime carries its local and its Lambda side, with a default Lambda runtime it lists', () => {
    for (const name of RUNTIMES) {
      const r = runtimeFor(name);
      expect(r.name).toBe(name);
      expect(r.lambda.runtimes).toContain(r.lambda.defaultRuntime);
      expect(r.lambda.entry.handler).toMatch(/^coldbench_entry\.handler$/);
      expect(r.lambda.entry.file.startsWith('coldbench_entry.')).toBe(true);
    }
    expect(runtimeFor('node').lambda.entry.file).not.toBe(runtimeFor('python').lambda.entry.file);
  });
});
