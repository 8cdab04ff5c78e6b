/** Every numeric flag is finite and in range, and a value out of range names its flag. */
import { describe, expect, it } from 'vitest';
import { FLAG_RANGES, parseOptions } from '../../src/cli/options.js';

function parseError(args: string[]): string {
  const err: string[] = [];
  try {
    parseOptions(args, { out: () => undefined, err: (s) => err.push(s) });
  } catch {
    return err.join('');
  }
  throw new Error(`expected ${args.join(' ')} to be refused`);
}

describe('numeric flags', () => {
  it.each([
    [['--price', 'request=1e999'], "--price request=1e999: a price must be from 0 to 1 USD (Lambda's are below 0.0001)"],
    [['--price', 'gbSecond=2'], '--price gbSecond=2: a price must be from 0 to 1 USD'],
    [['--rates', '1e999'], '--rates: "1e999" is out of range; give rates from 1/d (one a day) to 100,000/s'],
    [['--rates', '10,1e300/h'], '--rates: "1e300/h" is out of range'],
    [['--rates', '0.5/d'], '--rates: "0.5/d" is out of range'],
    [['--cold', '9'.repeat(400)], '--cold takes a whole number of at most 100,000, not "999'],
    [['--warm', '2000000'], '--warm takes a whole number of at most 1,000,000, not "2000000"'],
    [['--cold-max', '1e3'], '--cold-max takes a whole number of at least 6, not "1e3"'],
    [['--ci-target', '1e999'], '--ci-target takes a number of at most 1000 (%), not "1e999"'],
    [['--ci-target', '1500'], '--ci-target takes a number of at most 1000 (%)'],
    [['--idle-reclaim', '1e308'], '--idle-reclaim takes a number of at most 604800 (seconds), not "1e308"'],
    [['--ping-interval', 'Infinity'], '--ping-interval takes a number of at most 604800 (seconds)'],
    [['--ping-interval', ''], '--ping-interval takes a positive number, not ""'],
    [['--parallel', '0'], '--parallel takes a whole number of at least 1, not "0"'],
    [['--parallel', 'all'], '--parallel takes a whole number of at least 1, not "all"'],
    [['--parallel', '65'], '--parallel takes a whole number of at most 64, not "65"'],
  ])('%j is refused: %s', (args, message) => {
    expect(parseError(args)).toContain(message);
  });

  it('takes values at the ends of each range', () => {
    const o = parseOptions(
      [
        '--price',
        'request=0',
        '--rates',
        '1/d,100000',
        '--cold',
        '100000',
        '--warm',
        '0',
        '--ci-target',
        '1000',
        '--idle-reclaim',
        '604800',
      ],
      { out: () => undefined, err: () => undefined },
    );
    expect(o.price).toEqual({ request: 0 });
    expect(o.rates).toEqual([1 / 86_400, 100_000]);
    expect([o.cold, o.warm, o.ciTarget, o.idleReclaim]).toEqual([100_000, 0, 1000, 604_800]);
    expect(Object.keys(FLAG_RANGES)).toContain('--price');
  });
});

describe('--warm-cpu', () => {
  it("defaults to the harness's CPU, takes any, and refuses anything else naming its choices", () => {
    const quiet = { out: () => undefined, err: () => undefined };
    expect(parseOptions([], quiet).warmCpu).toBe('harness');
    expect(parseOptions(['--warm-cpu', 'any'], quiet).warmCpu).toBe('any');
    expect(parseError(['--warm-cpu', 'free'])).toMatch(/--warm-cpu <mode>'? argument 'free' is invalid\. Allowed choices are harness, any/);
  });
});
