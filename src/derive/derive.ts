import { builtinModules, createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { displayModuleName } from '../imports/breakdown.js';
import { breakDownImports } from '../targets/local/import-breakdown.js';
import type { LocalRunOptions } from '../targets/local/local-runner.js';
import { PACKAGE_ROOT } from '../core/paths.js';
import { moduleName } from '../runtimes/python/python-runtime.js';
import { ConfigError } from '../core/config-error.js';
import type { FunctionRef, Scenario, Variant } from '../scenario/types.js';
import type { ModuleFormat } from './js-ast.js';
import type { DerivationRecord } from '../core/derivation.js';
import { moduleSpecifiers, rewriteNodeLazy, type LazyDecision } from './node-lazy.js';
import { nodePrewarmWrapper, nodeWrapper, pythonPrewarmWrapper } from './node-wrapper.js';
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

const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!) || builtinModules.includes(spec);

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
    const script = 'const out = {}; for (const s of JSON.parse(process.argv[1])) { try { out[s] = import.meta.resolve(s); } catch {} } process.stdout.write(JSON.stringify(out));';
    const result = await execa(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(bare)], { cwd: path.dirname(file), reject: false, timeout: 30_000 });
    if (result.exitCode === 0) for (const [s, url] of Object.entries(JSON.parse(String(result.stdout)) as Record<string, string>)) resolved.set(s, url);
  }
  return resolved;
}

/** The chosen module names: the user's list, else the heavy top-level imports found in one instrumented environment of the original. */
async function chooseModules(scenario: Scenario, request: NonNullable<Scenario['derive']>, ctx: Context, toName: (breakdownModule: string) => string | undefined) {
  if (request.lazy) return { names: request.lazy, chosenFrom: request.lazyFrom ?? 'the lazy list', costs: new Map<string, number>() };
  const probe: Scenario = { ...scenario, derive: undefined, variants: [{ name: 'preload', strategy: 'preload', handler: request.handler }] };
  const imports = await breakDownImports(probe, ctx);
  if (imports.error) throw new ConfigError([`${request.handler.ref}: the original handler failed in its instrumented environment, so its heavy imports are unknown: ${imports.error.split('\n')[0]}; fix the handler, or name the modules with --lazy`]);
  const costs = new Map<string, number>();
  for (const c of imports.candidates) {
    const name = toName(c.module);
    if (name !== undefined && !costs.has(name)) costs.set(name, c.cumulativeMs);
  }
  return { names: [...costs.keys()], chosenFrom: `the import breakdown: top-level imports taking at least 5 % of INIT and 2 ms (INIT ${imports.initMs.toFixed(1)} ms, instrumented)`, costs };
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const ref = (file: string, exportName: string, shownFrom: string): FunctionRef => ({
  ref: `${path.relative(shownFrom, file).replace(/\.(mjs|cjs|js|py)$/, '')}.${exportName}`,
  file,
  exportName,
});

/**
 * Derives the variants of a `derive` scenario from its one handler and writes
 * their files into `outDir` (the user's files are only read): preload runs the
 * original; prewarmed wraps it with an answer to the keep-warm ping; lazy and
 * initializer run generated code (see node-lazy.ts, python-lazy.ts). Returns the scenario with its variants filled
 * in, ready for the normal runner, and the record for the report.
 */
export async function deriveScenario(scenario: Scenario, outDir: string, runDir: string, ctx: Context): Promise<{ scenario: Scenario; record: DerivationRecord }> {
  const request = scenario.derive;
  if (!request) throw new Error(`${scenario.name}: has no variants to derive`);
  const original = request.handler;
  const needsCode = request.variants.some((v) => v.strategy === 'lazy' || v.strategy === 'initializer');
  let decisions: LazyDecision[] = [];
  let notes: string[] = [];
  let chosenFrom = 'nothing to derive';
  let modules: DerivationRecord['modules'] = [];
  const files = new Map<string, string[]>();
  const variants: Variant[] = [];
  let lazyModules: string[] = [];

  if (scenario.runtime === 'node') {
    const format = nodeFormat(original.file);
    const source = readFileSync(original.file, 'utf8');
    let specifiers: string[];
    try {
      specifiers = moduleSpecifiers(source, format);
    } catch (error) {
      throw new ConfigError([`${original.file}: cannot be parsed as ${format === 'esm' ? 'an ES module' : 'CommonJS'}: ${(error as Error).message}; fix the syntax`]);
    }
    const resolved = await resolveSpecifiers(original.file, format, specifiers);
    const byDisplay = new Map<string, string>();
    for (const [spec, to] of resolved) byDisplay.set(displayModuleName(to.startsWith('file:') ? fileURLToPath(to) : to, scenario.dir), spec);
    const chosen = needsCode ? await chooseModules(scenario, request, ctx, (m) => byDisplay.get(m)) : undefined;
    const names = new Set(chosen?.names ?? []);
    const rewrite = rewriteNodeLazy({ source, format, originalUrl: pathToFileURL(original.file).href, originalPath: original.file, chosen: (s) => names.has(s), resolved });
    decisions = rewrite.decisions;
    notes = rewrite.notes;
    chosenFrom = chosen?.chosenFrom ?? chosenFrom;
    const shown = new Map([...byDisplay].map(([display, spec]) => [spec, display]));
    modules = [...names].map((m) => ({ module: m, ...(shown.has(m) ? { shownAs: shown.get(m)! } : {}), ...(chosen?.costs.has(m) ? { cumulativeMs: chosen.costs.get(m)! } : {}) }));
    for (const n of names) if (!decisions.some((d) => d.module === n)) notes.push(`\`${n}\` is not imported at the top level of ${path.basename(original.file)}; nothing to make lazy`);
    const ext = format === 'esm' ? '.mjs' : '.cjs';
    const copyName = path.basename(original.file).replace(/\.(mjs|cjs|js)$/, '') + ext;
    for (const v of request.variants) {
      if (v.strategy === 'prewarmed') {
        const entry = path.join(outDir, v.name, 'coldbench-prewarmed.mjs');
        write(entry, nodePrewarmWrapper({ originalFile: original.file, originalUrl: pathToFileURL(original.file).href, exportName: original.exportName, ping: scenario.prewarmEvent }));
        files.set(v.name, [entry]);
        variants.push({ name: v.name, strategy: v.strategy, handler: ref(entry, original.exportName, scenario.dir) });
      }
      if (v.strategy !== 'lazy' && v.strategy !== 'initializer') continue;
      const dir = path.join(outDir, v.name);
      const entry = path.join(dir, `coldbench-${v.strategy}${ext}`);
      write(path.join(dir, copyName), rewrite.code);
      write(entry, nodeWrapper({ originalFile: original.file, copyFile: copyName, format, exportName: original.exportName, strategy: v.strategy }));
      files.set(v.name, [path.join(dir, copyName), entry]);
      variants.push({ name: v.name, strategy: v.strategy, handler: ref(entry, original.exportName, scenario.dir), ...(v.strategy === 'initializer' ? { initializer: ref(entry, 'initializer', scenario.dir) } : {}) });
    }
  } else {
    const { interpreter } = ctx.runtimeFor(scenario);
    const analysed = await execa(interpreter, [PYTHON_IMPORTS, original.file], { reject: false, timeout: 30_000 });
    if (analysed.exitCode !== 0) throw new ConfigError([`${original.file}: Python cannot parse it: ${String(analysed.stderr).trim().split('\n').pop()}; fix the syntax`]);
    const analysis = JSON.parse(String(analysed.stdout)) as PythonModuleImports;
    const chosen = needsCode ? await chooseModules(scenario, request, ctx, (m) => topPackage(m)) : undefined;
    const names = new Set(chosen?.names ?? []);
    const plan = planPythonLazy(analysis, (m) => names.has(m));
    decisions = plan.decisions;
    lazyModules = plan.lazyModules;
    chosenFrom = chosen?.chosenFrom ?? chosenFrom;
    modules = [...names].map((m) => ({ module: m, shownAs: m, ...(chosen?.costs.has(m) ? { cumulativeMs: chosen.costs.get(m)! } : {}) }));
    for (const n of names) if (!decisions.some((d) => d.module === n || topPackage(d.module) === n)) notes.push(`\`${n}\` is not imported at the top level of ${path.basename(original.file)}; nothing to make lazy`);
    for (const v of request.variants) {
      if (v.strategy === 'prewarmed') {
        const dir = path.join(outDir, v.name);
        const file = path.join(dir, 'coldbench_prewarmed.py');
        write(file, pythonPrewarmWrapper({ originalFile: original.file, originalDir: scenario.dir, originalModule: moduleName(scenario.dir, original.file), exportName: original.exportName, ping: scenario.prewarmEvent }));
        files.set(v.name, [file]);
        variants.push({ name: v.name, strategy: v.strategy, root: dir, handler: ref(file, original.exportName, scenario.dir) });
      }
      if (v.strategy !== 'lazy' && v.strategy !== 'initializer') continue;
      const dir = path.join(outDir, v.name);
      const file = path.join(dir, `coldbench_${v.strategy}.py`);
      write(file, pythonWrapper({ originalFile: original.file, originalDir: scenario.dir, originalModule: moduleName(scenario.dir, original.file), exportName: original.exportName, lazyModules, initializer: v.strategy === 'initializer' }));
      files.set(v.name, [file]);
      variants.push({ name: v.name, strategy: v.strategy, root: dir, handler: ref(file, original.exportName, scenario.dir), ...(v.strategy === 'initializer' ? { initializer: ref(file, 'initializer', scenario.dir) } : {}) });
    }
  }
  // preload runs the handler as written.
  const ordered = request.variants.map((v) => variants.find((d) => d.name === v.name) ?? { name: v.name, strategy: v.strategy, handler: original });
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
    variants: request.variants.map((v) => ({ name: v.name, strategy: v.strategy, files: (files.get(v.name) ?? [original.file]).map(shown) })),
  };
  if (scenario.runtime === 'python') record.loadedByRequest = lazyModules; // refined by the equivalence check's probe
  write(path.join(outDir, 'derivation.json'), JSON.stringify(record, null, 2) + '\n');
  return { scenario: { ...scenario, variants: [...scenario.variants, ...ordered] }, record };
}
