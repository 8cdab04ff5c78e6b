import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutProvisionedConcurrencyConfigCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { errorName, errorText, namedError, type WaiterTiming } from './client.js';
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

  /**
   * Sends one call; an error it fails with names the operation and the function
   * (`ResourceNotFoundException: GetFunction coldbench-…: Function not found`),
   * keeping its `name` so that retry decisions still see it.
   */
  private async send<T>(command: object, signal: AbortSignal | null = this.signal ?? null): Promise<T> {
    try {
      return (await this.client.send(command as never, signal ? { abortSignal: signal } : {})) as T;
    } catch (error) {
      throw namedError(error, command);
    }
  }

  /**
   * Polls a function's (or a version's) configuration until `done` says so, with
   * the waiter's backoff. Unlike the SDK's waitUntil… helpers, which retry every
   * error until their maximum wait (a missing function or a denied call stalled
   * for 5 minutes, then surfaced as a JSON TimeoutError), an error of the call
   * ends the wait at once, naming the operation and the function. Throttling and
   * 5xx were already retried by the SDK inside the call. It polls GetFunction, as
   * the SDK's V2 waiters do: GetFunction has its own quota (100 requests per
   * second) outside the control-plane quota of 15 per second that
   * UpdateFunctionConfiguration and PublishVersion share.
   */
  async waitFor(
    functionName: string,
    what: string,
    done: (c: FunctionConfiguration) => boolean | string,
    qualifier?: string,
  ): Promise<FunctionConfiguration> {
    const deadline = Date.now() + this.timing.maxWaitSeconds * 1000;
    for (let delay = this.timing.minDelaySeconds; ; delay = Math.min(delay * 1.5, this.timing.maxDelaySeconds)) {
      const c =
        (
          await this.send<{ Configuration?: FunctionConfiguration }>(
            new GetFunctionCommand({ FunctionName: functionName, ...(qualifier ? { Qualifier: qualifier } : {}) }),
          )
        ).Configuration ?? {};
      const verdict = done(c);
      if (verdict === true) return c;
      if (typeof verdict === 'string') throw new Error(verdict);
      if (Date.now() + delay * 1000 > deadline) {
        throw new Error(
          `GetFunction ${functionName}${qualifier ? `:${qualifier}` : ''}: still not ${what} after ${this.timing.maxWaitSeconds} s (State ${c.State ?? '?'}, LastUpdateStatus ${c.LastUpdateStatus ?? '?'})`,
        );
      }
      await sleep(delay * 1000, this.signal);
    }
  }

  /** The account's concurrency limits (GetAccountSettings). */
  async accountSettings(): Promise<{ concurrentExecutions?: number; unreservedConcurrentExecutions?: number }> {
    const res = await this.send<{ AccountLimit?: { ConcurrentExecutions?: number; UnreservedConcurrentExecutions?: number } }>(
      new GetAccountSettingsCommand({}),
    );
    return {
      ...(res.AccountLimit?.ConcurrentExecutions !== undefined ? { concurrentExecutions: res.AccountLimit.ConcurrentExecutions } : {}),
      ...(res.AccountLimit?.UnreservedConcurrentExecutions !== undefined
        ? { unreservedConcurrentExecutions: res.AccountLimit.UnreservedConcurrentExecutions }
        : {}),
    };
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

  /**
   * Creates a function and waits until it is Active; a function stuck in Failed is an error with its reason.
   * The ledger gets the function once CreateFunction succeeded, or when its outcome
   * is unknown (the call was cut short before AWS answered); never when AWS refused
   * it (a name that exists belongs to someone else and must not be deleted).
   */
  async createFunction(input: CreateFunctionCommandInput & { FunctionName: string }): Promise<{ arn?: string }> {
    let created: { FunctionArn?: string };
    try {
      created = await this.retrying(input.FunctionName, () => this.send<{ FunctionArn?: string }>(new CreateFunctionCommand(input)));
    } catch (error) {
      if (!answeredByAws(error)) this.ledger.addFunction(input.FunctionName);
      throw error;
    }
    this.ledger.addFunction(input.FunctionName);
    await this.waitFor(input.FunctionName, 'Active', (c) =>
      c.State === 'Active'
        ? true
        : c.State === 'Failed'
          ? `function ${input.FunctionName} is in state Failed (${c.StateReasonCode ?? ''}: ${c.StateReason ?? 'no reason given'})`
          : false,
    );
    return created.FunctionArn ? { arn: created.FunctionArn } : {};
  }

  async waitUpdated(functionName: string): Promise<void> {
    await this.waitFor(functionName, 'updated', (c) =>
      c.LastUpdateStatus === 'Successful' || c.LastUpdateStatus === undefined
        ? true
        : c.LastUpdateStatus === 'Failed'
          ? `updating ${functionName} failed: ${c.LastUpdateStatusReason ?? 'no reason given'}`
          : false,
    );
  }

  /** Replaces the function's environment variables and waits until the update succeeded. */
  async setEnvironment(functionName: string, variables: Record<string, string>): Promise<void> {
    await this.retrying(functionName, () =>
      this.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: variables } })),
    );
    await this.waitUpdated(functionName);
  }

  /**
   * One synchronous invocation with the log tail; bounded retries on throttling and conflicts.
   * `e2eMs` is the client's clock around the last HTTP attempt only (a middleware
   * inside the SDK's retry loop times it), so a throttled-and-retried call does not
   * count the backoff as latency.
   */
  async invoke(
    functionName: string,
    event: unknown,
    qualifier?: string,
  ): Promise<{ payload: string; functionError?: string; logTail: string; e2eMs: number }> {
    const Payload = Buffer.from(JSON.stringify(event));
    let attemptMs = 0;
    const res = await this.retrying(functionName, () => {
      const command = new InvokeCommand({
        FunctionName: functionName,
        Payload,
        LogType: 'Tail',
        InvocationType: 'RequestResponse',
        ...(qualifier ? { Qualifier: qualifier } : {}),
      });
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

  /**
   * Publishes a version and waits until it is Active (with SnapStart: until its
   * snapshot was taken, which runs INIT). Returns the version and, with SnapStart, its OptimizationStatus.
   */
  async publishVersion(functionName: string): Promise<string> {
    const res = await this.retrying(functionName, () =>
      this.send<{ Version?: string }>(new PublishVersionCommand({ FunctionName: functionName })),
    );
    if (!res.Version) throw new Error(`PublishVersion ${functionName}: returned no version`);
    this.ledger.add('versions', functionName, res.Version);
    const version = res.Version;
    await this.waitFor(
      functionName,
      `Active (version ${version})`,
      (c) =>
        c.State === 'Active'
          ? true
          : c.State === 'Failed'
            ? `version ${version} of ${functionName} is in state Failed (${c.StateReasonCode ?? ''}: ${c.StateReason ?? 'no reason given'})`
            : false,
      version,
    );
    return version;
  }

  /** Deletes one function with everything it has (tolerates "already gone"); never takes the run's abort signal. */
  async deleteFunction(functionName: string): Promise<void> {
    await this.tolerant(() => this.send(new DeleteFunctionCommand({ FunctionName: functionName }), null));
    this.ledger.removeFunction(functionName);
  }

  /** Deletes one published version (tolerates "already gone"). */
  async deleteVersion(functionName: string, version: string): Promise<void> {
    await this.tolerant(() => this.send(new DeleteFunctionCommand({ FunctionName: functionName, Qualifier: version }), null));
    this.ledger.remove('versions', functionName, version);
  }

  async createAlias(functionName: string, alias: string, version: string): Promise<void> {
    this.ledger.add('aliases', functionName, alias);
    await this.retrying(functionName, () =>
      this.send(new CreateAliasCommand({ FunctionName: functionName, Name: alias, FunctionVersion: version })),
    );
  }

  /** Provisions one environment for the alias and waits until it is READY (polling its status with backoff). */
  async provision(functionName: string, alias: string): Promise<void> {
    this.ledger.add('provisioned', functionName, alias);
    await this.retrying(functionName, () =>
      this.send(
        new PutProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: alias, ProvisionedConcurrentExecutions: 1 }),
      ),
    );
    const deadline = Date.now() + this.timing.maxWaitSeconds * 1000 * 3; // provisioning takes minutes on AWS
    for (let delay = this.timing.minDelaySeconds; ; delay = Math.min(delay * 2, this.timing.maxDelaySeconds * 3)) {
      const res = await this.send<{ Status?: string; StatusReason?: string }>(
        new GetProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: alias }),
      );
      if (res.Status === 'READY') return;
      if (res.Status === 'FAILED')
        throw new Error(`provisioned concurrency for ${functionName}:${alias} FAILED: ${res.StatusReason ?? 'no reason given'}`);
      if (Date.now() > deadline)
        throw new Error(`provisioned concurrency for ${functionName}:${alias} not READY after ${this.timing.maxWaitSeconds * 3} s`);
      await sleep(delay * 1000, this.signal);
    }
  }

  /** Removes a provisioned config, an alias and a version (each step tolerates "already gone"). */
  async unprovision(functionName: string, alias: string, version: string, signal: AbortSignal | null = null): Promise<void> {
    await this.tolerant(() =>
      this.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: alias }), signal),
    );
    this.ledger.remove('provisioned', functionName, alias);
    await this.tolerant(() => this.send(new DeleteAliasCommand({ FunctionName: functionName, Name: alias }), signal));
    this.ledger.remove('aliases', functionName, alias);
    await this.tolerant(() => this.send(new DeleteFunctionCommand({ FunctionName: functionName, Qualifier: version }), signal));
    this.ledger.remove('versions', functionName, version);
  }

  /**
   * Deletes everything in the ledger; never takes the run's abort signal. Returns
   * what could not be deleted. Provisioned configs (billed by the second), aliases
   * and versions go first, each step on its own: whatever of them fails,
   * DeleteFunction is still tried, and it removes the function with all its
   * versions, aliases and provisioned configs.
   */
  async deleteAll(progress: (line: string) => void = () => undefined): Promise<string[]> {
    const failed: string[] = [];
    for (const name of [...this.ledger.functions]) {
      const steps: (() => Promise<unknown>)[] = [
        ...[...(this.ledger.provisioned.get(name) ?? [])].map(
          (alias) => () => this.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: alias }), null),
        ),
        ...[...(this.ledger.aliases.get(name) ?? [])].map(
          (alias) => () => this.send(new DeleteAliasCommand({ FunctionName: name, Name: alias }), null),
        ),
        ...[...(this.ledger.versions.get(name) ?? [])].map(
          (version) => () => this.send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: version }), null),
        ),
      ];
      const notes: string[] = [];
      for (const step of steps) await this.tolerant(step).catch((error: unknown) => notes.push(errorText(error)));
      try {
        await this.tolerant(() => this.send(new DeleteFunctionCommand({ FunctionName: name }), null));
        this.ledger.removeFunction(name);
        progress(`deleted ${name}${notes.length ? ` (after: ${notes.join('; ')})` : ''}`);
      } catch (error) {
        failed.push(`${name}: ${[...notes, errorText(error)].join('; ')}`);
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

/** Whether AWS answered the call (with an error): then its outcome is known. A call cut short by an abort, a timeout or the network has none. */
export function answeredByAws(error: unknown): boolean {
  return (
    typeof (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 'number' &&
    errorName(error) !== 'AbortError'
  );
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
