import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { deriveScenario } from '../../src/derive/derive.js';
import { checkEquivalence } from '../../src/derive/equivalence.js';
import { scenarioFromHandler } from '../../src/derive/handler-scenario.js';
import { LocalEnvironment } from '../../src/targets/local/local-environment.js';
import { environmentSpec } from '../../src/targets/local/local-runner.js';
import type { Scenario, Variant } from '../../src/scenario/types.js';
import { findScenarioFiles, loadScenarios } from '../../src/scenario/load.js';
import { pythonContext, resolvePython, tempDir } from '../helpers.js';

const EXAMPLE = path.join(PACKAGE_ROOT, 'examples', 'fastapi-py');

function hasFastapi(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import fastapi, pandas'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = hasFastapi();
if (!available)
  console.warn(
    'examples/fastapi-py tests skipped: fastapi or pandas is missing for /usr/bin/python3; install with: apt-get update && apt-get install -y --no-install-recommends python3-fastapi python3-pandas (or npm run setup)',
  );

// A raw ASGI application (no framework) that answers with what it was given: the adapter alone, on the real interpreter.
const ECHO_APP = `
import base64, json, sys
sys.path.insert(0, sys.argv[1])
sys.dont_write_bytecode = True
from lambda_adapter import LambdaAdapter

async def app(scope, receive, send):
    message = await receive()
    seen = {k: scope[k] for k in ('method', 'path', 'raw_path', 'query_string', 'scheme', 'client', 'server')}
    seen = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in seen.items()}
    seen['headers'] = sorted([k.decode(), v.decode()] for k, v in scope['headers'])
    seen['body'] = message['body'].decode()
    if scope['path'] == '/binary':
        await send({'type': 'http.response.start', 'status': 201, 'headers': [(b'content-type', b'image/png'), (b'set-cookie', b'a=1'), (b'set-cookie', b'b=2'), (b'x-many', b'1'), (b'x-many', b'2')]})
        await send({'type': 'http.response.body', 'body': b'\\x89PNG', 'more_body': True})
        await send({'type': 'http.response.body', 'body': b'!'})
        return
    await send({'type': 'http.response.start', 'status': 200, 'headers': [(b'content-type', b'application/json')]})
    await send({'type': 'http.response.body', 'body': json.dumps(seen).encode()})

handler = LambdaAdapter(app)
event = {'rawPath': '/caf%C3%A9/x', 'rawQueryString': 'q=1&r=%20', 'cookies': ['s=abc', 't=def'],
         'headers': {'Host': 'api.example.com', 'X-Forwarded-Proto': 'https'},
         'requestContext': {'http': {'method': 'post', 'sourceIp': '203.0.113.7'}},
         'body': base64.b64encode(b'{"n": 1}').decode(), 'isBase64Encoded': True}
first = handler(event, None)
second = handler(dict(event, rawPath='/binary'), None)
print(json.dumps([first, second]))
`;

describe('examples/', () => {
  it('holds three scenarios whose variants are all derived; fastapi-py requires fastapi and pandas (skipped with the install command where missing)', async () => {
    const scenarios = await loadScenarios(findScenarioFiles(path.join(PACKAGE_ROOT, 'examples')));
    expect(scenarios.map((s) => s.name).sort()).toEqual(['fastapi-py', 'orders-api', 'report-py']);
    for (const s of scenarios) expect(s.derive?.variants.map((v) => v.strategy)).toEqual(['preload', 'lazy', 'initializer', 'prewarmed']);
    expect(scenarios.find((s) => s.name === 'fastapi-py')!.requires).toEqual(['fastapi', 'pandas']);
  });
});

describe('examples/fastapi-py: the Lambda adapter (API Gateway payload 2.0 <-> ASGI)', () => {
  it('builds the ASGI scope from the event and the API Gateway response from what the application sends', async () => {
    const python = await resolvePython();
    const [first, second] = JSON.parse(execFileSync(python, ['-c', ECHO_APP, EXAMPLE], { encoding: 'utf8' })) as [
      { statusCode: number; body: string; isBase64Encoded: boolean },
      Record<string, unknown>,
    ];
    expect(first.statusCode).toBe(200);
    expect(first.isBase64Encoded).toBe(false);
    expect(JSON.parse(first.body)).toEqual({
      method: 'POST',
      path: '/café/x',
      raw_path: '/caf%C3%A9/x',
      query_string: 'q=1&r=%20',
      scheme: 'https',
      client: ['203.0.113.7', 0],
      server: ['api.example.com', 443],
      headers: [
        ['cookie', 's=abc; t=def'],
        ['host', 'api.example.com'],
        ['x-forwarded-proto', 'https'],
      ],
      body: '{"n": 1}',
    });
    expect(second).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'image/png', 'x-many': '1,2' },
      cookies: ['a=1', 'b=2'],
      body: Buffer.from('\x89PNG!', 'latin1').toString('base64'),
      isBase64Encoded: true,
    });
  });
});

async function coldStart(scenario: Scenario, variant: Variant, context: Awaited<ReturnType<typeof pythonContext>>) {
  const env = new LocalEnvironment(environmentSpec(scenario, variant, context));
  try {
    if (variant.strategy === 'prewarmed') await env.request(scenario.prewarmEvent);
    const r = await env.request(scenario.event);
    return { initMs: (await env.init).initMs, invokeMs: r.invokeMs, body: r.body };
  } finally {
    await env.close();
  }
}

describe.skipIf(!available)('examples/fastapi-py derived (needs python3-fastapi, python3-pandas)', () => {
  it('pandas is made lazy and never run by GET /orders/42; every derived variant answers like the original; the lazy INIT is far below preload', async () => {
    const context = await pythonContext();
    const scenario = scenarioFromHandler({ handler: path.join(EXAMPLE, 'app.handler'), event: path.join(EXAMPLE, 'event.json') }, '/');
    const out = tempDir();
    const { scenario: derived, record } = await deriveScenario(scenario, path.join(out, 'derived', scenario.name), out, context);
    expect(record.decisions.filter((d) => d.lazy).map((d) => d.module)).toEqual(['pandas']);
    expect(record.decisions.find((d) => d.module === 'fastapi')).toMatchObject({ lazy: false, bindings: ['FastAPI', 'HTTPException'] });
    expect((await checkEquivalence(derived, record, { ...context, gapMs: 0 })).problems).toEqual([]);
    expect(record.loadedByRequest).toEqual([]);
    const byName = (n: string) => derived.variants.find((v) => v.name === n)!;
    const preload = await coldStart(derived, byName('preload'), context);
    const lazy = await coldStart(derived, byName('lazy'), context);
    expect(preload.body).toMatchObject({ statusCode: 200, body: '{"id":42,"customer":"c-7","total":15.0}' });
    expect(lazy.body).toEqual(preload.body);
    expect(lazy.initMs).toBeLessThan(preload.initMs - 100); // pandas alone takes 250-350 ms here
  });
});
