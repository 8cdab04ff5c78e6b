import type { LazyDecision } from './node-lazy.js';
import { pyString } from './literals.js';

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
export function planPythonLazy(
  analysis: PythonModuleImports,
  chosen: (module: string) => boolean,
): { decisions: LazyDecision[]; lazyModules: string[] } {
  const decisions: LazyDecision[] = [];
  for (const imp of analysis.imports) {
    if (imp.module.startsWith('.') || !(chosen(imp.module) || chosen(topPackage(imp.module)))) continue;
    const base = { module: imp.module, line: imp.line, bindings: [imp.binding] };
    const used = analysis.topLevelNames[imp.binding];
    if (imp.kind === 'from') {
      // `from x import a, b`: one decision for the statement.
      const same = decisions.find((d) => d.module === imp.module && d.line === imp.line && d.why?.startsWith('`from '));
      const names = [
        ...(same ? same.bindings.map((b) => analysis.imports.find((i) => i.line === imp.line && i.binding === b)?.name ?? b) : []),
        imp.name,
      ];
      const why = `\`from ${imp.module} import ${names.join(', ')}\` reads ${names.map((n) => `\`${n}\``).join(', ')} from the module while importing, which runs it; write \`import ${imp.module}\` and use \`${imp.module}.${names[0]}\` inside the handler to make it lazy`;
      if (same) {
        same.bindings.push(imp.binding);
        same.why = why;
      } else decisions.push({ ...base, lazy: false, why });
    } else if (imp.module.includes('.')) {
      decisions.push({
        ...base,
        lazy: false,
        why: `\`import ${imp.module}\` imports a submodule, which runs the package \`${topPackage(imp.module)}\` first`,
      });
    } else if (used !== undefined) {
      decisions.push({
        ...base,
        lazy: false,
        why: `\`${imp.binding}\` is used at module top level (line ${used}), which runs before any request`,
      });
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

/** Python: `import MODULE` by its escaped name, and the export read with getattr (any name). */
export function pythonImportOriginal(originalModule: string, exportName: string): string[] {
  return [
    `_MODULE = ${pyString(originalModule)}`,
    `_EXPORT = ${pyString(exportName)}`,
    '__import__(_MODULE)',
    '_handler = getattr(sys.modules[_MODULE], _EXPORT)  # the unchanged handler',
  ];
}

/**
 * The Python wrapper module of a derived lazy or initializer variant. The
 * bootstrap imports it from the derived folder; it points `sys.path[0]` back
 * at the original folder, installs a meta-path finder that defers the chosen
 * modules, then imports the original module unchanged and exports its handler
 * under the same name.
 *
 * Deferring: the finder finds a chosen module with the other finders and wraps
 * its loader, whose `exec_module` leaves the new module object empty except for
 * the import system's attributes (`__name__`, `__file__`, `__spec__`) and a
 * module `__getattr__` (PEP 562): the first access of any other name (a
 * function, `__path__` when a submodule is imported, `__version__`) runs the
 * module's body in that same object (under a lock, so that a second thread
 * waits for it), removes the hook, then answers. This is
 * what `importlib.util.LazyLoader` does, without importing `importlib.util`,
 * which costs 3–5 ms (it imports contextlib, collections, functools) at every
 * cold start of the lazy variant; a hand-written lazy handler pays nothing like
 * it. Extension modules and namespace packages load as usual. With
 * `initializer`, an `initializer(context)` hook runs the lazy modules, then
 * imports `ahead` (the modules the original imports during its first request),
 * before the first request. Every outside value is written with pyString. Pure.
 */
export function pythonWrapper(input: {
  originalFile: string;
  originalDir: string;
  originalModule: string;
  exportName: string;
  lazyModules: string[];
  initializer: boolean;
  ahead?: readonly string[];
}): string {
  const ahead = input.ahead ?? [];
  const lines = [
    `# Derived by coldbench from ${pyString(input.originalFile)} (the original is not modified).`,
    '# The modules in _LAZY are deferred: importing one binds a module object whose body runs',
    '# on the first access of a name it does not have yet (see _ColdbenchLazyLoader).',
    'import sys',
    'from _thread import RLock  # built in, already loaded at start-up: costs nothing',
    '',
    `sys.path[0] = ${pyString(input.originalDir)}  # the bootstrap put the derived folder here; the handler imports from its own`,
    '_LOCK = RLock()',
    `_LAZY = frozenset([${input.lazyModules.map(pyString).join(', ')}])`,
    '',
    '',
    'def _pending(module):',
    '    """True while a deferred module\'s body has not run."""',
    "    return getattr(module.__dict__.get('__getattr__'), '_coldbench_pending', False)",
    '',
    '',
    'class _ColdbenchLazyLoader:',
    '    """Wraps a loader: the module object is made at import, its body runs on first use."""',
    '',
    '    def __init__(self, loader):',
    '        self.loader = loader',
    '',
    '    def create_module(self, spec):',
    '        return None',
    '',
    '    def exec_module(self, module):',
    '        loader = self.loader',
    '        spec = module.__spec__',
    '        namespace = module.__dict__',
    "        path = namespace.pop('__path__', None)  # `import pkg.sub` reads it, which runs pkg first, as an eager import would",
    '',
    '        state = [0]  # 0: not run, 1: running, 2: ran (or failed)',
    '',
    '        def __getattr__(name):',
    '            # Stays in place while the body runs, so that another thread waits here for it to finish.',
    '            with _LOCK:',
    '                if state[0] == 0:',
    '                    state[0] = 1',
    '                    if path is not None:',
    "                        namespace['__path__'] = path",
    "                    spec.loader = namespace['__loader__'] = loader",
    '                    try:',
    '                        loader.exec_module(module)',
    '                    except BaseException:',
    '                        sys.modules.pop(spec.name, None)',
    '                        raise',
    '                    finally:',
    '                        state[0] = 2',
    "                        if namespace.get('__getattr__') is __getattr__:",
    "                            del namespace['__getattr__']",
    '                elif state[0] == 1:  # the body itself (or a module it imports) asks for a name it has not set yet',
    "                    raise AttributeError('partially initialized module %r has no attribute %r' % (spec.name, name))",
    '            return getattr(module, name)',
    '',
    '        __getattr__._coldbench_pending = True',
    "        namespace['__getattr__'] = __getattr__",
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
    "            if finder is cls or not hasattr(finder, 'find_spec'):",
    '                continue',
    '            spec = finder.find_spec(name, path, target)',
    '            if spec is not None:',
    '                break',
    '        else:',
    '            return None',
    '        loader = spec.loader',
    '        # Only a loader that lets the import system create the module (source or bytecode files) can be',
    '        # deferred; extension modules and namespace packages load as usual.',
    "        if loader is not None and hasattr(loader, 'exec_module') and loader.create_module(spec) is None:",
    '            spec.loader = _ColdbenchLazyLoader(loader)',
    '        return spec',
    '',
    '',
    'sys.meta_path.insert(0, _ColdbenchLazyFinder)',
    '',
    ...pythonImportOriginal(input.originalModule, input.exportName),
    'globals()[_EXPORT] = _handler',
    '',
    '# Lazy modules that another import already ran during INIT (for example a helper module that says',
    '# `from numpy import array`): deferred in name only. coldbench reports them.',
    '_RAN_AT_INIT = sorted(n for n in _LAZY if n in sys.modules and not _pending(sys.modules[n]))',
    '',
    '',
    'def _coldbench_probe(event, context):',
    '    # Used by coldbench once before sampling, never measured: the response, and which lazy modules it ran.',
    '    body = _handler(event, context)',
    '    loaded = sorted(n for n in _LAZY if n in sys.modules and not _pending(sys.modules[n]))',
    "    return {'body': body, 'loaded': [n for n in loaded if n not in _RAN_AT_INIT], 'ranAtInit': _RAN_AT_INIT}",
  ];
  if (input.initializer) {
    lines.push(
      '',
      '',
      `_AHEAD = (${ahead.map((m) => `${pyString(m)}, `).join('')})  # imported by the original's first request`,
      '',
      '',
      'def initializer(context):',
      '    """Runs the lazy modules now, then imports what the first request would, before the first request."""',
      '    for name in sorted(_LAZY):',
      '        module = sys.modules.get(name) or __import__(name)',
      '        if _pending(module):',
      "            module.__dict__['__getattr__']('__name__')",
      '    for name in _AHEAD:',
      '        try:',
      '            __import__(name)',
      '        except ImportError:',
      '            pass  # the request path will meet the same error where the handler imports it',
    );
  }
  return lines.join('\n') + '\n';
}
