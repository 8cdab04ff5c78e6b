import type { SampleKind, SampleRow } from '../../core/model.js';
import { errorText } from './client.js';
import { unwrapResponse, type EnvironmentStamp } from './entry.js';
import { NONCE_VARIABLE, PROVISIONED_ALIAS } from './naming.js';
import type { LambdaOps } from './ops.js';
import type { FunctionPlan } from './plan.js';
import { parseInitReport, parseReport, reportFields, type InitReport, type LambdaReport } from './report-line.js';
import { strategyOf } from '../../core/strategies.js';

/**
 * An environment that sat initialized longer than this before its first request
 * was initialized ahead of the request (Lambda's proactive initialization): the
 * caller never waited for its INIT, so it is not a cold start. On-demand cold
 * starts show a few milliseconds here (the runtime asks for the request as soon
 * as INIT ends).
 */
export const INITIALIZED_AHEAD_MS = 1000;

/** What measuring one function needs from the run. */
export interface MeasureContext {
  ops: LambdaOps;
  runId: string;
  /** Attempts to get a cold sample before it is recorded as "not cold". */
  maxColdAttempts: number;
  provisioned: boolean;
  warmup: number;
  /** Environment ids already seen in this run: a cold sample must bring a new one. */
  seen: Set<string>;
  signal: AbortSignal;
  record: (fn: FunctionPlan, kind: SampleKind, fields: Partial<SampleRow>) => void;
  /** Counts cold samples that were retried because they were not cold. */
  retried: (fn: FunctionPlan, reason: string) => void;
  /** Counts environments Lambda initialized ahead of the request (taken again, never counted as cold). */
  initializedAhead: (fn: FunctionPlan, idleMs: number) => void;
  /** Counts cold samples whose INIT timed out or failed and was retried inside the first request (recorded as cold). */
  suppressedInit: (fn: FunctionPlan, init: InitReport) => void;
  redact: (text: string) => string;
  nextNonce: () => string;
}

interface Invocation {
  e2eMs: number;
  report?: LambdaReport;
  initReport?: InitReport;
  stamp?: EnvironmentStamp;
  error?: string;
}

async function invoke(ctx: MeasureContext, fn: FunctionPlan, event: unknown, qualifier?: string): Promise<Invocation> {
  const res = await ctx.ops.invoke(fn.name, event, qualifier);
  const report = parseReport(res.logTail);
  const initReport = parseInitReport(res.logTail);
  let payload: unknown;
  try {
    payload = res.payload ? JSON.parse(res.payload) : null;
  } catch {
    payload = res.payload;
  }
  if (res.functionError) {
    const p = payload as { errorType?: string; errorMessage?: string } | null;
    const message =
      p && typeof p === 'object' && (p.errorType || p.errorMessage)
        ? `${p.errorType ?? 'Error'}: ${p.errorMessage ?? ''}`
        : String(res.payload).slice(0, 500);
    return { e2eMs: res.e2eMs, ...(report ? { report } : {}), error: ctx.redact(`FunctionError (${res.functionError}): ${message}`) };
  }
  const unwrapped = unwrapResponse(payload);
  const base = { e2eMs: res.e2eMs, ...(report ? { report } : {}), ...(initReport ? { initReport } : {}) };
  if (!unwrapped) return { ...base, error: "the response did not come through coldbench's entry wrapper (no environment id)" };
  return { ...base, stamp: unwrapped.stamp };
}

/** A suppressed init: INIT timed out or failed, and Lambda ran it again inside this first request (no Init Duration in the REPORT, an INIT_REPORT before it). */
function suppressedInit(inv: Invocation): InitReport | undefined {
  return inv.report &&
    inv.report.initDurationMs === undefined &&
    inv.initReport &&
    inv.initReport.status !== undefined &&
    inv.initReport.status !== 'success'
    ? inv.initReport
    : undefined;
}

function fields(inv: Invocation, withInit: boolean): Partial<SampleRow> {
  const r = inv.report ? reportFields(inv.report) : undefined;
  // A suppressed init: the INIT that timed out, as INIT_REPORT says (the retried INIT is inside invoke_ms).
  const initMs = r?.initMs ?? suppressedInit(inv)?.initDurationMs;
  return {
    environment: inv.stamp?.env ?? '',
    e2eMs: inv.e2eMs,
    ...(r ? { invokeMs: r.invokeMs, billedMs: r.billedMs, maxMemoryMb: r.maxMemoryMb } : {}),
    ...(withInit && initMs !== undefined ? { initMs } : {}),
    ...(inv.error ? { error: inv.error } : {}),
    ...(!inv.error && !inv.report ? { error: 'no REPORT line in the log tail' } : {}),
  };
}

/** Why a sample meant to be cold is not, or undefined when it is. `expect`: what the REPORT must show (INIT, a restore, or nothing: provisioned / pinged first). */
function notCold(ctx: MeasureContext, inv: Invocation, expect: 'init' | 'restore' | 'none', expectedServed: number): string | undefined {
  const reasons: string[] = [];
  if (
    expect === 'init' &&
    inv.report &&
    inv.report.initDurationMs === undefined &&
    inv.report.restoreDurationMs === undefined &&
    !suppressedInit(inv)
  )
    reasons.push('no Init Duration in the REPORT');
  if (expect === 'restore' && inv.report && inv.report.restoreDurationMs === undefined) reasons.push('no Restore Duration in the REPORT');
  if (inv.stamp && ctx.seen.has(inv.stamp.env) && expectedServed === 1) reasons.push(`environment ${inv.stamp.env} was seen before`);
  else if (inv.stamp && inv.stamp.served !== expectedServed)
    reasons.push(`environment ${inv.stamp.env} had already served ${inv.stamp.served - 1} requests`);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/**
 * One cold sample of a function and the warm samples of the same environment.
 * Fresh environment: change the nonce variable, wait until the update
 * succeeded, invoke (SnapStart: publish a version, which snapshots INIT, and
 * invoke it: a restore). A sample that shows no INIT (no restore), a known
 * environment, or an environment initialized ahead of the request is retried up
 * to `maxColdAttempts`, then recorded with an error. A suppressed init (INIT timed
 * out and ran again inside the request) is a cold start and recorded as one.
 * Returns the cold row (for progress), if any.
 */
export async function measureStep(ctx: MeasureContext, fn: FunctionPlan, warm: number): Promise<Partial<SampleRow> | undefined> {
  const { scenario } = fn;
  let coldRow: Partial<SampleRow> | undefined;
  const recordCold = (fields: Partial<SampleRow>) => {
    coldRow = fields;
    ctx.record(fn, 'cold', fields);
  };
  const baseEnv = { ...scenario.env };
  const pings = strategyOf(fn.variant.strategy).pingsFirst;
  const pc = ctx.provisioned && pings;
  const snap = strategyOf(fn.variant.strategy).restoresSnapshot === true;
  let cold: Invocation | undefined;
  let qualifier: string | undefined;
  let version: string | undefined;
  let reason = '';
  try {
    for (let attempt = 1; attempt <= ctx.maxColdAttempts; attempt++) {
      if (ctx.signal.aborted) return coldRow;
      await ctx.ops.setEnvironment(fn.name, { ...baseEnv, [NONCE_VARIABLE]: ctx.nextNonce() });
      let initFromPing: number | undefined;
      if (pc) {
        version = await ctx.ops.publishVersion(fn.name);
        await ctx.ops.createAlias(fn.name, PROVISIONED_ALIAS, version);
        qualifier = PROVISIONED_ALIAS;
        await ctx.ops.provision(fn.name, PROVISIONED_ALIAS);
      } else if (snap) {
        // SnapStart: publishing runs INIT and takes the snapshot; the version's first invoke restores it.
        version = await ctx.ops.publishVersion(fn.name);
        qualifier = version;
      } else if (pings) {
        const ping = await invoke(ctx, fn, scenario.prewarmEvent);
        if (ping.error) {
          recordCold({ ...fields(ping, true), error: `the keep-warm ping failed: ${ping.error}` });
          return coldRow;
        }
        const why = notCold(ctx, ping, 'init', 1);
        if (why) {
          reason = why;
          ctx.retried(fn, why);
          continue;
        }
        initFromPing = ping.report?.initDurationMs;
        if (ping.stamp) ctx.seen.add(ping.stamp.env);
      }
      const inv = await invoke(ctx, fn, scenario.event, qualifier);
      if (inv.error) {
        if (inv.stamp) ctx.seen.add(inv.stamp.env);
        recordCold(fields(inv, true));
        return coldRow; // a failing handler is data, not a reason to retry
      }
      const expectedServed = pings && !pc ? strategyOf(fn.variant.strategy).servedBeforeMeasured + 1 : 1;
      const expect = snap ? 'restore' : pc || pings ? 'none' : 'init';
      let why = notCold(ctx, inv, expect, expectedServed);
      const idleMs = inv.stamp?.idleMs;
      if (!why && expect === 'init' && idleMs !== undefined && idleMs > INITIALIZED_AHEAD_MS) {
        why = `initialized ahead of the request: idle ${Math.round(idleMs)} ms between INIT and the request`;
        ctx.initializedAhead(fn, idleMs);
      }
      if (why) {
        reason = why;
        if (inv.stamp) ctx.seen.add(inv.stamp.env);
        ctx.retried(fn, why);
        if (pc && version) {
          await ctx.ops.unprovision(fn.name, PROVISIONED_ALIAS, version);
          version = undefined;
        } else if (snap && version) {
          await ctx.ops.deleteVersion(fn.name, version);
          version = undefined;
        }
        continue;
      }
      if (inv.stamp) ctx.seen.add(inv.stamp.env);
      const suppressed = expect === 'init' ? suppressedInit(inv) : undefined;
      if (suppressed) ctx.suppressedInit(fn, suppressed);
      const row = fields(inv, true);
      if (initFromPing !== undefined) row.initMs = initFromPing; // paid off the request path, shown for reference
      recordCold(row);
      cold = inv;
      break;
    }
    if (!cold) {
      if (!ctx.signal.aborted) recordCold({ environment: '', error: `not a cold start after ${ctx.maxColdAttempts} attempts: ${reason}` });
      return coldRow;
    }
    const total = ctx.warmup + warm;
    for (let i = 0; i < total; i++) {
      if (ctx.signal.aborted) return coldRow;
      const inv = await invoke(ctx, fn, scenario.event, qualifier);
      if (i < ctx.warmup) continue;
      const row = fields(inv, false);
      if (!inv.error && inv.stamp && inv.stamp.env !== cold.stamp!.env)
        row.error = `not a warm request: answered by environment ${inv.stamp.env}, not ${cold.stamp!.env}`;
      ctx.record(fn, 'warm', row);
    }
  } catch (error) {
    if (ctx.signal.aborted) return coldRow; // cut short by the interrupt: not a sample
    const failure = { environment: cold?.stamp?.env ?? '', error: ctx.redact(errorText(error)) };
    if (cold) ctx.record(fn, 'warm', failure);
    else recordCold(failure);
  } finally {
    if (pc && version) await ctx.ops.unprovision(fn.name, PROVISIONED_ALIAS, version).catch(() => undefined); // the ledger still has it if this failed
    // A SnapStart version's snapshot is billed while the version exists: delete it once its samples are taken.
    if (snap && version) await ctx.ops.deleteVersion(fn.name, version).catch(() => undefined);
  }
  return coldRow;
}
