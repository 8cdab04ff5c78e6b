/**
 * The generated Python entry run by the real interpreter: the initializer's
 * context is the same kind of object the local bootstrap passes, and the first
 * response says how long the environment sat idle after INIT.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonEntrySource } from '../../../src/runtimes/python/lambda-entry.js';
import { DEFAULT_PYTHON } from '../../../src/runtimes/python/python-runtime.js';
import { tempDir } from '../../helpers.js';

describe.skipIf(!existsSync(DEFAULT_PYTHON))('generated Python entry', () => {
  it('passes the initializer an object with get_remaining_time_in_millis(), and stamps the first response with idleMs', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'app.py'),
      [
        'seen = {}',
        'def initializer(context):',
        '    seen["remaining"] = context.get_remaining_time_in_millis()',
        '    seen["request"] = context.aws_request_id',
        '    seen["name"] = context.function_name',
        'def handler(event, context):',
        '    return seen',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'coldbench_entry.py'),
      pythonEntrySource({ handlerModule: 'app', handlerExport: 'handler', initializerModule: 'app', initializerExport: 'initializer' }),
    );
    const out = execFileSync(
      DEFAULT_PYTHON,
      [
        '-c',
        'import json, time, coldbench_entry as e; time.sleep(0.2); a = e.handler({}, None); b = e.handler({}, None); print(json.dumps([a, b]))',
      ],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', AWS_LAMBDA_FUNCTION_NAME: 'fn-under-test' },
      },
    ).toString();
    const [first, second] = JSON.parse(out) as {
      coldbench: { env: string; served: number; idleMs?: number };
      body: { remaining: number; request: string; name: string };
    }[];
    expect(first!.body.remaining).toBeGreaterThan(9000);
    expect(first!.body.remaining).toBeLessThanOrEqual(10000);
    expect(first!.body.request).toBe('init');
    expect(first!.body.name).toBe('fn-under-test');
    expect(first!.coldbench.idleMs).toBeGreaterThanOrEqual(150); // slept 200 ms between INIT and the request
    expect(second!.coldbench.served).toBe(2);
    expect(second!.coldbench.idleMs).toBeUndefined();
    expect(second!.coldbench.env).toBe(first!.coldbench.env);
  });
});

describe('generated entries', () => {
  it('register the SnapStart after-restore hook only in snapstart packages, and instrument imports only in the breakdown package', async () => {
    const { nodeEntrySource } = await import('../../../src/runtimes/node/lambda-entry.js');
    const plain = pythonEntrySource({ handlerModule: 'app', handlerExport: 'handler' });
    expect(plain).not.toContain('snapshot_restore_py');
    expect(plain).not.toContain('dup2');
    expect(pythonEntrySource({ handlerModule: 'app', handlerExport: 'handler', restoreHook: true })).toContain(
      'register_after_restore(_after_restore)',
    );
    const node = nodeEntrySource({ handlerModule: './app.mjs', handlerExport: 'handler' });
    expect(node).toContain('import * as handlerModule from "./app.mjs";');
    expect(node).not.toContain('import-timing');
    const timed = nodeEntrySource({ handlerModule: './app.mjs', handlerExport: 'handler', importTiming: true });
    // The timing module loads first; the handler is imported dynamically after it, so its modules go through the hooks.
    expect(timed.indexOf('import "./import-timing.mjs";')).toBeLessThan(timed.indexOf('await import("./app.mjs")'));
    expect(timed).not.toContain('import * as handlerModule');
  });
});
