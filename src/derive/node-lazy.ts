import type { LazyDecision } from '../core/derivation.js';
import MagicString from 'magic-string';
import { jsString } from './literals.js';
import {
  declaredNames,
  isReference,
  lineOf,
  parseModule,
  patternNames,
  requireSpecifier,
  stringValue,
  walk,
  walkPlaced,
  type AnyNode,
  type FunctionPlace,
  type ModuleFormat,
} from './js-ast.js';

export interface NodeRewrite {
  /** The derived module: chosen imports loaded by `__coldbench_ensure()`, specifiers pointing at the originals. */
  code: string;
  decisions: LazyDecision[];
  /** Things in the file that the derived copy cannot reproduce exactly, for the report. */
  notes: string[];
}

export interface NodeRewriteInput {
  source: string;
  format: ModuleFormat;
  /** file: URL of the original module (import.meta.url of the copy is set to it). */
  originalUrl: string;
  /** Absolute path of the original module (__filename of the copy). */
  originalPath: string;
  /** Is this specifier one of the modules to load lazily? */
  chosen: (specifier: string) => boolean;
  /** Specifier → what the copy imports instead (ESM: an absolute file: URL; CommonJS: an absolute path). Builtins are absent. */
  resolved: ReadonlyMap<string, string>;
}

/** The name of the function a lazy copy exports to load its lazy modules (once; later calls return at once). */
export const ENSURE = '__coldbench_ensure';
/** The name of the function a lazy copy exports to load every lazy module now (the initializer variant calls it during INIT). */
export const PRELOAD = '__coldbench_preload';

/** Every literal module specifier in a file (static and dynamic imports, re-exports, require calls), to be resolved before rewriting. */
export function moduleSpecifiers(source: string, format: ModuleFormat): string[] {
  const found = new Set<string>();
  walk(parseModule(source, format), (node) => {
    const spec =
      node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || (node.type === 'ExportNamedDeclaration' && node.source)
        ? stringValue(node.source)
        : node.type === 'ImportExpression'
          ? stringValue(node.source)
          : format === 'cjs'
            ? requireSpecifier(node)
            : undefined;
    if (spec !== undefined) found.add(spec);
  });
  return [...found];
}

type TopUse = { line: number; reexport: boolean };

/** Top-level (evaluated while the module loads) references per name; `skip` holds declaration identifiers to ignore. */
function topLevelUses(program: AnyNode, skip: ReadonlySet<AnyNode>): Map<string, TopUse> {
  const uses = new Map<string, TopUse>();
  walk(program, (node, parent, key, deferred) => {
    if (deferred || node.type !== 'Identifier' || skip.has(node) || !isReference(parent, key)) return;
    if (parent?.type === 'VariableDeclarator' && key === 'id') return;
    const name = node.name as string;
    if (!uses.has(name)) uses.set(name, { line: lineOf(node), reexport: parent?.type === 'ExportSpecifier' });
  });
  return uses;
}

function identifiersIn(node: AnyNode): Set<AnyNode> {
  const ids = new Set<AnyNode>();
  walk(node, (n) => void (n.type === 'Identifier' && ids.add(n)));
  return ids;
}

function topLevelReason(bindings: string[], uses: Map<string, TopUse>): string | undefined {
  for (const b of bindings) {
    const use = uses.get(b);
    if (!use) continue;
    return use.reexport
      ? `\`${b}\` is re-exported (line ${use.line}): the module's exports need it when it loads`
      : `\`${b}\` is used at module top level (line ${use.line}), which runs before any request`;
  }
  return undefined;
}

/** Replaces literal specifiers with their resolved form, import.meta.url/filename/dirname and __filename/__dirname with the original's. */
function pointAtOriginals(program: AnyNode, s: MagicString, input: NodeRewriteInput, notes: string[], replaced: readonly AnyNode[]): void {
  const dir = input.originalPath.replace(/\/[^/]*$/, '');
  const replaceLiteral = (literal: unknown) => {
    const spec = stringValue(literal);
    const to = spec === undefined ? undefined : input.resolved.get(spec);
    if (to !== undefined) s.overwrite((literal as AnyNode).start, (literal as AnyNode).end, jsString(to));
  };
  walk(program, (node, parent, key) => {
    if (replaced.some((r) => node.start >= r.start && node.end <= r.end)) return;
    if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') {
      if (node.source) replaceLiteral(node.source);
    } else if (node.type === 'ImportExpression') {
      if (stringValue(node.source) !== undefined) replaceLiteral(node.source);
      else
        notes.push(
          `line ${lineOf(node)}: a dynamic import() of a computed specifier resolves relative to the derived copy, not the original file`,
        );
    } else if (
      input.format === 'cjs' &&
      node.type === 'CallExpression' &&
      (node.callee as AnyNode).type === 'Identifier' &&
      (node.callee as AnyNode).name === 'require'
    ) {
      const arg = (node.arguments as AnyNode[])[0];
      if (stringValue(arg) !== undefined) replaceLiteral(arg);
      else
        notes.push(`line ${lineOf(node)}: require() of a computed specifier resolves relative to the derived copy, not the original file`);
    } else if (node.type === 'MemberExpression' && (node.object as AnyNode).type === 'MetaProperty' && !node.computed) {
      const prop = (node.property as AnyNode).name as string;
      const value = prop === 'url' ? input.originalUrl : prop === 'filename' ? input.originalPath : prop === 'dirname' ? dir : undefined;
      if (value !== undefined) s.overwrite(node.start, node.end, jsString(value));
      else if (prop === 'resolve')
        notes.push(`line ${lineOf(node)}: import.meta.resolve() resolves relative to the derived copy, not the original file`);
    } else if (
      input.format === 'cjs' &&
      node.type === 'Identifier' &&
      (node.name === '__filename' || node.name === '__dirname') &&
      isReference(parent, key)
    ) {
      s.overwrite(node.start, node.end, jsString(node.name === '__filename' ? input.originalPath : dir));
    }
  });
}

type Use = { node: AnyNode; parent: AnyNode | undefined; key: string; place: FunctionPlace };

/** Deferred references to each name (inside functions or instance fields), with where they sit. */
function deferredUses(program: AnyNode, names: ReadonlySet<string>, skip: ReadonlySet<AnyNode>): Map<string, Use[]> {
  const uses = new Map<string, Use[]>();
  walkPlaced(program, (node, parent, key, place) => {
    if (node.type !== 'Identifier' || skip.has(node) || !names.has(node.name as string) || !isReference(parent, key)) return;
    if (!place.fn && !place.inField) return;
    if (parent?.type === 'VariableDeclarator' && key === 'id') return;
    const list = uses.get(node.name as string) ?? [];
    list.push({ node, parent, key, place });
    uses.set(node.name as string, list);
  });
  return uses;
}

/**
 * Replaces one use of a binding with an expression; a shorthand property `{ x }`
 * becomes `{ x: expr }`, and a called binding keeps `this` undefined (`(0, expr)(…)`), as a plain call of the import would.
 */
function replaceUse(s: MagicString, use: Use, expression: string, member: boolean): void {
  const name = use.node.name as string;
  const called =
    member &&
    ((use.parent?.type === 'CallExpression' && use.key === 'callee') ||
      (use.parent?.type === 'TaggedTemplateExpression' && use.key === 'tag'));
  const text = called ? `(0, ${expression})` : expression;
  if (use.parent?.type === 'Property' && use.parent.shorthand === true) s.overwrite(use.node.start, use.node.end, `${name}: ${text}`);
  else s.overwrite(use.node.start, use.node.end, text);
}

/**
 * Derives the lazy copy of a Node module. Each top-level static import (ESM)
 * or top-level `const x = require(...)` (CommonJS) of a chosen module is
 * removed and loaded where it is used: ESM uses inside async functions become
 * `(await load())[name]` (a dynamic import, started once, cached after);
 * CommonJS uses become a call of a loader that requires the module once. Where
 * a use cannot be written that way (an ESM use in a non-async function, a local
 * variable of the same name), the bindings become module-level `let`s that
 * the exported `__coldbench_ensure()` fills before the handler runs, on the
 * first request. An import is left alone, with the reason, where deferring
 * would change meaning: a side-effect import, a binding used at module top
 * level or re-exported, a re-export, import attributes. Pure.
 */
export function rewriteNodeLazy(input: NodeRewriteInput): NodeRewrite {
  const program = parseModule(input.source, input.format);
  const s = new MagicString(input.source);
  const decisions: LazyDecision[] = [];
  const notes: string[] = [];
  const lets: string[] = [];
  const loaders: string[] = [];
  const loads: string[] = [];
  const body = program.body as AnyNode[];
  const replaced: AnyNode[] = [];
  const target = (spec: string) => jsString(input.resolved.get(spec) ?? spec);

  if (input.format === 'esm') {
    const uses = topLevelUses(program, new Set());
    const declared = declaredNames(program);
    const imports = body.filter((n) => n.type === 'ImportDeclaration');
    const allBindings = new Set(imports.flatMap((n) => (n.specifiers as AnyNode[]).map((sp) => (sp.local as AnyNode).name as string)));
    const deferred = deferredUses(program, allBindings, new Set());
    for (const node of body) {
      const spec = stringValue(node.source);
      if (spec === undefined || !input.chosen(spec)) continue;
      if (node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') {
        decisions.push({
          module: spec,
          line: lineOf(node),
          lazy: false,
          bindings: [],
          why: "re-export (export … from): the module's exports need it when it loads",
        });
        continue;
      }
      if (node.type !== 'ImportDeclaration') continue;
      const specifiers = node.specifiers as AnyNode[];
      const bindings = specifiers.map((sp) => (sp.local as AnyNode).name as string);
      const why =
        specifiers.length === 0
          ? 'side-effect import (no bindings): it runs for its effects at load time'
          : (node.attributes as unknown[] | undefined)?.length
            ? 'import with attributes (with { … })'
            : topLevelReason(bindings, uses);
      if (why) {
        decisions.push({ module: spec, line: lineOf(node), lazy: false, bindings, why });
        continue;
      }
      const i = loaders.length + loads.length;
      const member = (sp: AnyNode) => {
        if (sp.type === 'ImportNamespaceSpecifier') return '';
        if (sp.type === 'ImportDefaultSpecifier') return '.default';
        const imported = sp.imported as AnyNode;
        return `[${jsString(imported.type === 'Identifier' ? (imported.name as string) : String(imported.value))}]`;
      };
      const sites = specifiers.flatMap((sp) => (deferred.get((sp.local as AnyNode).name as string) ?? []).map((use) => ({ use, sp })));
      const atUse =
        bindings.every((b) => !declared.has(b)) &&
        sites.every(({ use }) => use.place.fn?.async === true && !use.place.inParams && !use.place.inField);
      s.remove(node.start, node.end);
      replaced.push(node);
      if (atUse) {
        decisions.push({ module: spec, line: lineOf(node), lazy: true, how: 'at-use', bindings });
        const loader = `__coldbench_load${i}`;
        loaders.push(`let __coldbench_p${i};\nconst ${loader} = () => (__coldbench_p${i} ??= import(${target(spec)}));`);
        for (const { use, sp } of sites) replaceUse(s, use, `(await ${loader}())${member(sp)}`, member(sp) !== '');
      } else {
        decisions.push({ module: spec, line: lineOf(node), lazy: true, how: 'first-request', bindings });
        const ns = `__coldbench_m${i}`;
        lets.push(...bindings);
        loads.push(
          `  const ${ns} = await import(${target(spec)});\n  ${specifiers.map((sp) => `${(sp.local as AnyNode).name as string} = ${ns}${member(sp)};`).join(' ')}`,
        );
      }
    }
  } else {
    const declaredIds = new Set<AnyNode>();
    const candidates: { node: AnyNode; declarator: AnyNode; spec: string }[] = [];
    const handled = new Set<AnyNode>();
    for (const node of body) {
      if (node.type !== 'VariableDeclaration') continue;
      const decls = node.declarations as AnyNode[];
      const chosenDecls = decls.filter((d) => {
        const spec = requireSpecifier(d.init as AnyNode | null);
        return spec !== undefined && input.chosen(spec);
      });
      if (chosenDecls.length === 0) continue;
      for (const declarator of chosenDecls) {
        handled.add(declarator.init as AnyNode);
        walk(declarator.id as AnyNode, (n) => void (n.type === 'Identifier' && declaredIds.add(n)));
        candidates.push({ node, declarator, spec: requireSpecifier(declarator.init as AnyNode)! });
      }
    }
    const uses = topLevelUses(program, declaredIds);
    const declared = declaredNames(program, new Set(candidates.map((c) => c.declarator)));
    const deferred = deferredUses(program, new Set(candidates.flatMap((c) => patternNames(c.declarator.id as AnyNode))), declaredIds);
    walk(program, (node, parent, _key, isDeferred) => {
      const spec = requireSpecifier(node);
      if (isDeferred || spec === undefined || !input.chosen(spec) || handled.has(node)) return;
      const sideEffect = parent?.type === 'ExpressionStatement';
      decisions.push({
        module: spec,
        line: lineOf(node),
        lazy: false,
        bindings: [],
        why: sideEffect
          ? 'side-effect require (no bindings): it runs for its effects at load time'
          : 'required inside a larger expression at module top level (only `const x = require(…)` and destructuring are rewritten)',
      });
    });
    const lazyDeclarators = new Map<AnyNode, AnyNode[]>();
    for (const { node, declarator, spec } of candidates) {
      const id = declarator.id as AnyNode;
      const bindings = patternNames(id);
      const why = topLevelReason(bindings, uses);
      if (why) {
        decisions.push({ module: spec, line: lineOf(node), lazy: false, bindings, why });
        continue;
      }
      const i = loaders.length + loads.length;
      // `x` or `{ a, b: c }`: each use can read the module through the loader.
      const simple =
        id.type === 'Identifier' ||
        (id.type === 'ObjectPattern' &&
          (id.properties as AnyNode[]).every(
            (p) =>
              p.type === 'Property' &&
              !p.computed &&
              (p.value as AnyNode).type === 'Identifier' &&
              (p.key as AnyNode).type === 'Identifier',
          ));
      const atUse = simple && bindings.every((b) => !declared.has(b));
      lazyDeclarators.set(node, [...(lazyDeclarators.get(node) ?? []), declarator]);
      if (atUse) {
        decisions.push({ module: spec, line: lineOf(node), lazy: true, how: 'at-use', bindings });
        const loader = `__coldbench_load${i}`;
        loaders.push(`let __coldbench_m${i};\nconst ${loader} = () => (__coldbench_m${i} ??= require(${target(spec)}));`);
        const memberOf = new Map<string, string>(
          id.type === 'Identifier'
            ? [[id.name as string, '']]
            : (id.properties as AnyNode[]).map((p) => [(p.value as AnyNode).name as string, `.${(p.key as AnyNode).name as string}`]),
        );
        for (const b of bindings)
          for (const use of deferred.get(b) ?? []) replaceUse(s, use, `${loader}()${memberOf.get(b)}`, memberOf.get(b) !== '');
      } else {
        decisions.push({ module: spec, line: lineOf(node), lazy: true, how: 'first-request', bindings });
        lets.push(...bindings);
        const pattern = input.source.slice(id.start, id.end);
        loads.push(id.type === 'Identifier' ? `  ${pattern} = require(${target(spec)});` : `  (${pattern} = require(${target(spec)}));`);
      }
    }
    // `const a = require('a'), b = require('b'), c = 1;`: the lazy declarators leave the list, the rest stays one statement.
    for (const [statement, gone] of lazyDeclarators) {
      const decls = statement.declarations as AnyNode[];
      if (gone.length === decls.length) {
        s.remove(statement.start, statement.end);
        replaced.push(statement);
        continue;
      }
      const lastKept = decls.filter((d) => !gone.includes(d)).pop()!;
      for (const d of gone) {
        const next = decls[decls.indexOf(d) + 1];
        // Up to the next declarator (its comma with it), or, for the last one, from the end of the last one kept.
        if (next) s.remove(d.start, next.start);
        else s.remove(lastKept.end, d.end);
        replaced.push(d);
      }
    }
  }
  decisions.sort((a, b) => a.line - b.line);

  pointAtOriginals(program, s, input, notes, replaced);
  const header = `// Derived by coldbench from ${jsString(input.originalPath)}: the lazy copy (see the report). The original is not modified.\n`;
  const declarations = [...loaders, ...(lets.length > 0 ? [`${input.format === 'esm' ? 'let' : 'var'} ${lets.join(', ')};`] : [])]
    .map((l) => l + '\n')
    .join('');
  // After a hashbang and the directive prologue ('use strict'), which must stay first.
  const directives = body.filter((n, i) =>
    body.slice(0, i + 1).every((d) => d.type === 'ExpressionStatement' && typeof d.directive === 'string'),
  );
  const at =
    directives.length > 0 ? directives[directives.length - 1]!.end : input.source.startsWith('#!') ? input.source.indexOf('\n') + 1 : 0;
  s.appendLeft(at, (at > 0 && directives.length > 0 ? '\n' : '') + header + declarations);
  const loaderNames = loaders.map((l) => /const (__coldbench_load\d+)/.exec(l)![1]!);
  if (input.format === 'esm') {
    const ensure =
      loads.length > 0 ? `  return (__coldbench_loading ??= (async () => {\n${loads.join('\n')}\n  })());` : '  return undefined;';
    s.append(
      `\n\n// coldbench: loads, on the first request, the lazy modules that cannot be loaded where used.\nlet __coldbench_loading;\nexport function ${ENSURE}() {\n${ensure}\n}\n\n// coldbench: loads every lazy module now (the initializer variant).\nexport async function ${PRELOAD}() {\n${loaderNames.map((n) => `  await ${n}();\n`).join('')}  await ${ENSURE}();\n}\n`,
    );
  } else {
    const ensure =
      loads.length > 0 ? `  if (__coldbench_loaded) return;\n  __coldbench_loaded = true;\n${loads.join('\n')}` : '  return undefined;';
    s.append(
      `\n\n// coldbench: loads, on the first request, the lazy modules that cannot be loaded where used.\nlet __coldbench_loaded = false;\nfunction ${ENSURE}() {\n${ensure}\n}\nmodule.exports.${ENSURE} = ${ENSURE};\n\n// coldbench: loads every lazy module now (the initializer variant).\nmodule.exports.${PRELOAD} = function ${PRELOAD}() {\n${loaderNames.map((n) => `  ${n}();\n`).join('')}  ${ENSURE}();\n};\n`,
    );
  }
  return { code: s.toString(), decisions, notes };
}

export type { LazyDecision };
