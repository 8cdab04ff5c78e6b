/**
 * A Lambda-compatible HTTP endpoint on loopback, for tests: the real
 * @aws-sdk/client-lambda reaches it through AWS_ENDPOINT_URL_LAMBDA. It
 * implements the calls coldbench makes, with Lambda's behaviour in small:
 * Pending → Active, InProgress → Successful, 409 while an update is in
 * progress, 429 with Retry-After, REPORT tails (text or JSON) with Init
 * Duration on cold starts only, FunctionError payloads. Invocations really run
 * the uploaded package: the zip is unpacked and its handler runs in coldbench's
 * own LocalEnvironment (the node or python bootstrap), one environment per function version,
 * replaced when the configuration changes.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { formatJsonReport, formatTextInitReport, formatTextReport, type LambdaReport } from '../../../src/targets/aws/report-line.js';
import { readZip } from '../../../src/targets/aws/zip.js';
import { environmentFor } from '../../../src/targets/local/env-policy.js';
import { EnvironmentFailure, LocalEnvironment } from '../../../src/targets/local/local-environment.js';
import { NODE_BOOTSTRAP } from '../../../src/runtimes/node/node-runtime.js';
import { DEFAULT_PYTHON, PYTHON_BOOTSTRAP } from '../../../src/runtimes/python/python-runtime.js';
import { candidateFiles, splitFunctionRef } from '../../../src/scenario/function-ref.js';
import type { Json } from '../../../src/scenario/types.js';

export const FAKE_ACCOUNT = '123456789012';
const REGION = 'us-east-1';

type Config = Record<string, unknown> & {
  FunctionName: string;
  FunctionArn: string;
  Handler: string;
  Runtime: string;
  MemorySize: number;
  Timeout: number;
  Environment: { Variables: Record<string, string> };
  State: string;
  LastUpdateStatus: string;
  Version: string;
};

interface FakeEnvironment {
  env: LocalEnvironment;
  /** Peak memory the bootstrap reported after its first request: Max Memory Used of the REPORT lines. */
  peakMemoryMb?: number;
  /** Whether a REPORT has carried this environment's INIT already (provisioned environments never report it). */
  initReported?: boolean;
  /** SnapStart: the environment stands for a snapshot taken at publish; its first invoke reports a restore. */
  snapshot?: boolean;
}

interface VersionState {
  config: Config;
  codeDir: string;
  environment?: FakeEnvironment;
  /** SnapStart versions: Active once the snapshot is taken. */
  activeAt?: number;
}

interface FunctionState {
  latest: VersionState;
  tags: Record<string, string>;
  activeAt: number;
  failOnCreate: boolean;
  updatedAt: number;
  versions: Map<string, VersionState>;
  nextVersion: number;
  aliases: Map<string, string>;
  provisioned: Map<string, { readyAt: number; environment?: FakeEnvironment }>;
}

/** Faults a test can plant; each counter is used up one request at a time. */
export interface Faults {
  /** UpdateFunctionConfiguration answers 409 this many times even when no update is in progress. */
  conflictOnUpdate: number;
  /** The next N requests (any operation) answer 429 with Retry-After. */
  throttle: number;
  retryAfterSeconds: number;
  /** Functions whose name contains one of these end in state Failed. */
  failCreate: string[];
  /** The next N configuration updates of a function with a running environment keep it (a cold sample that is not cold). */
  reuseOnUpdate: number;
  /** The next N cold invocations report no Init Duration. */
  omitInit: number;
  /** The next N cold invocations show a suppressed init: an INIT_REPORT with Status: timeout and no Init Duration in the REPORT. */
  suppressInit: number;
  /** The next N configuration updates start the new environment at once (proactive initialization) and keep the update InProgress for proactiveDelayMs. */
  proactiveInit: number;
  proactiveDelayMs: number;
  /** Operations (`METHOD /path` matched by these) answered with an error, as an endpoint without that API would. */
  refuse: { op: RegExp; status: number; error: string }[];
}

export class FakeLambda {
  readonly functions = new Map<string, FunctionState>();
  readonly calls: string[] = [];
  /** Requests answered with 429. */
  throttled = 0;
  /** Invocations being served right now, and the most at once so far. */
  invoking = 0;
  mostInvokingAtOnce = 0;
  readonly faults: Faults = {
    conflictOnUpdate: 0,
    throttle: 0,
    retryAfterSeconds: 0,
    failCreate: [],
    reuseOnUpdate: 0,
    omitInit: 0,
    suppressInit: 0,
    proactiveInit: 0,
    proactiveDelayMs: 1500,
    refuse: [],
  };
  /** What GetAccountSettings answers (a new account: 10 and 10). */
  accountLimit = { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 };
  /** Called with every operation (`METHOD /path`) before it is answered. */
  onRequest: (op: string) => void = () => undefined;
  /** Log format of the tails (Lambda's LoggingConfig.LogFormat). */
  logFormat: 'Text' | 'JSON' = 'Text';
  private server?: http.Server;
  private readonly root = mkdtempSync(path.join(os.tmpdir(), 'coldbench-fake-lambda-'));

  /**
   * `delays`: Pending → Active after CreateFunction, InProgress → Successful after
   * an update, provisioning, SnapStart snapshotting (publish → version Active), the
   * Restore Duration a restore reports, and a latency added to every call
   * (realistic figures for throughput benchmarks: 1500, 1000, …, callMs 25).
   */
  constructor(
    private readonly delays: {
      pendingMs: number;
      updatingMs: number;
      provisioningMs: number;
      snapshotMs?: number;
      restoreMs?: number;
      callMs?: number;
    } = { pendingMs: 40, updatingMs: 40, provisioningMs: 60 },
  ) {}

  /** Starts listening on 127.0.0.1; returns the endpoint URL. */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.handle(req, Buffer.concat(chunks)).then(
          (r) => this.reply(res, r),
          (error: Error) => this.reply(res, { status: 500, error: 'ServiceException', message: error.stack ?? String(error) }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const fn of this.functions.values()) await this.dropFunction(fn);
    this.functions.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Live environment processes across all functions (for "nothing left behind" checks). */
  liveEnvironments(): number {
    let n = 0;
    for (const fn of this.functions.values()) {
      if (fn.latest.environment) n++;
      for (const v of fn.versions.values()) if (v.environment) n++;
      for (const p of fn.provisioned.values()) if (p.environment) n++;
    }
    return n;
  }

  private reply(res: http.ServerResponse, r: Reply): void {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...(r.headers ?? {}) };
    if (r.error) {
      headers['x-amzn-errortype'] = r.error;
      res.writeHead(r.status, headers).end(JSON.stringify({ Type: 'User', message: r.message ?? r.error, ...(r.extra ?? {}) }));
      return;
    }
    const body = r.raw ?? (r.body === undefined ? '' : JSON.stringify(r.body));
    res.writeHead(r.status, headers).end(body);
  }

  private async handle(req: http.IncomingMessage, body: Buffer): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const op = `${method} /${parts.join('/')}`;
    this.calls.push(op);
    this.onRequest(op);
    if (this.delays.callMs) await new Promise((r) => setTimeout(r, this.delays.callMs));
    const refused = this.faults.refuse.find((f) => f.op.test(op));
    if (refused) return { status: refused.status, error: refused.error, message: `fake endpoint: ${op} refused as planted` };
    if (this.faults.throttle > 0) {
      this.faults.throttle--;
      this.throttled++;
      return {
        status: 429,
        error: 'TooManyRequestsException',
        message: 'Rate exceeded',
        headers: { 'retry-after': String(this.faults.retryAfterSeconds) },
        extra: { Reason: 'CallerRateLimitExceeded', retryAfterSeconds: String(this.faults.retryAfterSeconds) },
      };
    }
    const json = () => (body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {});
    const qualifier = url.searchParams.get('Qualifier') ?? undefined;
    const [version, collection, name, sub, subName] = parts;

    if (version === '2016-08-19' && collection === 'account-settings') {
      return {
        status: 200,
        body: {
          AccountLimit: { ...this.accountLimit, TotalCodeSize: 80530636800, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800 },
          AccountUsage: { TotalCodeSize: 0, FunctionCount: this.functions.size },
        },
      };
    }
    if (version === '2017-03-31' && collection === 'tags' && name) {
      const fnName = name.split(':function:')[1]?.split(':')[0] ?? '';
      const fn = this.functions.get(fnName);
      return fn ? { status: 200, body: { Tags: fn.tags } } : notFound(fnName);
    }
    if (collection !== 'functions') return { status: 404, error: 'UnknownOperationException', message: op };
    if (!name) {
      if (method === 'POST') return this.create(json());
      return { status: 200, body: { Functions: [...this.functions.values()].map((f) => this.config(f)) } };
    }
    const fn = this.functions.get(name);
    if (!fn) return notFound(name);
    if (version === '2019-09-30' && sub === 'provisioned-concurrency')
      return this.provisionedConcurrency(fn, method, qualifier, url.searchParams.get('List') === 'ALL');
    if (!sub) {
      if (method === 'GET')
        return {
          status: 200,
          body: {
            Configuration: this.config(fn, qualifier),
            Code: { RepositoryType: 'S3', Location: 'https://example.invalid/code' },
            Tags: fn.tags,
          },
        };
      if (method === 'DELETE') return this.delete(fn, qualifier);
    }
    if (sub === 'configuration') {
      if (method === 'GET') return { status: 200, body: this.config(fn, qualifier) };
      if (method === 'PUT') return this.update(fn, json());
    }
    if (sub === 'invocations' && method === 'POST') {
      this.mostInvokingAtOnce = Math.max(this.mostInvokingAtOnce, ++this.invoking);
      try {
        return await this.invoke(fn, body, qualifier, req.headers['x-amz-log-type'] === 'Tail');
      } finally {
        this.invoking--;
      }
    }
    if (sub === 'versions' && method === 'POST') return this.publish(fn);
    if (sub === 'aliases') {
      if (method === 'POST') {
        const input = json() as { Name: string; FunctionVersion: string };
        if (!fn.versions.has(input.FunctionVersion)) return notFound(`${name}:${input.FunctionVersion}`);
        fn.aliases.set(input.Name, input.FunctionVersion);
        return {
          status: 201,
          body: { Name: input.Name, FunctionVersion: input.FunctionVersion, AliasArn: `${fn.latest.config.FunctionArn}:${input.Name}` },
        };
      }
      if (method === 'GET' && !subName)
        return {
          status: 200,
          body: {
            Aliases: [...fn.aliases].map(([a, v]) => ({ Name: a, FunctionVersion: v, AliasArn: `${fn.latest.config.FunctionArn}:${a}` })),
          },
        };
      if (method === 'DELETE' && subName) {
        fn.aliases.delete(subName);
        return { status: 204 };
      }
    }
    return { status: 404, error: 'UnknownOperationException', message: op };
  }

  private create(input: Record<string, unknown>): Reply {
    const name = String(input.FunctionName);
    if (this.functions.has(name)) return { status: 409, error: 'ResourceConflictException', message: `Function already exist: ${name}` };
    const code = input.Code as { ZipFile?: string };
    if (!code?.ZipFile) return { status: 400, error: 'InvalidParameterValueException', message: 'Code.ZipFile is required here' };
    const zip = Buffer.from(code.ZipFile, 'base64');
    const codeDir = this.unpack(name, 'latest', zip);
    const now = Date.now();
    const config: Config = {
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:${REGION}:${FAKE_ACCOUNT}:function:${name}`,
      Runtime: String(input.Runtime),
      Role: input.Role,
      Handler: String(input.Handler),
      CodeSize: zip.length,
      MemorySize: Number(input.MemorySize ?? 128),
      Timeout: Number(input.Timeout ?? 3),
      Architectures: input.Architectures ?? ['x86_64'],
      Environment: { Variables: { ...((input.Environment as { Variables?: Record<string, string> })?.Variables ?? {}) } },
      Layers: ((input.Layers as string[] | undefined) ?? []).map((Arn) => ({ Arn })),
      State: 'Pending',
      LastUpdateStatus: 'Successful',
      Version: '$LATEST',
      PackageType: 'Zip',
      LoggingConfig: { LogFormat: this.logFormat },
      SnapStart: { ApplyOn: (input.SnapStart as { ApplyOn?: string } | undefined)?.ApplyOn ?? 'None', OptimizationStatus: 'Off' },
    };
    const fn: FunctionState = {
      latest: { config, codeDir },
      tags: { ...((input.Tags as Record<string, string>) ?? {}) },
      activeAt: now + this.delays.pendingMs,
      failOnCreate: this.faults.failCreate.some((s) => name.includes(s)),
      updatedAt: 0,
      versions: new Map(),
      nextVersion: 1,
      aliases: new Map(),
      provisioned: new Map(),
    };
    this.functions.set(name, fn);
    return { status: 201, body: this.config(fn) };
  }

  private config(fn: FunctionState, qualifier?: string): Config {
    const now = Date.now();
    const c = fn.latest.config;
    c.State = now < fn.activeAt ? 'Pending' : fn.failOnCreate ? 'Failed' : 'Active';
    if (c.State === 'Failed')
      Object.assign(c, { StateReason: 'fake endpoint: this function was planted to fail', StateReasonCode: 'InternalError' });
    c.LastUpdateStatus = now < fn.updatedAt ? 'InProgress' : 'Successful';
    if (qualifier && qualifier !== '$LATEST') {
      const v = fn.versions.get(fn.aliases.get(qualifier) ?? qualifier);
      if (v)
        return { ...v.config, State: v.activeAt !== undefined && now < v.activeAt ? 'Pending' : 'Active', LastUpdateStatus: 'Successful' };
    }
    return { ...c };
  }

  private update(fn: FunctionState, input: Record<string, unknown>): Reply {
    const c = this.config(fn);
    if (c.State !== 'Active' || c.LastUpdateStatus === 'InProgress' || this.faults.conflictOnUpdate > 0) {
      if (this.faults.conflictOnUpdate > 0) this.faults.conflictOnUpdate--;
      return {
        status: 409,
        error: 'ResourceConflictException',
        message: `The operation cannot be performed at this time. An update is in progress for resource: ${c.FunctionArn}`,
      };
    }
    const variables = (input.Environment as { Variables?: Record<string, string> } | undefined)?.Variables;
    if (variables) fn.latest.config.Environment = { Variables: { ...variables } };
    if (input.MemorySize) fn.latest.config.MemorySize = Number(input.MemorySize);
    fn.updatedAt = Date.now() + this.delays.updatingMs;
    // A new configuration means new execution environments (unless a fault says otherwise).
    if (this.faults.reuseOnUpdate > 0 && fn.latest.environment) this.faults.reuseOnUpdate--;
    else this.dropEnvironment(fn.latest);
    if (this.faults.proactiveInit > 0) {
      // Lambda initializes a replacement environment before any request arrives.
      this.faults.proactiveInit--;
      fn.updatedAt = Date.now() + this.faults.proactiveDelayMs;
      fn.latest.environment = this.startEnvironment(fn.latest);
    }
    return { status: 200, body: this.config(fn) };
  }

  private publish(fn: FunctionState): Reply {
    const c = this.config(fn);
    if (c.LastUpdateStatus === 'InProgress')
      return { status: 409, error: 'ResourceConflictException', message: 'An update is in progress' };
    const version = String(fn.nextVersion++);
    const snap = (c.SnapStart as { ApplyOn?: string } | undefined)?.ApplyOn === 'PublishedVersions';
    const config: Config = {
      ...c,
      Version: version,
      FunctionArn: `${c.FunctionArn}:${version}`,
      Environment: { Variables: { ...c.Environment.Variables } },
      ...(snap ? { SnapStart: { ApplyOn: 'PublishedVersions', OptimizationStatus: 'On' } } : {}),
    };
    const state: VersionState = { config, codeDir: fn.latest.codeDir };
    if (snap) {
      // SnapStart: INIT runs now (off the request path), and the initialized environment stands for the snapshot.
      state.activeAt = Date.now() + (this.delays.snapshotMs ?? 60);
      state.environment = { ...this.startEnvironment(state), initReported: true, snapshot: true };
    }
    fn.versions.set(version, state);
    return { status: 201, body: { ...config, State: snap ? 'Pending' : 'Active' } };
  }

  private async delete(fn: FunctionState, qualifier?: string): Promise<Reply> {
    if (qualifier && qualifier !== '$LATEST') {
      const v = fn.versions.get(qualifier);
      if (!v) return notFound(`${fn.latest.config.FunctionName}:${qualifier}`);
      if ([...fn.aliases.values()].includes(qualifier))
        return { status: 409, error: 'ResourceConflictException', message: `Version ${qualifier} is referenced by an alias` };
      this.dropEnvironment(v);
      fn.versions.delete(qualifier);
      return { status: 204 };
    }
    await this.dropFunction(fn);
    this.functions.delete(fn.latest.config.FunctionName);
    return { status: 204 };
  }

  private provisionedConcurrency(fn: FunctionState, method: string, qualifier: string | undefined, list: boolean): Reply {
    if (list) {
      return {
        status: 200,
        body: {
          ProvisionedConcurrencyConfigs: [...fn.provisioned.keys()].map((q) => ({
            FunctionArn: `${fn.latest.config.FunctionArn}:${q}`,
            Status: 'READY',
          })),
        },
      };
    }
    if (!qualifier) return { status: 400, error: 'InvalidParameterValueException', message: 'Qualifier is required' };
    const version = fn.aliases.get(qualifier) ?? qualifier;
    const v = fn.versions.get(version);
    if (method === 'PUT') {
      if (!v) return notFound(`${fn.latest.config.FunctionName}:${qualifier}`);
      const entry: { readyAt: number; environment?: FakeEnvironment } = { readyAt: Date.now() + this.delays.provisioningMs };
      entry.environment = { ...this.startEnvironment(v), initReported: true }; // INIT runs now, off the request path
      fn.provisioned.set(qualifier, entry);
      return { status: 202, body: { RequestedProvisionedConcurrentExecutions: 1, Status: 'IN_PROGRESS' } };
    }
    const entry = fn.provisioned.get(qualifier);
    if (!entry)
      return {
        status: 404,
        error: 'ProvisionedConcurrencyConfigNotFoundException',
        message: `No Provisioned Concurrency Config found for this function`,
      };
    if (method === 'GET') {
      const ready = Date.now() >= entry.readyAt;
      return {
        status: 200,
        body: {
          RequestedProvisionedConcurrentExecutions: 1,
          AllocatedProvisionedConcurrentExecutions: ready ? 1 : 0,
          AvailableProvisionedConcurrentExecutions: ready ? 1 : 0,
          Status: ready ? 'READY' : 'IN_PROGRESS',
        },
      };
    }
    if (method === 'DELETE') {
      if (entry.environment) void entry.environment.env.close();
      fn.provisioned.delete(qualifier);
      return { status: 204 };
    }
    return { status: 404, error: 'UnknownOperationException', message: method };
  }

  private async invoke(fn: FunctionState, payload: Buffer, qualifier: string | undefined, tail: boolean): Promise<Reply> {
    const c = this.config(fn);
    if (c.State !== 'Active')
      return {
        status: 409,
        error: 'ResourceConflictException',
        message: `The operation cannot be performed at this time. The function is currently in the following state: ${c.State}`,
      };
    let holder: { environment?: FakeEnvironment } = fn.latest;
    let versionState: VersionState = fn.latest;
    let version = '$LATEST';
    if (qualifier && qualifier !== '$LATEST') {
      version = fn.aliases.get(qualifier) ?? qualifier;
      const v = fn.versions.get(version);
      if (!v) return notFound(`${c.FunctionName}:${qualifier}`);
      const pc = fn.provisioned.get(qualifier);
      versionState = v;
      holder = pc && Date.now() >= pc.readyAt ? pc : v;
    }
    if (versionState.activeAt !== undefined && Date.now() < versionState.activeAt) {
      return {
        status: 409,
        error: 'ResourceConflictException',
        message: `The operation cannot be performed at this time. The function is currently in the following state: Pending`,
      };
    }
    if (!holder.environment) holder.environment = this.startEnvironment(versionState);
    const environment = holder.environment;
    const requestId = randomUUID();
    let initMs: number | undefined;
    let restore: { restoreDurationMs: number; billedRestoreDurationMs: number } | undefined;
    if (environment.snapshot) {
      // The first invoke of a SnapStart version resumes the snapshot: Restore Duration, no Init Duration.
      environment.snapshot = false;
      const restoreMs = this.delays.restoreMs ?? 30;
      await new Promise((r) => setTimeout(r, restoreMs));
      restore = { restoreDurationMs: restoreMs + 0.37, billedRestoreDurationMs: Math.ceil(restoreMs / 3) };
    }
    let res: Awaited<ReturnType<typeof environment.env.request>>;
    try {
      res = await environment.env.request(JSON.parse(payload.toString('utf8') || 'null') as Json);
      if (!environment.initReported) initMs = (await environment.env.init).initMs;
      environment.initReported = true;
      environment.peakMemoryMb ??= await environment.env.peakMemoryMb;
    } catch (error) {
      const message = error instanceof EnvironmentFailure ? error.message : String(error);
      holder.environment = undefined;
      void environment.env.close();
      const reportInit = await environment.env.init.then((m) => m.initMs).catch(() => 1);
      const report: LambdaReport = {
        requestId,
        durationMs: 0,
        billedDurationMs: Math.ceil(reportInit),
        memorySizeMb: c.MemorySize,
        maxMemoryUsedMb: 40,
        initDurationMs: reportInit,
        status: 'error',
      };
      return this.invokeReply(
        version,
        {
          errorType: /INIT failed/.test(message) ? 'Runtime.ImportModuleError' : 'Runtime.ExitError',
          errorMessage: message.split('\n')[0],
        },
        'Unhandled',
        report,
        tail,
      );
    }
    if (initMs !== undefined && this.faults.omitInit > 0) {
      this.faults.omitInit--;
      initMs = undefined;
    }
    let initReportLine: string | undefined;
    if (initMs !== undefined && this.faults.suppressInit > 0) {
      // INIT timed out: Lambda reports it in INIT_REPORT and runs it again inside the invoke (no Init Duration in the REPORT).
      this.faults.suppressInit--;
      initReportLine = formatTextInitReport({ initDurationMs: 10000.12, phase: 'init', status: 'timeout' });
      res = { ...res, invokeMs: res.invokeMs + initMs };
      initMs = undefined;
    }
    const report: LambdaReport = {
      requestId,
      durationMs: res.invokeMs,
      billedDurationMs: Math.ceil(res.invokeMs + (initMs ?? 0)), // on-demand INIT is billed since 2025-08-01
      memorySizeMb: versionState.config.MemorySize,
      maxMemoryUsedMb: Math.round(environment.peakMemoryMb ?? 40),
      ...(initMs !== undefined ? { initDurationMs: initMs } : {}),
      ...(restore ?? {}),
      status: res.ok ? 'success' : 'error',
    };
    if (!res.ok) {
      const lines = (res.error ?? 'Error').split('\n');
      const [errorType, ...rest] = (lines[0] ?? 'Error').split(': ');
      return this.invokeReply(version, { errorType, errorMessage: rest.join(': '), trace: lines }, 'Unhandled', report, tail);
    }
    return this.invokeReply(version, res.body ?? null, undefined, report, tail, initReportLine);
  }

  private invokeReply(
    version: string,
    payload: unknown,
    functionError: string | undefined,
    report: LambdaReport,
    tail: boolean,
    initReportLine?: string,
  ): Reply {
    const headers: Record<string, string> = { 'x-amz-executed-version': version };
    if (functionError) headers['x-amz-function-error'] = functionError;
    if (tail) {
      const id = report.requestId!;
      const log =
        this.logFormat === 'JSON'
          ? [
              JSON.stringify({ time: new Date().toISOString(), type: 'platform.start', record: { requestId: id, version } }),
              formatJsonReport(report),
            ].join('\n')
          : [
              ...(initReportLine ? [initReportLine] : []),
              `START RequestId: ${id} Version: ${version}`,
              `END RequestId: ${id}`,
              formatTextReport(report),
            ].join('\n');
      headers['x-amz-log-result'] = Buffer.from(log.slice(-4096) + '\n').toString('base64');
    }
    return { status: 200, raw: JSON.stringify(payload), headers };
  }

  private startEnvironment(v: VersionState): FakeEnvironment {
    const c = v.config;
    const split = splitFunctionRef(c.Handler);
    if ('problem' in split) throw new Error(split.problem);
    const python = c.Runtime.startsWith('python');
    const candidates = python ? [] : candidateFiles(split.modulePath, 'node');
    const file =
      candidates.map((f) => path.join(v.codeDir, f)).find((f) => existsSync(f)) ?? path.join(v.codeDir, `${split.modulePath}.mjs`);
    const env = new LocalEnvironment({
      // Python packages run on the machine's python3 with coldbench's Python bootstrap (module name, as Lambda imports it).
      interpreter: python ? DEFAULT_PYTHON : process.execPath,
      args: python
        ? [PYTHON_BOOTSTRAP, v.codeDir, split.modulePath.split('/').join('.'), split.exportName]
        : [NODE_BOOTSTRAP, file, split.exportName],
      cwd: v.codeDir,
      timeoutMs: c.Timeout * 1000,
      env: environmentFor({
        functionName: c.FunctionName,
        memoryMb: c.MemorySize,
        timeoutMs: c.Timeout * 1000,
        taskRoot: v.codeDir,
        region: REGION,
        scenarioEnv: c.Environment.Variables,
      }),
    });
    env.init.catch(() => undefined);
    return { env };
  }

  private dropEnvironment(v: { environment?: FakeEnvironment }): void {
    if (v.environment) void v.environment.env.close();
    v.environment = undefined;
  }

  private async dropFunction(fn: FunctionState): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const holder of [fn.latest, ...fn.versions.values(), ...fn.provisioned.values()]) {
      if (holder.environment) closing.push(holder.environment.env.close(200));
      holder.environment = undefined;
    }
    await Promise.all(closing);
    rmSync(path.dirname(fn.latest.codeDir), { recursive: true, force: true });
  }

  private unpack(name: string, label: string, zip: Buffer): string {
    const dir = path.join(this.root, `${name}-${randomUUID().slice(0, 8)}`, label);
    for (const [file, bytes] of readZip(zip)) {
      const target = path.join(dir, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
    mkdirSync(dir, { recursive: true });
    return dir;
  }
}

interface Reply {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  error?: string;
  message?: string;
  extra?: Record<string, unknown>;
}

function notFound(what: string): Reply {
  return {
    status: 404,
    error: 'ResourceNotFoundException',
    message: `Function not found: arn:aws:lambda:${REGION}:${FAKE_ACCOUNT}:function:${what}`,
  };
}

/** Environment variables that point the real SDK at a fake endpoint, with dummy credentials and no metadata lookups. */
export function fakeAwsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_LAMBDA: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    COLDBENCH_AWS_FAST_WAITERS: '1',
  };
}
