import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutProvisionedConcurrencyConfigCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  waitUntilPublishedVersionActive,
  type CreateFunctionCommandInput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { errorName, errorText, type WaiterTiming } from './client.js';
import type { ResourceLedger } from './ledger.js';

/** The Lambda calls coldbench makes, with AWS's own behaviour handled: waiters, conflicts, throttling beyond the SDK's retries. */
export class LambdaOps {
  constructor(
    readonly client: LambdaClient,
    readonly ledger: ResourceLedger,
    readonly timing: WaiterTiming,
    /** Aborts calls in flight when the run is interrupted (cleanup calls never take it). */
    readonly signal?: AbortSignal,
  ) {}

  private waiter() {
    return {
      client: this.client,
      minDelay: this.timing.minDelaySeconds,
      maxDelay: this.timing.maxDelaySeconds,
      maxWaitTime: this.timing.maxWaitSeconds,
      ...(this.signal ? { abortSignal: this.signal } : {}),
    };
  }

  private send<T>(command: object, signal: AbortSignal | null = this.signal ?? null): Promise<T> {
    return this.client.send(command as never, signal ? { abortSignal: signal } : {}) as Promise<T>;
  }

  /**
   * Runs a call, retrying (a bounded number of times) what AWS says to retry
   * after the SDK has given up: a conflicting update in progress (after waiting
   * for it), throttling (after its retry-after), a role IAM has not propagated yet.
   */
  async retrying<T>(functionName: string, call: () => Promise<T>, attempts = 6): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const name = errorName(error);
        if (attempt >= attempts || this.signal?.aborted) throw error;
        if (name === 'ResourceConflictException') {
          await this.waitUpdated(functionName).catch(() => undefined);
        } else if (name === 'TooManyRequestsException') {
          const after = Number((error as { retryAfterSeconds?: string }).retryAfterSeconds ?? 1);
          await sleep(Math.min(Math.max(after, 0.05), 30) * 1000, this.signal);
        } else if (name === 'InvalidParameterValueException' && /cannot be assumed|role/i.test(String((error as Error).message))) {
          await sleep(Math.min(2 ** attempt, 10) * this.timing.minDelaySeconds * 1000, this.signal);
        } else {
          throw error;
        }
      }
    }
  }

  /** Creates a function and waits until it is Active; a function stuck in Failed is an error with its reason. */
  async createFunction(input: CreateFunctionCommandInput & { FunctionName: string }): Promise<{ arn?: string }> {
    this.ledger.addFunction(input.FunctionName);
    const created = await this.retrying(input.FunctionName, () => this.send<{ FunctionArn?: string }>(new CreateFunctionCommand(input)));
    try {
      await waitUntilFunctionActiveV2(this.waiter(), { FunctionName: input.FunctionName });
    } catch (error) {
      const reason = waiterConfiguration(error);
      if (reason?.State === 'Failed') throw new Error(`function ${input.FunctionName} is in state Failed (${reason.StateReasonCode ?? ''}: ${reason.StateReason ?? 'no reason given'})`);
      throw error;
    }
    return created.FunctionArn ? { arn: created.FunctionArn } : {};
  }

  async waitUpdated(functionName: string): Promise<void> {
    try {
      await waitUntilFunctionUpdatedV2(this.waiter(), { FunctionName: functionName });
    } catch (error) {
      const c = waiterConfiguration(error);
      if (c?.LastUpdateStatus === 'Failed') throw new Error(`updating ${functionName} failed: ${c.LastUpdateStatusReason ?? 'no reason given'}`);
      throw error;
    }
  }

  /** Replaces the function's environment variables and waits until the update succeeded. */
  async setEnvironment(functionName: string, variables: Record<string, string>): Promise<void> {
    await this.retrying(functionName, () => this.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: variables } })));
    await this.waitUpdated(functionName);
  }

  /**
   * One synchronous invocation with the log tail; bounded retries on throttling and conflicts.
   * `e2eMs` is the client's clock around the last HTTP attempt only (a middleware
   * inside the SDK's retry loop times it), so a throttled-and-retried call does not
   * count the backoff as latency.
   */
  async invoke(functionName: string, event: unknown, qualifier?: string): Promise<{ payload: string; functionError?: string; logTail: string; e2eMs: number }> {
    const Payload = Buffer.from(JSON.stringify(event));
    let attemptMs = 0;
    const res = await this.retrying(functionName, () => {
      const command = new InvokeCommand({ FunctionName: functionName, Payload, LogType: 'Tail', InvocationType: 'RequestResponse', ...(qualifier ? { Qualifier: qualifier } : {}) });
      const timer = ((next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
        const started = performance.now();
        try {
          return await next(args);
        } finally {
          attemptMs = performance.now() - started;
        }
      }) as never;
      command.middlewareStack.add(timer, { step: 'deserialize', name: 'coldbenchAttemptTimer', priority: 'low' });
      return this.send<{ Payload?: Uint8Array; FunctionError?: string; LogResult?: string }>(command);
    });
    return {
      payload: res.Payload ? Buffer.from(res.Payload).toString('utf8') : '',
      ...(res.FunctionError ? { functionError: res.FunctionError } : {}),
      logTail: res.LogResult ? Buffer.from(res.LogResult, 'base64').toString('utf8') : '',
      e2eMs: attemptMs,
    };
  }

  async publishVersion(functionName: string): Promise<string> {
    const res = await this.retrying(functionName, () => this.send<{ Version?: string }>(new PublishVersionCommand({ FunctionName: functionName })));
    if (!res.Version) throw new Error(`PublishVersion of ${functionName} returned no version`);
    this.ledger.add('versions', functionName, res.Version);
    await waitUntilPublishedVersionActive(this.waiter(), { FunctionName: functionName, Qualifier: res.Version });
    return res.Version;
  }

  async createAlias(functionName: string, alias: string, version: string): Promise<void> {
    this.ledger.add('aliases', functionName, alias);
    await this.retrying(functionName, () => this.send(new CreateAliasCommand({ FunctionName: functionName, Name: alias, FunctionVersion: version })));
  }

  /** Provisions one environment for the alias and waits until it is READY (polling its status with backoff). */
  async provision(functionName: string, alias: string): Promise<void> {
    this.ledger.add('provisioned', functionName, alias);
    await this.retrying(functionName, () => this.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: alias, ProvisionedConcurrentExecutions: 1 })));
    const deadline = Date.now() + this.timing.maxWaitSeconds * 1000 * 3; // provisioning takes minutes on AWS
    for (let delay = this.timing.minDelaySeconds; ; delay = Math.min(delay * 2, this.timing.maxDelaySeconds * 3)) {
      const res = await this.send<{ Status?: string; StatusReason?: string }>(new GetProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: alias }));
      if (res.Status === 'READY') return;
      if (res.Status === 'FAILED') throw new Error(`provisioned concurrency for ${functionName}:${alias} FAILED: ${res.StatusReason ?? 'no reason given'}`);
      if (Date.now() > deadline) throw new Error(`provisioned concurrency for ${functionName}:${alias} not READY after ${this.timing.maxWaitSeconds * 3} s`);
      await sleep(delay * 1000, this.signal);
    }
  }

  /** Removes a provisioned config, an alias and a version (each step tolerates "already gone"). */
  async unprovision(functionName: string, alias: string, version: string, signal: AbortSignal | null = null): Promise<void> {
    await this.tolerant(() => this.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: alias }), signal));
    this.ledger.remove('provisioned', functionName, alias);
    await this.tolerant(() => this.send(new DeleteAliasCommand({ FunctionName: functionName, Name: alias }), signal));
    this.ledger.remove('aliases', functionName, alias);
    await this.tolerant(() => this.send(new DeleteFunctionCommand({ FunctionName: functionName, Qualifier: version }), signal));
    this.ledger.remove('versions', functionName, version);
  }

  /** Deletes everything in the ledger; never takes the run's abort signal. Returns what could not be deleted. */
  async deleteAll(progress: (line: string) => void = () => undefined): Promise<string[]> {
    const failed: string[] = [];
    for (const name of [...this.ledger.functions]) {
      try {
        for (const alias of this.ledger.provisioned.get(name) ?? []) await this.tolerant(() => this.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: alias }), null));
        for (const alias of this.ledger.aliases.get(name) ?? []) await this.tolerant(() => this.send(new DeleteAliasCommand({ FunctionName: name, Name: alias }), null));
        for (const version of this.ledger.versions.get(name) ?? []) await this.tolerant(() => this.send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: version }), null));
        await this.tolerant(() => this.send(new DeleteFunctionCommand({ FunctionName: name }), null));
        this.ledger.removeFunction(name);
        progress(`deleted ${name}`);
      } catch (error) {
        failed.push(`${name}: ${errorText(error)}`);
      }
    }
    return failed;
  }

  /** Runs a delete; "not found" means it is gone already; conflicts and throttling are retried. */
  private async tolerant(call: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await call();
        return;
      } catch (error) {
        const name = errorName(error);
        if (name === 'ResourceNotFoundException') return;
        if (attempt < 6 && (name === 'ResourceConflictException' || name === 'TooManyRequestsException')) {
          await sleep(Math.min(2 ** attempt * 100, 5000));
          continue;
        }
        throw error;
      }
    }
  }
}

interface WaiterConfiguration {
  State?: string;
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus?: string;
  LastUpdateStatusReason?: string;
}

/** The function configuration a waitUntil… error carries (the SDK puts the last result, as JSON, in its message). */
export function waiterConfiguration(error: unknown): WaiterConfiguration | undefined {
  try {
    const parsed = JSON.parse((error as Error).message) as { reason?: { Configuration?: WaiterConfiguration } & WaiterConfiguration };
    return parsed.reason?.Configuration ?? parsed.reason;
  } catch {
    return undefined;
  }
}

/** Sleeps; an abort ends the sleep early with an AbortError. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(timer), reject(signal!.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
