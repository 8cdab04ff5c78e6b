import { describe, expect, it } from 'vitest';
import { PhaseGate } from '../../../src/targets/local/phase-gate.js';

/** Resolves after pending microtasks and one macrotask: every grant that can happen has happened. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('PhaseGate', () => {
  it('lets one environment start at a time; INIT ending lets the next start while the first keeps requesting', async () => {
    const gate = new PhaseGate();
    const first = await gate.start();
    let secondStarted = false;
    const second = gate.start().then((t) => ((secondStarted = true), t));
    await settle();
    expect(secondStarted).toBe(false);
    first.initEnded();
    await settle();
    expect(secondStarted).toBe(true);
    expect(gate.state()).toMatchObject({ starting: true, sharing: 1 });
    (await second).initEnded();
    expect(gate.state()).toMatchObject({ starting: false, sharing: 2 });
  });

  it('runs a warm loop alone: after every cold request ended, and no start overtakes a waiting warm loop', async () => {
    const gate = new PhaseGate();
    const a = await gate.start();
    a.initEnded();
    const b = await gate.start();
    b.initEnded();
    a.end();
    const order: string[] = [];
    const alone = gate.runAlone(async () => {
      order.push('warm begins');
      expect(gate.state()).toMatchObject({ starting: false, sharing: 0, alone: true });
      await settle();
      order.push('warm ends');
    });
    const third = gate.start().then((t) => (order.push('third starts'), t));
    await settle();
    expect(order).toEqual([]); // b's cold request still runs
    b.end();
    await alone;
    await third;
    expect(order).toEqual(['warm begins', 'warm ends', 'third starts']);
  });

  it('ends a turn once whatever is called again, also when INIT failed (end without initEnded)', async () => {
    const gate = new PhaseGate();
    const t = await gate.start();
    t.end();
    t.end();
    t.initEnded();
    expect(gate.state()).toEqual({ starting: false, sharing: 0, alone: false, waiting: 0 });
    const u = await gate.start();
    u.initEnded();
    u.end();
    u.end();
    expect(gate.state()).toEqual({ starting: false, sharing: 0, alone: false, waiting: 0 });
  });

  it('releases a warm loop that throws', async () => {
    const gate = new PhaseGate();
    await expect(gate.runAlone(async () => Promise.reject(new Error('died')))).rejects.toThrow('died');
    expect(gate.state().alone).toBe(false);
    await gate.start();
  });
});
