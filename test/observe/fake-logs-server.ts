/**
 * A CloudWatch-Logs-compatible HTTP endpoint on loopback, for tests: the real
 * @aws-sdk/client-cloudwatch-logs reaches it through
 * AWS_ENDPOINT_URL_CLOUDWATCH_LOGS. It speaks the service's protocol (AWS
 * JSON 1.1: POST /, `X-Amz-Target: Logs_20140328.<Operation>`, errors as
 * `{"__type": …, "message": …}` with status 400) and implements
 * FilterLogEvents as the service documents it: the time range (both ends
 * inclusive), term filter patterns (`"a b"` phrases, `?x ?y` any-of, plain
 * terms all-of), pages of at most `limit` (≤ 10,000) events and 1 MB, that may
 * be partial or even empty while a nextToken says more follow, ascending time.
 * Faults: a log group that denies access, throttling.
 * It also answers Lambda GetAlias (GET /2015-03-31/functions/NAME/aliases/ALIAS)
 * for --qualifier, so one loopback endpoint serves AWS_ENDPOINT_URL_LAMBDA too.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GeneratedEvent } from './generate-logs.js';

export const FAKE_ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const MAX_PAGE_BYTES = 1_048_576;

export interface FakeLogsOptions {
  /** Page size when the request sets no limit (the service's is 10,000); small values exercise pagination. */
  pageSize: number;
  /** Every Nth page comes back empty, with a nextToken (the service does this while it searches streams). */
  emptyPageEvery: number;
}

export interface Faults {
  /** The next N requests answer ThrottlingException. */
  throttle: number;
}

/** A pattern as FilterLogEvents' term syntax has it: any-of groups (`?`), else all-of terms. Quoted terms are phrases. */
export function matchesTermPattern(pattern: string, message: string): boolean {
  const terms = [...pattern.matchAll(/(\?)?(?:"([^"]*)"|(\S+))/g)].map((m) => ({ any: m[1] === '?', text: m[2] ?? m[3]! }));
  if (terms.length === 0) return true;
  const any = terms.filter((t) => t.any);
  const all = terms.filter((t) => !t.any);
  return all.every((t) => message.includes(t.text)) && (any.length === 0 || any.some((t) => message.includes(t.text)));
}

export class FakeLogsServer {
  readonly groups = new Map<string, GeneratedEvent[]>();
  /** Log groups whose reads answer AccessDeniedException. */
  readonly denied = new Set<string>();
  /** Lambda aliases by `function:alias`. */
  readonly aliases = new Map<string, { version: string; weights?: Record<string, number> }>();
  readonly faults: Faults = { throttle: 0 };
  /** Operations served, in order (`FilterLogEvents`, `GetAlias`). */
  readonly calls: string[] = [];
  /** Empty pages served with a nextToken (see FakeLogsOptions.emptyPageEvery). */
  emptyPagesServed = 0;
  private server?: http.Server;
  private pagesServed = 0;

  constructor(readonly options: FakeLogsOptions = { pageSize: 10_000, emptyPageEvery: 0 }) {}

  addGroup(name: string, events: readonly GeneratedEvent[]): void {
    const list = this.groups.get(name) ?? [];
    list.push(...events);
    list.sort((a, b) => a.timestamp - b.timestamp || a.eventId.localeCompare(b.eventId));
    this.groups.set(name, list);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const reply = this.handle(req, Buffer.concat(chunks).toString('utf8'));
        res.writeHead(reply.status, {
          'content-type': reply.lambda ? 'application/json' : 'application/x-amz-json-1.1',
          'x-amzn-requestid': `req-${this.calls.length}`,
          ...(reply.error ? { 'x-amzn-errortype': reply.error } : {}),
        });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: http.IncomingMessage, body: string): { status: number; body: unknown; error?: string; lambda?: boolean } {
    const alias = /^\/2015-03-31\/functions\/([^/]+)\/aliases\/([^/?]+)/.exec(req.url ?? '');
    if (alias && req.method === 'GET') {
      this.calls.push('GetAlias');
      const [fn, name] = [decodeURIComponent(alias[1]!), decodeURIComponent(alias[2]!)];
      const found = this.aliases.get(`${fn}:${name}`);
      if (!found)
        return {
          status: 404,
          lambda: true,
          error: 'ResourceNotFoundException',
          body: { Type: 'User', message: `Alias not found: arn:aws:lambda:${REGION}:${FAKE_ACCOUNT}:function:${fn}:${name}` },
        };
      return {
        status: 200,
        lambda: true,
        body: {
          AliasArn: `arn:aws:lambda:${REGION}:${FAKE_ACCOUNT}:function:${fn}:${name}`,
          Name: name,
          FunctionVersion: found.version,
          ...(found.weights ? { RoutingConfig: { AdditionalVersionWeights: found.weights } } : {}),
        },
      };
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const error = (type: string, message: string) => ({ status: 400, error: type, body: { __type: type, message } });
    if (req.method !== 'POST' || !target.startsWith('Logs_20140328.'))
      return error('UnknownOperationException', `no such operation: ${req.method} ${req.url} ${target}`);
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256'))
      return error('MissingAuthenticationTokenException', 'Missing Authentication Token');
    const operation = target.slice('Logs_20140328.'.length);
    this.calls.push(operation);
    if (this.faults.throttle > 0) {
      this.faults.throttle--;
      return error('ThrottlingException', 'Rate exceeded');
    }
    if (operation !== 'FilterLogEvents')
      return error('UnknownOperationException', `operation ${operation} is not implemented by this endpoint`);
    let input: { logGroupName?: string; startTime?: number; endTime?: number; filterPattern?: string; nextToken?: string; limit?: number };
    try {
      input = JSON.parse(body) as typeof input;
    } catch {
      return error('SerializationException', 'body is not JSON');
    }
    const group = input.logGroupName ?? '';
    if (this.denied.has(group)) {
      return error(
        'AccessDeniedException',
        `User: arn:aws:iam::${FAKE_ACCOUNT}:user/reader is not authorized to perform: logs:FilterLogEvents on resource: arn:aws:logs:${REGION}:${FAKE_ACCOUNT}:log-group:${group}:log-stream: because no identity-based policy allows the logs:FilterLogEvents action`,
      );
    }
    const events = this.groups.get(group);
    if (!events) return error('ResourceNotFoundException', 'The specified log group does not exist.');
    const limit = Math.min(10_000, input.limit ?? this.options.pageSize, this.options.pageSize);
    let offset = 0;
    if (input.nextToken !== undefined) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(input.nextToken, 'base64').toString('utf8'));
      if (!decoded) return error('InvalidParameterException', 'The specified nextToken is invalid.');
      offset = Number(decoded[1]);
    }
    const from = input.startTime ?? -Infinity;
    const to = input.endTime ?? Infinity;
    const pattern = input.filterPattern ?? '';
    this.pagesServed++;
    const token = (n: number) => Buffer.from(`offset:${n}`).toString('base64');
    if (this.options.emptyPageEvery > 0 && this.pagesServed % this.options.emptyPageEvery === 0 && offset < events.length) {
      this.emptyPagesServed++;
      return { status: 200, body: { events: [], searchedLogStreams: [], nextToken: token(offset) } };
    }
    const page: unknown[] = [];
    let bytes = 0;
    let i = offset;
    for (; i < events.length && page.length < limit; i++) {
      const e = events[i]!;
      if (e.timestamp < from || e.timestamp > to || !matchesTermPattern(pattern, e.message)) continue;
      const size = e.message.length + 26;
      if (bytes + size > MAX_PAGE_BYTES) break;
      bytes += size;
      page.push({
        logStreamName: e.logStreamName,
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.timestamp + 150,
        eventId: e.eventId,
      });
    }
    // Skip past events outside the range so the last page has no token.
    let rest = i;
    while (
      rest < events.length &&
      (events[rest]!.timestamp < from || events[rest]!.timestamp > to || !matchesTermPattern(pattern, events[rest]!.message))
    )
      rest++;
    return { status: 200, body: { events: page, searchedLogStreams: [], ...(rest < events.length ? { nextToken: token(i) } : {}) } };
  }
}

/** The environment that points the real SDK at the fake endpoint, with fake credentials and no shared config. */
export function fakeLogsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
    AWS_ENDPOINT_URL_LAMBDA: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}
