import type { LazyDecision } from './node-lazy.js';

/** One top-level import statement of a Python module, as python_imports.py reports it (from Python's ast). */
export interface PythonImport {
  kind: 'import' | 'from';
  /** `numpy`, `os.path`, `.sibling` (relative). */
  module: string;
  /** The local name it binds. */
  binding: string;
  /** For `from x import name`: the imported name. */
  name?: string;
  line: number;
}

export interface PythonModuleImports {
  imports: PythonImport[];
  /** Names module-level code reads (outside function bodies), with the first line. */
  topLevelNames: Record<string, number>;
}

/** The top-level package of a dotted module name. */
export const topPackage = (module: string): string => module.split('.')[0]!;

/**
 * Decides, per top-level import of a chosen module, whether the lazy finder
 * can defer it. Only `import x` / `import x as y` of a whole top-level module
 * can: the name is bound to a lazy module whose body runs on first attribute
 * access. `from x import y` reads an attribute of x while importing, so x
 * runs at once; `import x.y` needs x's `__path__`, which runs x; a binding
 * used at module top level runs it during INIT too. Such modules stay
 * eager (the finder leaves them alone). A module is chosen by its own name
 * or its top-level package's. Pure.
 */
export function planPythonLazy(analysis: PythonModuleImports, chosen: (module: string) => boolean): { decisions: LazyDecision[]; lazyModules: string[] } {
  const decisions: LazyDecision[] = [];
  for (const imp of analysis.imports) {
    if (imp.module.startsWith('.') || !(chosen(imp.module) || chosen(topPackage(imp.module)))) continue;
    const base = { module: imp.module, line: imp.line, bindings: [imp.binding] };
    const used = analysis.topLevelNames[imp.binding];
    if (imp.kind === 'from') {
      decisions.push({ ...base, lazy: false, why: `\`from ${imp.module} import ${imp.name}\` reads \`${imp.name}\` from the module while importing, which runs it; write \`import ${imp.module}\` and use \`${imp.module}.${imp.name}\` inside the handler to make it lazy` });
    } else if (imp.module.includes('.')) {
      decisions.push({ ...base, lazy: false, why: `\`import ${imp.module}\` imports a submodule, which runs the package \`${topPackage(imp.module)}\` first` });
    } else if (used !== undefined) {
      decisions.push({ ...base, lazy: false, why: `\`${imp.binding}\` is used at module top level (line ${used}), which runs before any request` });
    } else {
      decisions.push({ ...base, lazy: true });
    }
  }
  // A module imported eagerly anywhere in the file is not deferred anywhere.
  const eager = new Set(decisions.filter((d) => !d.lazy).map((d) => topPackage(d.module)));
  for (const d of decisions) {
    if (d.lazy && eager.has(d.module)) {
      d.lazy = false;
      d.why = `another import of \`${d.module}\` in this file runs it at load time`;
    }
  }
  const lazyModules = [...new Set(decisions.filter((d) => d.lazy).map((d) => d.module))];
  return { decisions, lazyModules };
}

const pyString = (s: string) => JSON.stringify(s); // a JSON string of printable text is a valid Python string literal

/**
 * The Python wrapper module of a derived lazy or initializer variant. The
 * bootstrap imports it from the derived folder; it points `sys.path[0]` back
 * at the original folder, installs a meta-path finder that loads the chosen
 * modules through `importlib.util.LazyLoader` (their body runs on first
 * attribute access), then imports the original module unchanged. With
 * `initializer`, an `initializer(context)` hook runs those lazy modules
 * before the first request.
 */
export function pythonWrapper(input: { originalFile: string; originalDir: string; originalModule: string; exportName: string; lazyModules: string[]; initializer: boolean }): string {
  const lines = [
    `# Derived by coldbench from ${input.originalFile} (the original is not modified).`,
    '# The modules below are loaded lazily: importing them binds a module object whose',
    '# body runs on first attribute access (importlib.util.LazyLoader).',
    'import sys',
    'import importlib.util',
    '',
    `sys.path[0] = ${pyString(input.originalDir)}  # the bootstrap put the derived folder here; the handler imports from its own`,
    `_LAZY = frozenset([${input.lazyModules.map(pyString).join(', ')}])`,
    '',
    '',
    'class _ColdbenchLazyFinder:',
    '    """Finds the chosen modules with the other finders and defers their execution."""',
    '',
    '    @classmethod',
    '    def find_spec(cls, name, path=None, target=None):',
    '        if name not in _LAZY:',
    '            return None',
    '        for finder in sys.meta_path:',
    '            if finder is cls or not hasattr(finder, "find_spec"):',
    '                continue',
    '            spec = finder.find_spec(name, path, target)',
    '            if spec is not None:',
    '                break',
    '        else:',
    '            return None',
    '        loader = spec.loader',
    '        # LazyLoader needs a loader that lets the import system create the module (source or bytecode files);',
    '        # extension modules and namespace packages load as usual.',
    '        if loader is not None and hasattr(loader, "exec_module") and loader.create_module(spec) is None:',
    '            spec.loader = importlib.util.LazyLoader(loader)',
    '        return spec',
    '',
    '',
    'sys.meta_path.insert(0, _ColdbenchLazyFinder)',
    '',
    `from ${input.originalModule} import ${input.exportName}  # noqa: E402  the unchanged handler`,
    '',
    '# Lazy modules that another import already ran during INIT (for example a helper module that says',
    '# `from numpy import array`): deferred in name only. coldbench reports them.',
    '_RAN_AT_INIT = sorted(n for n in _LAZY if n in sys.modules and type(sys.modules[n]) is not importlib.util._LazyModule)',
    '',
    '',
    'def _coldbench_probe(event, context):',
    '    # Used by coldbench once before sampling, never measured: the response, and which lazy modules it ran.',
    `    body = ${input.exportName}(event, context)`,
    '    loaded = sorted(n for n in _LAZY if n in sys.modules and type(sys.modules[n]) is not importlib.util._LazyModule)',
    '    return {"body": body, "loaded": [n for n in loaded if n not in _RAN_AT_INIT], "ranAtInit": _RAN_AT_INIT}',
  ];
  if (input.initializer) {
    lines.push(
      '',
      '',
      'def initializer(context):',
      '    """Runs the lazy modules now, before the first request (any attribute access runs a lazy module)."""',
      '    for name in sorted(_LAZY):',
      '        module = sys.modules.get(name) or importlib.import_module(name)',
      '        module.__dict__',
    );
  }
  return lines.join('\n') + '\n';
}
