# Derived by coldbench from '/work/wt/derive/examples/fastapi-py/app.py' (the original is not modified): the prewarmed variant,
# the handler as written plus an answer to the keep-warm ping.
import sys

sys.path[0] = '/work/wt/derive/examples/fastapi-py'
_PING = {'coldbench': 'prewarm'}
_AHEAD = ()  # imported by the original's first request; the ping imports them
_MODULE = 'app'
_EXPORT = 'handler'
__import__(_MODULE)
_handler = getattr(sys.modules[_MODULE], _EXPORT)  # the unchanged handler


def _coldbench_prewarmed(event, context):
    if isinstance(event, dict) and event.get('coldbench') == 'prewarm':
        for name in _AHEAD:
            try:
                __import__(name)
            except ImportError:
                pass  # the request path will meet the same error where the handler imports it
        return {'warm': True}
    return _handler(event, context)


globals()[_EXPORT] = _coldbench_prewarmed
