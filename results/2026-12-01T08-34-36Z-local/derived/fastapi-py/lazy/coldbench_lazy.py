# Derived by coldbench from '/work/wt/derive/examples/fastapi-py/app.py' (the original is not modified).
# The modules in _LAZY are deferred: importing one binds a module object whose body runs
# on the first access of a name it does not have yet (see _ColdbenchLazyLoader).
import sys
from _thread import RLock  # built in, already loaded at start-up: costs nothing

sys.path[0] = '/work/wt/derive/examples/fastapi-py'  # the bootstrap put the derived folder here; the handler imports from its own
_LOCK = RLock()
_LAZY = frozenset(['pandas'])


def _pending(module):
    """True while a deferred module's body has not run."""
    return getattr(module.__dict__.get('__getattr__'), '_coldbench_pending', False)


class _ColdbenchLazyLoader:
    """Wraps a loader: the module object is made at import, its body runs on first use."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        loader = self.loader
        spec = module.__spec__
        namespace = module.__dict__
        path = namespace.pop('__path__', None)  # `import pkg.sub` reads it, which runs pkg first, as an eager import would

        state = [0]  # 0: not run, 1: running, 2: ran (or failed)

        def __getattr__(name):
            # Stays in place while the body runs, so that another thread waits here for it to finish.
            with _LOCK:
                if state[0] == 0:
                    state[0] = 1
                    if path is not None:
                        namespace['__path__'] = path
                    spec.loader = namespace['__loader__'] = loader
                    try:
                        loader.exec_module(module)
                    except BaseException:
                        sys.modules.pop(spec.name, None)
                        raise
                    finally:
                        state[0] = 2
                        if namespace.get('__getattr__') is __getattr__:
                            del namespace['__getattr__']
                elif state[0] == 1:  # the body itself (or a module it imports) asks for a name it has not set yet
                    raise AttributeError('partially initialized module %r has no attribute %r' % (spec.name, name))
            return getattr(module, name)

        __getattr__._coldbench_pending = True
        namespace['__getattr__'] = __getattr__


class _ColdbenchLazyFinder:
    """Finds the chosen modules with the other finders and defers their execution."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name not in _LAZY:
            return None
        for finder in sys.meta_path:
            if finder is cls or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        # Only a loader that lets the import system create the module (source or bytecode files) can be
        # deferred; extension modules and namespace packages load as usual.
        if loader is not None and hasattr(loader, 'exec_module') and loader.create_module(spec) is None:
            spec.loader = _ColdbenchLazyLoader(loader)
        return spec


sys.meta_path.insert(0, _ColdbenchLazyFinder)

_MODULE = 'app'
_EXPORT = 'handler'
__import__(_MODULE)
_handler = getattr(sys.modules[_MODULE], _EXPORT)  # the unchanged handler
globals()[_EXPORT] = _handler

# Lazy modules that another import already ran during INIT (for example a helper module that says
# `from numpy import array`): deferred in name only. coldbench reports them.
_RAN_AT_INIT = sorted(n for n in _LAZY if n in sys.modules and not _pending(sys.modules[n]))


def _coldbench_probe(event, context):
    # Used by coldbench once before sampling, never measured: the response, and which lazy modules it ran.
    body = _handler(event, context)
    loaded = sorted(n for n in _LAZY if n in sys.modules and not _pending(sys.modules[n]))
    return {'body': body, 'loaded': [n for n in loaded if n not in _RAN_AT_INIT], 'ranAtInit': _RAN_AT_INIT}
