import { describe, expect, it } from 'vitest';
import { interleavedSteps, roundSteps, warmInRound } from '../../src/run/plan.js';
import { LineSplitter, parseMessage } from '../../src/targets/local/protocol.js';

describe('interleavedSteps', () => {
  it('rotates the starting variant each round and gives every variant one step per round', () => {
    const steps = interleavedSteps(['a', 'b', 'c'], 3, 0);
    expect(steps.map((s) => s.variant).join('')).toBe('abcbcacab');
    expect(steps.map((s) => s.round)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
  });

  it('spreads warm samples over the rounds so that each variant gets exactly the total', () => {
    const steps = interleavedSteps(['a', 'b'], 3, 10);
    const warmOfA = steps.filter((s) => s.variant === 'a').map((s) => s.warm);
    expect(warmOfA).toEqual([4, 3, 3]);
    expect(warmOfA.reduce((x, y) => x + y)).toBe(10);
  });
});

describe('rounds for adaptive sampling', () => {
  it('a round is every variant once, rotated as in the fixed plan', () => {
    expect(roundSteps(['a', 'b', 'c'], 4, 2)).toEqual([
      { round: 4, variant: 'b', warm: 2 },
      { round: 4, variant: 'c', warm: 2 },
      { round: 4, variant: 'a', warm: 2 },
    ]);
    expect(interleavedSteps(['a', 'b', 'c'], 3, 0)).toEqual([0, 1, 2].flatMap((r) => roundSteps(['a', 'b', 'c'], r, 0)));
  });

  it('spreads the warm samples over the first rounds only', () => {
    expect([0, 1, 2, 3, 4].map((r) => warmInRound(r, 3, 10))).toEqual([4, 3, 3, 0, 0]);
  });
});

describe('protocol lines', () => {
  it('reassembles lines split across chunks, also inside a multi-byte character', () => {
    const splitter = new LineSplitter();
    const bytes = Buffer.from('{"t":"init","env":"é"}\n{"t":"res"');
    const cut = bytes.indexOf(Buffer.from('é')) + 1; // in the middle of é
    expect(splitter.push(bytes.subarray(0, cut))).toEqual([]);
    expect(splitter.push(bytes.subarray(cut))).toEqual(['{"t":"init","env":"é"}']);
    expect(splitter.push(Buffer.from(',"id":1}\n\n'))).toEqual(['{"t":"res","id":1}', '']);
  });

  it('flags lines that are not messages', () => {
    expect(parseMessage('hello')).toEqual({ t: 'invalid', line: 'hello' });
    expect(parseMessage('{"t":"other"}').t).toBe('invalid');
    expect(parseMessage('{"t":"init","env":"x","initMs":1}').t).toBe('init');
  });
});
