import { builtinModules, createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { analyseImports, displayModuleName, firstInvokeRoots } from '../imports/breakdown.js';
import { instrumented } from '../targets/local/import-breakdown.js';
import type { LocalRunOptions } from '../targets/local/local-runner.js';
import { PACKAGE_ROOT } from '../core/paths.js';
import { moduleName } from '../runtimes/python/python-runtime.js';
import { ConfigError } from '../core/config-error.js';
import type { FunctionRef, Scenario, Variant } from '../scenario/types.js';
import type { ModuleFormat } from './js-ast.js';
import type { DerivationRecord } from '../core/derivation.js';
import { moduleSpecifiers, rewriteNodeLazy, type LazyDecision } from './node-lazy.js';
import { nodeWrapper } from './node-wrapper.js';
import { nodePrewarmWrapper, pythonPrewarmWrapper } from './prewarm-wrapper.js';
import { errorSummary } from './equivalence.js';
import { failureHint } from './failure-hint.js';
import { planPythonLazy, pythonWrapper, topPackage, type PythonModuleImports } from './python-lazy.js';

const PYTHON_IMPORTS = path.join(PACKAGE_ROOT, 'src', 'derive', 'python_imports.py');

type Context = Pick<LocalRunOptions, 'region' | 'runtimeFor' | 'signal'>;

/** ES module or CommonJS, as Node decides: .mjs, .cjs, else the nearest package.json's "type". */
export function nodeFormat(file: string): ModuleFormat {
  if (file.endsWith('.mjs')) return 'esm';
  if (file.endsWith('.cjs')) return 'cjs';
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type === 'module' ? 'esm' : 'cjs';
      } catch {
        return 'cjs';
      }
    }
    if (path.dirname(dir) === dir) return 'cjs';
  }
}

const isBuiltin = (spec: string) =>
  spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!) || builtinModules.includes(spec);

/**
 * What the derived copy imports instead of each specifier, so that it loads the
 * very files the original loads: ESM through Node's own ESM resolver run from the
 * original's folder (import conditions, exports maps), CommonJS through
 * createRequire from the original file. Unresolvable specifiers are left as written.
 */
async function resolveSpecifiers(file: string, format: ModuleFormat, specifiers: string[]): Promise<Map<string, string>> {
  const resolved = new Map<string, string>();
  const wanted = specifiers.filter((s) => !isBuiltin(s));
  if (format === 'cjs') {
    const req = createRequire(file);
    for (const s of wanted) {
      try {
        resolved.set(s, req.resolve(s));
      } catch {
        // left as written: the run will fail the same way the original does
      }
    }
    return resolved;
  }
  const relative = wanted.filter((s) => s.startsWith('./') || s.startsWith('../') || s.startsWith('/'));
  for (const s of relative) resolved.set(s, new URL(s, pathToFileURL(file)).href);
  const bare = wanted.filter((s) => !relative.includes(s) && !/^[a-z]+:/.test(s));
  if (bare.length > 0) {
    const script =
      'const out = {}; for (const s of JSON.parse(process.argv[1])) { try { out[s] = import.meta.resolve(s); } catch {} } process.stdout.write(JSON.stringify(out));';
    const result = await execa(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(bare)], {
      cwd: path.dirname(file),
      reject: false,
      timeout: 30_000,
    });
    if (result.exitCode === 0)
      for (const [s, url] of Object.entries(JSON.parse(String(result.stdout)) as Record<string, string>)) resolved.set(s, url);
  }
  return resolved;
}

/** The original's instrumented environment, as derive uses it: import costs by chosen name, the heavy candidates, the first request's own imports. */
interface Probe {
  /** Cumulative INIT cost of each top-level import, by the name derive uses (specifier or top package). */
  costs: Map<string, number>;
  /** The heavy top-level imports (the breakdown's rule), by that name, heaviest first. */
  heavy: string[];
  initMs: number;
  /** Raw names of the modules the first request imported itself (firstInvokeRoots). */
  firstInvokeRoots: string[];
}

/**
 * One instrumented cold environment of the original (never a sample): its
 * INIT imports and what its first request imported. Undefined with the reason
 * when it failed.
 */
async function probeOriginal(
  scenario: Scenario,
  request: NonNullable<Scenario['derive']>,
  ctx: Context,
  toName: (breakdownModule: string) => string | undefined,
): Promise<Probe | { error: string }> {
  const probe: Scenario = {
    ...scenario,
    derive: undefined,
    variants: [{ name: 'preload', strategy: 'preload', handler: request.handler }],
  };
  const measured = await instrumented(probe, probe.variants[0]!, ctx);
  if (!measured.ok) return { error: measured.error };
  const display = (m: string) => displayModuleName(m, scenario.dir);
  const analysed = analyseImports({
    scenario: scenario.name,
    runtime: scenario.runtime,
    variant: 'preload',
    method: '',
    initMs: measured.initMs,
    modules: measured.timing.init.map((r) => ({ ...r, module: display(r.module) })),
  });
  const costs = new Map<string, number>();
  for (const m of analysed.modules.filter((r) => r.depth === 1).sort((a, b) => b.cumulativeMs - a.cumulativeMs)) {
    const name = toName(m.module);
    if (name !== undefined && !costs.has(name)) costs.set(name, m.cumulativeMs);
  }
  const heavy = [...new Set(analysed.candidates.map((c) => toName(c.module)).filter((n): n is string => n !== undefined))];
  return { costs, heavy, initMs: measured.initMs, firstInvokeRoots: firstInvokeRoots(measured.timing.firstRequest).map((r) => r.module) };
}

/** The chosen module names: the user's list, else the heavy top-level imports of the probe. */
function chooseModules(request: NonNullable<Scenario['derive']>, probe: Probe | { error: string } | undefined) {
  const costs = probe && 'costs' in probe ? probe.costs : new Map<string, number>();
  if (request.lazy) return { names: request.lazy, chosenFrom: request.lazyFrom ?? 'the lazy list', costs };
  if (!probe || 'error' in probe) throw new Error('chooseModules: no probe'); // deriveScenario throws the ConfigError first
  return {
    names: probe.heavy,
    chosenFrom: `the import breakdown: top-level imports taking at least 5 % of INIT and 2 ms (INIT ${probe.initMs.toFixed(1)} ms, instrumented)`,
    costs,
  };
}

/**
 * Node: the lazy modules that the derived lazy variant still loads during INIT
 * (another module of the function imports them statically): deferred in name
 * only. Found in one instrumented environment of the lazy variant (never a
 * sample); empty when it fails (the response check reports the failure).
 */
async function nodeRanAtInit(
  scenario: Scenario,
  variants: Variant[],
  decisions: LazyDecision[],
  resolved: ReadonlyMap<string, string>,
  ctx: Context,
): Promise<string[] | undefined> {
  const lazy = variants.find((v) => v.strategy === 'lazy');
  const deferred = decisions.filter((d) => d.lazy);
  if (!lazy || deferred.length === 0) return undefined;
  const measured = await instrumented({ ...scenario, derive: undefined, variants: [lazy] }, lazy, ctx);
  if (!measured.ok) return undefined;
  const loaded = new Set(measured.timing.init.map((r) => r.module));
  const fileOf = (spec: string) => {
    const to = resolved.get(spec);
    return to === undefined ? undefined : to.startsWith('file:') ? fileURLToPath(to) : to;
  };
  return [...new Set(deferred.filter((d) => loaded.has(fileOf(d.module) ?? '')).map((d) => d.module))];
}

/** Node: what the generated code imports for a module the first request loaded (an absolute path as a file: URL, a builtin as named). */
const nodeAheadSpecifier = (module: string) => (module.startsWith('/') ? pathToFileURL(module).href : module);

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const ref = (file: string, exportName: string, shownFrom: string): FunctionRef => ({
  ref: `${path.relative(shownFrom, file).replace(/\.(mjs|cjs|js|py)$/, '')}.${exportName}`,
  file,
  exportName,
});

/** Node: the format to derive with, and a note when Node itself would have to guess it (ES module syntax in a .js file read as CommonJS). */
function nodeFormatOf(file: string, source: string): { format: ModuleFormat; specifiers: string[]; note?: string } {
  const format = nodeFormat(file);
  try {
    return { format, specifiers: moduleSpecifiers(source, format) };
  } catch (error) {
    if (format === 'cjs' && file.endsWith('.js')) {
      let asModule: string[] | undefined;
      try {
        asModule = moduleSpecifiers(source, 'esm');
      } catch {
        // not an ES module either: the CommonJS message below says what is wrong
      }
      if (asModule) {
        const note = `${path.basename(file)} uses ES module syntax (import/export), but its package.json has no "type": "module", so Node first reads it as CommonJS: Node 20.19+ and 22 then detect the syntax and load it as an ES module (parsing it twice at every cold start; older Node stops with "Cannot use import statement outside a module"). coldbench derived it as an ES module, as Node does. To say what it is: rename it to .mjs, or add "type": "module" to its package.json`;
        return { format: 'esm', specifiers: asModule, note };
      }
    }
    throw new ConfigError([
      `${file}: cannot be parsed as ${format === 'esm' ? 'an ES module' : 'CommonJS'}: ${(error as Error).message}; fix the syntax`,
    ]);
  }
}

const withHint = (error: string) => {
  const hint = failureHint(error);
  return hint ? `${errorSummary(error)}; ${hint}` : `${errorSummary(error)}`;
};

/**
 * Derives the variants of a `derive` scenario from its one handler and writes
 * their files into `outDir` (the user's files are only read): preload runs the
 * original; prewarmed wraps it with an answer to the keep-warm ping; lazy and
 * initializer run generated code (see node-lazy.ts, python-lazy.ts). Before
 * that, one instrumented environment of the original (never a sample) gives the
 * heavy top-level imports (unless `lazy` names the modules), their costs, and
 * the modules its first request imports itself, which the initializer loads
 * during INIT and the prewarmed variant's ping loads. Returns the scenario with
 * its variants filled in, ready for the normal runner, and the record for the report.
 */
export async function deriveScenario(
  scenario: Scenario,
  outDir: string,
  runDir: string,
  ctx: Context,
): Promise<{ scenario: Scenario; record: DerivationRecord }> {
  const request = scenario.derive;
  if (!request) throw new Error(`${scenario.name}: has no variants to derive`);
  const original = request.handler;
  const needsCode = request.variants.some((v) => v.strategy === 'lazy' || v.strategy === 'initializer');
  const needsProbe = needsCode || request.variants.some((v) => v.strategy === 'prewarmed');
  let decisions: LazyDecision[] = [];
  const notes: string[] = [];
  let chosenFrom = 'nothing to derive';
  let modules: DerivationRecord['modules'] = [];
  const files = new Map<string, string[]>();
  const variants: Variant[] = [];
  let lazyModules: string[] = [];
  let ahead: string[] = [];
  let ranAtInit: string[] | undefined;

  /** The probe, or a ConfigError when the modules must come from it; with --lazy a failed probe only costs the costs and the ahead imports. */
  const probeWith = async (toName: (m: string) => string | undefined) => {
    if (!needsProbe) return undefined;
    const probe = await probeOriginal(scenario, request, ctx, toName);
    if ('error' in probe) {
      if (!request.lazy && needsCode)
        throw new ConfigError([
          `${original.ref}: the original handler failed in its instrumented environment, so its heavy imports are unknown: ${withHint(probe.error)}; fix the handler, or name the modules with --lazy`,
        ]);
      notes.push(
        `the instrumented environment of the original failed (${errorSummary(probe.error)}), so import costs and the first request's own imports are unknown`,
      );
      return undefined;
    }
    return probe;
  };

  if (scenario.runtime === 'node') {
    const source = readFileSync(original.file, 'utf8');
    const { format, specifiers, note } = nodeFormatOf(original.file, source);
    if (note) notes.push(note);
    const resolved = await resolveSpecifiers(original.file, format, specifiers);
    const byDisplay = new Map<string, string>();
    for (const [spec, to] of resolved)
      byDisplay.set(displayModuleName(to.startsWith('file:') ? fileURLToPath(to) : to, scenario.dir), spec);
    const probe = await probeWith((m) => byDisplay.get(m));
    const chosen = needsCode ? chooseModules(request, probe) : undefined;
    ahead = (probe?.firstInvokeRoots ?? []).map(nodeAheadSpecifier);
    const names = new Set(chosen?.names ?? []);
    const rewrite = rewriteNodeLazy({
      source,
      format,
      originalUrl: pathToFileURL(original.file).href,
      originalPath: original.file,
      chosen: (s) => names.has(s),
      resolved,
    });
    decisions = rewrite.decisions;
    notes.push(...rewrite.notes);
    chosenFrom = chosen?.chosenFrom ?? chosenFrom;
    const shown = new Map([...byDisplay].map(([display, spec]) => [spec, display]));
    modules = [...names].map((m) => ({
      module: m,
      ...(shown.has(m) ? { shownAs: shown.get(m)! } : {}),
      ...(chosen?.costs.has(m) ? { cumulativeMs: chosen.costs.get(m)! } : {}),
    }));
    for (const n of names)
      if (!decisions.some((d) => d.module === n))
        notes.push(`\`${n}\` is not imported at the top level of ${path.basename(original.file)}; nothing to make lazy`);
    const ext = format === 'esm' ? '.mjs' : '.cjs';
    const copyName = path.basename(original.file).replace(/\.(mjs|cjs|js)$/, '') + ext;
    for (const v of request.variants) {
      if (v.strategy === 'prewarmed') {
        const entry = path.join(outDir, v.name, 'coldbench-prewarmed.mjs');
        write(
          entry,
          nodePrewarmWrapper({
            originalFile: original.file,
            originalUrl: pathToFileURL(original.file).href,
            exportName: original.exportName,
            ping: scenario.prewarmEvent,
            ahead,
          }),
        );
        files.set(v.name, [entry]);
        variants.push({ name: v.name, strategy: v.strategy, handler: ref(entry, original.exportName, scenario.dir) });
      }
      if (v.strategy !== 'lazy' && v.strategy !== 'initializer') continue;
      const dir = path.join(outDir, v.name);
      const entry = path.join(dir, `coldbench-${v.strategy}${ext}`);
      write(path.join(dir, copyName), rewrite.code);
      write(
        entry,
        nodeWrapper({
          originalFile: original.file,
          copyFile: copyName,
          format,
          exportName: original.exportName,
          strategy: v.strategy,
          ahead,
        }),
      );
      files.set(v.name, [path.join(dir, copyName), entry]);
      variants.push({
        name: v.name,
        strategy: v.strategy,
        handler: ref(entry, original.exportName, scenario.dir),
        ...(v.strategy === 'initializer' ? { initializer: ref(entry, 'initializer', scenario.dir) } : {}),
      });
    }
    ranAtInit = await nodeRanAtInit(scenario, variants, decisions, resolved, ctx);
  } else {
    const { interpreter } = ctx.runtimeFor(scenario);
    const analysed = await execa(interpreter, [PYTHON_IMPORTS, original.file], { reject: false, timeout: 30_000 });
    if (analysed.exitCode !== 0)
      throw new ConfigError([
        `${original.file}: Python cannot parse it: ${String(analysed.stderr).trim().split('\n').pop()}; fix the syntax`,
      ]);
    const analysis = JSON.parse(String(analysed.stdout)) as PythonModuleImports;
    const probe = await probeWith((m) => topPackage(m));
    const chosen = needsCode ? chooseModules(request, probe) : undefined;
    ahead = probe?.firstInvokeRoots ?? [];
    const names = new Set(chosen?.names ?? []);
    const plan = planPythonLazy(analysis, (m) => names.has(m));
    decisions = plan.decisions;
    lazyModules = plan.lazyModules;
    chosenFrom = chosen?.chosenFrom ?? chosenFrom;
    modules = [...names].map((m) => ({ module: m, shownAs: m, ...(chosen?.costs.has(m) ? { cumulativeMs: chosen.costs.get(m)! } : {}) }));
    for (const n of names)
      if (!decisions.some((d) => d.module === n || topPackage(d.module) === n))
        notes.push(`\`${n}\` is not imported at the top level of ${path.basename(original.file)}; nothing to make lazy`);
    const originalModule = moduleName(scenario.dir, original.file);
    for (const v of request.variants) {
      if (v.strategy === 'prewarmed') {
        const dir = path.join(outDir, v.name);
        const file = path.join(dir, 'coldbench_prewarmed.py');
        write(
          file,
          pythonPrewarmWrapper({
            originalFile: original.file,
            originalDir: scenario.dir,
            originalModule,
            exportName: original.exportName,
            ping: scenario.prewarmEvent,
            ahead,
          }),
        );
        files.set(v.name, [file]);
        variants.push({ name: v.name, strategy: v.strategy, root: dir, handler: ref(file, original.exportName, scenario.dir) });
      }
      if (v.strategy !== 'lazy' && v.strategy !== 'initializer') continue;
      const dir = path.join(outDir, v.name);
      const file = path.join(dir, `coldbench_${v.strategy}.py`);
      write(
        file,
        pythonWrapper({
          originalFile: original.file,
          originalDir: scenario.dir,
          originalModule,
          exportName: original.exportName,
          lazyModules,
          initializer: v.strategy === 'initializer',
          ahead,
        }),
      );
      files.set(v.name, [file]);
      variants.push({
        name: v.name,
        strategy: v.strategy,
        root: dir,
        handler: ref(file, original.exportName, scenario.dir),
        ...(v.strategy === 'initializer' ? { initializer: ref(file, 'initializer', scenario.dir) } : {}),
      });
    }
  }
  // preload runs the handler as written.
  const ordered = request.variants.map(
    (v) => variants.find((d) => d.name === v.name) ?? { name: v.name, strategy: v.strategy, handler: original },
  );
  const shown = (f: string) => (f.startsWith(runDir + path.sep) ? path.relative(runDir, f) : f);
  const record: DerivationRecord = {
    scenario: scenario.name,
    runtime: scenario.runtime,
    handler: original.ref,
    file: original.file,
    chosenFrom,
    modules,
    decisions,
    notes,
    folder: shown(outDir),
    variants: request.variants.map((v) => ({
      name: v.name,
      strategy: v.strategy,
      files: (files.get(v.name) ?? [original.file]).map(shown),
    })),
    ...(needsProbe ? { firstInvokeImports: ahead } : {}),
    ...(ranAtInit ? { ranAtInit } : {}),
  };
  if (scenario.runtime === 'python') record.loadedByRequest = lazyModules; // refined by the equivalence check's probe
  write(path.join(outDir, 'derivation.json'), JSON.stringify(record, null, 2) + '\n');
  return { scenario: { ...scenario, variants: [...scenario.variants, ...ordered] }, record };
}
