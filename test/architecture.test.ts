import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'src');

/** Every .ts/.mjs file under a folder. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : /\.(ts|mts|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** The top-level folder of src/ a file is in ('' for src/ itself). */
const folderOf = (file: string) => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0]! : '';
};

/** Relative import specifiers of a module: static imports, re-exports, dynamic imports. */
export function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(
    /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm,
  )) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

/** Folder → folders it imports from, with one example file each. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of filesUnder(SRC)) {
    const from = folderOf(file);
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const to = folderOf(path.resolve(path.dirname(file), spec));
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${path.relative(SRC, file)} imports ${spec}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** One cycle per strongly connected group of folders, as a path a → b → … → a, or none. */
export function folderCycles(graph: Map<string, Map<string, string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('architecture', () => {
  it('finds a planted cycle (the check itself works)', () => {
    const g = new Map([
      ['a', new Map([['b', 'x']])],
      ['b', new Map([['c', 'y']])],
      ['c', new Map([['a', 'z']])],
    ]);
    expect(folderCycles(g)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      relativeImports("import type { A } from '../core/model.js';\nexport { b } from './b.js';\nconst m = await import('../x/y.js');"),
    ).toEqual(['../core/model.js', './b.js', '../x/y.js']);
  });

  it('no import cycle between the folders of src/', () => {
    const graph = folderGraph();
    const cycles = folderCycles(graph);
    const explain = cycles
      .map((c) => c.map((f, i) => (i + 1 < c.length ? `${f || 'src'} → (${graph.get(f)!.get(c[i + 1]!)})` : f || 'src')).join(' → '))
      .join('\n');
    expect(cycles, explain).toEqual([]);
  });

  it('src/core imports nothing but core, stats and the import model; targets and report never import the CLI', () => {
    const graph = folderGraph();
    expect([...(graph.get('core')?.keys() ?? [])].filter((f) => !['stats', 'imports'].includes(f))).toEqual([]);
    for (const folder of ['targets', 'report', 'run']) expect(graph.get(folder)?.has('cli') ?? false).toBe(false);
    expect(graph.get('run')?.has('targets') ?? false).toBe(false);
  });
});
