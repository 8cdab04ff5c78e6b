import type { ImportRecord, ImportTiming, LazyCandidate, ScenarioImports } from './model.js';

/** A top-level import is heavy when it costs at least this share of INIT… */
export const HEAVY_SHARE = 0.05;
/** …and at least this many milliseconds. */
export const HEAVY_MIN_MS = 2;

export const CANDIDATE_RULE =
  `A top-level import (one the handler or initializer module imports itself) is heavy when it takes at least ${HEAVY_SHARE * 100} % of INIT and ${HEAVY_MIN_MS} ms, counting what it imports. ` +
  'A heavy import is a candidate for lazy loading when the lazy variant served the measured request without loading it: the request does not need it, so loading it on first use takes its cost out of every cold start. ' +
  'A heavy import the lazy variant did load is needed by the request: lazy loading only moves its cost into the first invoke (an initializer or a pre-warmed environment takes it off the request path instead). ' +
  'Without a lazy variant the heaviest top-level imports are listed unchecked.';

/** A shorter name for a Node module path: relative to the scenario folder, or from the last node_modules/ on. */
export function displayModuleName(name: string, scenarioDir: string): string {
  if (!name.startsWith('/')) return name;
  const dir = scenarioDir.endsWith('/') ? scenarioDir : `${scenarioDir}/`;
  if (name.startsWith(dir)) return name.slice(dir.length);
  const at = name.lastIndexOf('/node_modules/');
  return at >= 0 ? name.slice(at + '/node_modules/'.length) : name;
}

/** What the analysis reads: the breakdown's own fields (`modules` are the baseline variant's INIT modules), plus the request path. */
export type BreakdownInput = Pick<ScenarioImports, 'scenario' | 'runtime' | 'variant' | 'method' | 'initMs' | 'modules' | 'firstInvoke'> & {
  /** Every module the lazy variant had loaded when it answered its first request, if there is a lazy variant. */
  requestPath?: { variant: string; modules: ReadonlySet<string> };
};

/** Names the lazy-loading candidates of a breakdown (see CANDIDATE_RULE). Pure. */
export function analyseImports(input: BreakdownInput): ScenarioImports {
  const threshold = Math.max(HEAVY_MIN_MS, HEAVY_SHARE * input.initMs);
  const candidates: LazyCandidate[] = input.modules
    .filter((m) => m.depth === 1 && m.cumulativeMs >= threshold)
    .sort((a, b) => b.cumulativeMs - a.cumulativeMs)
    .map((m) => ({
      module: m.module,
      cumulativeMs: m.cumulativeMs,
      share: input.initMs > 0 ? m.cumulativeMs / input.initMs : 0,
      reason: !input.requestPath ? 'unchecked' : input.requestPath.modules.has(m.module) ? 'on-request-path' : 'not-on-request-path',
    }));
  return {
    scenario: input.scenario,
    runtime: input.runtime,
    variant: input.variant,
    method: input.method,
    initMs: input.initMs,
    modules: input.modules,
    ...(input.requestPath ? { requestPathVariant: input.requestPath.variant } : {}),
    candidates,
    ...(input.firstInvoke && input.firstInvoke.length > 0 ? { firstInvoke: input.firstInvoke } : {}),
  };
}

/**
 * The imports a first request started itself (imports inside the handler, a
 * framework loading a module on first use): the first-invoke modules whose
 * parent was loaded before the request (or who have none). Importing these
 * ahead of the request loads everything the first request loaded. Pure.
 */
export function firstInvokeRoots(firstInvoke: readonly ImportRecord[]): ImportRecord[] {
  const loadedThen = new Set(firstInvoke.map((m) => m.module));
  return firstInvoke.filter((m) => m.parent === undefined || !loadedThen.has(m.parent));
}

/** The first-invoke imports worth a line in a report: the roots (see firstInvokeRoots) taking at least HEAVY_MIN_MS, largest first. Pure. */
export function heavyFirstInvokeImports(imports: Pick<ScenarioImports, 'firstInvoke'>): ImportRecord[] {
  return firstInvokeRoots(imports.firstInvoke ?? [])
    .filter((m) => m.cumulativeMs >= HEAVY_MIN_MS)
    .sort((a, b) => b.cumulativeMs - a.cumulativeMs);
}

/** The modules to show first: those the entry modules loaded, by cumulative time, largest first. */
export function topModules(imports: ScenarioImports, count: number): ImportRecord[] {
  return imports.modules
    .filter((m) => m.depth >= 1)
    .sort((a, b) => b.cumulativeMs - a.cumulativeMs)
    .slice(0, count);
}

/** The variant whose INIT is broken down: the one named by --baseline, else the one named preload, else the first preload variant, else the first (the report's baseline rule). */
export function breakdownVariantOf<V extends { name: string; strategy: string }>(variants: readonly V[], baseline?: string): V {
  return (
    (baseline !== undefined ? variants.find((v) => v.name === baseline) : undefined) ??
    variants.find((v) => v.name === 'preload') ??
    variants.find((v) => v.strategy === 'preload') ??
    variants[0]!
  );
}

/** One instrumented environment of a variant: its INIT and module timings (names as the report shows them), or why it failed. */
export type InstrumentedRun = { ok: true; initMs: number; timing: ImportTiming } | { ok: false; error: string };

/**
 * Where a scenario's INIT goes, on any target: the baseline variant in one
 * instrumented environment (`measure`), then the lazy variant, if any, through
 * its first request, to tell which modules the measured request needs. `id`
 * names the breakdown; `firstInvoke` also keeps the modules the baseline's first
 * request loaded. Nothing more is measured once `aborted()` says so.
 */
export async function breakDownVariants<V extends { name: string; strategy: string }>(
  id: Pick<ScenarioImports, 'scenario' | 'runtime' | 'method'>,
  variants: readonly V[],
  baseline: string | undefined,
  measure: (variant: V) => Promise<InstrumentedRun>,
  options: { firstInvoke: boolean; aborted: () => boolean },
): Promise<ScenarioImports> {
  const base = breakdownVariantOf(variants, baseline);
  const measured = await measure(base);
  if (!measured.ok) return { ...id, variant: base.name, initMs: 0, modules: [], candidates: [], error: measured.error };
  const lazy = variants.find((v) => v.strategy === 'lazy');
  let requestPath: { variant: string; modules: Set<string> } | undefined;
  if (lazy && !options.aborted()) {
    const path = await measure(lazy);
    if (path.ok)
      requestPath = { variant: lazy.name, modules: new Set([...path.timing.init, ...path.timing.firstRequest].map((r) => r.module)) };
  }
  return analyseImports({
    ...id,
    variant: base.name,
    initMs: measured.initMs,
    modules: measured.timing.init,
    ...(options.firstInvoke ? { firstInvoke: measured.timing.firstRequest } : {}),
    ...(requestPath ? { requestPath } : {}),
  });
}
