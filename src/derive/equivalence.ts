import { isDeepStrictEqual } from 'node:util';
import { LocalEnvironment } from '../targets/local/local-environment.js';
import { environmentSpec, type LocalRunOptions } from '../targets/local/local-runner.js';
import type { Json, Scenario, Variant } from '../scenario/types.js';
import type { DerivationRecord } from '../core/derivation.js';
import { failureHint } from './failure-hint.js';

type Context = Pick<LocalRunOptions, 'region' | 'runtimeFor'>;

/** The first place where two JSON values differ, as a path (`$.items[2].price`), or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return at;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (d) return d;
    }
  }
  return at;
}

const show = (value: unknown) => {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

const valueAt = (value: unknown, at: string): unknown => {
  let v = value;
  for (const part of at.slice(1).match(/\.[^.[]+|\[\d+\]/g) ?? []) {
    if (v === null || typeof v !== 'object') return undefined;
    v = part.startsWith('[') ? (v as unknown[])[Number(part.slice(1, -1))] : (v as Record<string, unknown>)[part.slice(1)];
  }
  return v;
};

/** The line of an error that says what went wrong: a Python traceback's last line (after what came before the traceback on its line, `INIT failed:`), else the first. */
export function errorSummary(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const traceback = lines.findIndex((l) => l.includes('Traceback (most recent call last)'));
  if (traceback < 0) return lines[0] ?? text;
  const before = lines[traceback]!.replace(/Traceback \(most recent call last\):?/, '').trim(); // "INIT failed:"
  return `${before ? `${before} ` : ''}${lines[lines.length - 1]}`;
}

type Outcome = { ok: true; body: Json | undefined } | { ok: false; error: string };

/** Every path (up to `limit`) where two JSON values differ, outermost first: a leaf, an index one array has and the other lacks, `$` when the types differ at the top. Pure. */
export function differences(a: unknown, b: unknown, at = '$', out: string[] = [], limit = 200): string[] {
  if (out.length >= limit || isDeepStrictEqual(a, b)) return out;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) differences(a[i], b[i], `${at}[${i}]`, out, limit);
  } else if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`, out, limit);
  } else {
    out.push(at);
  }
  return out;
}

/** Is `path` the path `prefix` or inside it (`$.a.b` is inside `$.a`, `$.ab` is not)? Pure. */
export const isWithin = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/** Milliseconds between the original's two environments: more than a second, so a timestamp with one-second resolution differs between them too. */
export const ORIGINAL_GAP_MS = 1100;

/** The flag that skips the check, named wherever the check refuses a run. */
export const SKIP_FLAG = '--no-response-check';

/** One unmeasured environment of a variant, serving the scenario's event once. */
async function respond(scenario: Scenario, variant: Variant, ctx: Context): Promise<Outcome> {
  const env = new LocalEnvironment(environmentSpec(scenario, variant, ctx));
  try {
    const r = await env.request(scenario.event);
    return r.ok ? { ok: true, body: r.body } : { ok: false, error: r.error ?? 'the handler failed' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await env.close();
  }
}

const hinted = (error: string) => {
  const hint = failureHint(error);
  return hint ? `${errorSummary(error)}; ${hint}` : errorSummary(error);
};

const listPaths = (paths: readonly string[]) =>
  paths.length > 8 ? `${paths.slice(0, 8).join(', ')} and ${paths.length - 8} more` : paths.join(', ');

/** The Python lazy variant's probe: its response, and which lazy modules the request ran (into the record). */
function unwrapProbe(body: Json | undefined, record: DerivationRecord): Json | undefined {
  const wrapped = body as { body?: Json; loaded?: string[]; ranAtInit?: string[] } | null;
  record.loadedByRequest = wrapped?.loaded ?? [];
  record.ranAtInit = wrapped?.ranAtInit ?? [];
  return wrapped?.body;
}

/**
 * Before sampling: every derived variant must answer the scenario's event as the
 * original does (deep-equal JSON). The original runs twice, in two fresh
 * environments ORIGINAL_GAP_MS apart; the paths where its two answers differ (a
 * timestamp, a signed URL's date, a random id) are left out of the comparison and
 * named in the notes. Returns the problems (a variant that fails or differs
 * elsewhere, with the first difference and the flag that skips the check) for a
 * ConfigError, and notes for the record; sets `record.responseCheck`. With
 * `responseCheck: false` nothing is compared. Python: the lazy variant is asked
 * through its probe export which lazy modules the request ran (`record.loadedByRequest`).
 */
export async function checkEquivalence(
  scenario: Scenario,
  record: DerivationRecord,
  ctx: Context & { responseCheck?: boolean; gapMs?: number },
): Promise<{ problems: string[]; notes: string[] }> {
  const derivedNames = new Set(record.variants.filter((v) => v.strategy !== 'preload').map((v) => v.name));
  const derived = scenario.variants.filter((v) => derivedNames.has(v.name));
  if (derived.length === 0) return { problems: [], notes: [] };
  const withProbe = (v: Variant): Variant =>
    scenario.runtime === 'python' && v.strategy === 'lazy' ? { ...v, handler: { ...v.handler, exportName: '_coldbench_probe' } } : v;
  if (ctx.responseCheck === false) {
    record.responseCheck = { compared: false, why: `skipped with ${SKIP_FLAG}` };
    const lazy = derived.find((v) => scenario.runtime === 'python' && v.strategy === 'lazy');
    if (lazy) {
      const outcome = await respond(scenario, withProbe(lazy), ctx);
      if (outcome.ok) unwrapProbe(outcome.body, record);
    }
    return { problems: [], notes: [`responses not compared (${SKIP_FLAG}): the derived variants were not checked against the original`] };
  }
  const original: Variant = {
    name: 'original',
    strategy: 'preload',
    handler: { ref: record.handler, file: record.file, exportName: derived[0]!.handler.exportName },
  };
  const first = await respond(scenario, original, ctx);
  if (!first.ok) {
    return {
      problems: [
        `${record.handler}: the original handler fails on the scenario's event, so the derived variants cannot be checked against it: ${hinted(first.error)}; fix the handler or the event (--event), or skip the check with ${SKIP_FLAG}`,
      ],
      notes: [],
    };
  }
  await new Promise((resolve) => setTimeout(resolve, ctx.gapMs ?? ORIGINAL_GAP_MS));
  const again = await respond(scenario, original, ctx);
  const ignored = again.ok ? differences(first.body, again.body) : ['$'];
  if (ignored.includes('$')) {
    const why = again.ok
      ? 'the original answers the same event differently in two fresh environments (the whole response differs)'
      : `the original failed in a second environment: ${errorSummary(again.error)}`;
    record.responseCheck = { compared: false, why };
    return { problems: [], notes: [`responses not compared: ${why}; the derived variants were not checked against it`] };
  }
  const problems: string[] = [];
  for (const v of derived) {
    const probe = withProbe(v) !== v;
    const outcome = await respond(scenario, withProbe(v), ctx);
    if (!outcome.ok) {
      problems.push(
        `derived variant "${v.name}" (${record.handler}): fails where the original answers: ${hinted(outcome.error)}; its code is in ${record.folder}/${v.name}. Name the modules to load lazily with --lazy (or the field "lazy") to leave this one out`,
      );
      continue;
    }
    const body = probe ? unwrapProbe(outcome.body, record) : outcome.body;
    const at = differences(first.body, body).find((d) => !ignored.some((i) => isWithin(d, i)));
    if (at !== undefined) {
      problems.push(
        `derived variant "${v.name}" (${record.handler}): its response differs from the original's at ${at}: original ${show(valueAt(first.body, at))}, derived ${show(valueAt(body, at))}; refused before sampling. Its code is in ${record.folder}/${v.name}. If that difference does not matter, run again with ${SKIP_FLAG}`,
      );
    }
  }
  record.responseCheck = { compared: true, ignored };
  const notes =
    ignored.length > 0
      ? [
          `responses compared except at ${listPaths(ignored)}: the original answered differently there in two fresh environments ${ctx.gapMs ?? ORIGINAL_GAP_MS} ms apart`,
        ]
      : [];
  return { problems, notes };
}
