import { parse, type Node } from 'acorn';

/** An acorn node with its fields reachable by name (acorn's types do not index them). */
export type AnyNode = Node & { [key: string]: unknown; loc?: { start: { line: number } } };

export type ModuleFormat = 'esm' | 'cjs';

/** Parses a Node module with acorn, as Node would read it (ES module, or CommonJS inside its function wrapper). */
export function parseModule(source: string, format: ModuleFormat): AnyNode {
  return parse(source, {
    ecmaVersion: 'latest',
    sourceType: format === 'esm' ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: format === 'cjs',
    locations: true,
  }) as unknown as AnyNode;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

const isNode = (value: unknown): value is AnyNode =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

/**
 * Visits every node once, depth first. `deferred` is true inside code that
 * does not run while the module is evaluated: function parameters and bodies,
 * and instance field initializers (static fields and static blocks run at once).
 */
export function walk(
  node: AnyNode,
  visit: (node: AnyNode, parent: AnyNode | undefined, key: string, deferred: boolean) => void,
  parent?: AnyNode,
  key = '',
  deferred = false,
): void {
  visit(node, parent, key, deferred);
  for (const [k, value] of Object.entries(node)) {
    if (k === 'loc' || k === 'start' || k === 'end' || k === 'type') continue;
    const childDeferred =
      deferred ||
      (FUNCTIONS.has(node.type) && (k === 'params' || k === 'body')) ||
      (node.type === 'PropertyDefinition' && !node.static && k === 'value');
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, visit, node, k, childDeferred);
    } else if (isNode(value)) {
      walk(value, visit, node, k, childDeferred);
    }
  }
}

/** True when an Identifier node at `parent[key]` reads or writes a variable (not a property name, label or import/export name). */
export function isReference(parent: AnyNode | undefined, key: string): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return key !== 'property' || parent.computed === true;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return key !== 'key' || parent.computed === true;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
      return false;
    case 'ExportSpecifier':
      return key === 'local';
    case 'MetaProperty':
      return false;
    default:
      return true;
  }
}

/** Names a binding pattern declares (`a`, `{ a, b: c }`, `[d, ...e]`, defaults). */
export function patternNames(pattern: AnyNode): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name as string];
    case 'ObjectPattern':
      return (pattern.properties as AnyNode[]).flatMap((p) => patternNames((p.type === 'RestElement' ? p.argument : p.value) as AnyNode));
    case 'ArrayPattern':
      return (pattern.elements as (AnyNode | null)[]).flatMap((e) => (e ? patternNames(e) : []));
    case 'RestElement':
      return patternNames(pattern.argument as AnyNode);
    case 'AssignmentPattern':
      return patternNames(pattern.left as AnyNode);
    default:
      return [];
  }
}

/** The 1-based line of a node. */
export const lineOf = (node: AnyNode): number => node.loc?.start.line ?? 0;

/** A string literal's value, or undefined. */
export function stringValue(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0)
    return ((node.quasis as AnyNode[])[0]?.value as { cooked?: string })?.cooked ?? undefined;
  return undefined;
}

/** `require('x')` with a literal argument: its specifier. */
export function requireSpecifier(node: AnyNode | null | undefined): string | undefined {
  if (!node || node.type !== 'CallExpression') return undefined;
  const callee = node.callee as AnyNode;
  const args = node.arguments as AnyNode[];
  if (callee.type !== 'Identifier' || callee.name !== 'require' || args.length !== 1) return undefined;
  return stringValue(args[0]);
}

/** Where a node sits: the innermost function around it (undefined at module top level), and whether in its parameters. */
export interface FunctionPlace {
  fn: AnyNode | undefined;
  inParams: boolean;
  /** Inside an instance field initializer (runs at construction, not in any function's body). */
  inField: boolean;
}

/** Like walk(), with the innermost enclosing function of each node. */
export function walkPlaced(
  node: AnyNode,
  visit: (node: AnyNode, parent: AnyNode | undefined, key: string, place: FunctionPlace) => void,
  parent?: AnyNode,
  key = '',
  place: FunctionPlace = { fn: undefined, inParams: false, inField: false },
): void {
  visit(node, parent, key, place);
  for (const [k, value] of Object.entries(node)) {
    if (k === 'loc' || k === 'start' || k === 'end' || k === 'type') continue;
    let childPlace = place;
    if (FUNCTIONS.has(node.type) && (k === 'params' || k === 'body')) childPlace = { fn: node, inParams: k === 'params', inField: false };
    else if (node.type === 'PropertyDefinition' && k === 'value') childPlace = { fn: undefined, inParams: false, inField: !node.static };
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walkPlaced(item, visit, node, k, childPlace);
    } else if (isNode(value)) {
      walkPlaced(value, visit, node, k, childPlace);
    }
  }
}

/** Every name the program declares anywhere except by import (variables, parameters, functions, classes, catch clauses). */
export function declaredNames(program: AnyNode, skip: ReadonlySet<AnyNode> = new Set()): Set<string> {
  const names = new Set<string>();
  walk(program, (node) => {
    if (skip.has(node)) return;
    if (node.type === 'VariableDeclarator') for (const n of patternNames(node.id as AnyNode)) names.add(n);
    else if (FUNCTIONS.has(node.type)) {
      if (node.id) names.add((node.id as AnyNode).name as string);
      for (const p of node.params as AnyNode[]) for (const n of patternNames(p)) names.add(n);
    } else if ((node.type === 'ClassDeclaration' || node.type === 'ClassExpression') && node.id)
      names.add((node.id as AnyNode).name as string);
    else if (node.type === 'CatchClause' && node.param) for (const n of patternNames(node.param as AnyNode)) names.add(n);
  });
  return names;
}
