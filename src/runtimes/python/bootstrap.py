# coldbench's Python bootstrap: one process is one environment. Kept lean on
# purpose, because everything here is added to every cold start coldbench
# measures: it imports nothing that `python3 -c pass` has not loaded already
# (os, sys and time come with interpreter start-up), reads requests without the
# json package and writes its messages with a small encoder of its own. The
# harness runs it from cached bytecode (see python-runtime.ts).
#
# argv: taskRoot handlerModule handlerFunction [initializerModule initializerFunction]
# fd 3: the channel (a socket pair): requests from the harness are read from it,
#       one JSON line each, EOF ends the environment; messages to the harness
#       (init, init-error, res, mem, after) are written to it, one JSON line each.
# stdout/stderr belong to the handler.
#
# Requests are JSON, decoded by CPython's own JSON scanner: the C code in _json
# that json.loads runs, without the json package's Python layers (those import
# re, enum and some 25 other modules, 6-8 ms, which would then be free for every
# handler that imports them lazily). Loading _json costs ~0.25 ms (measured), so
# it is loaded right after the first response is sent, outside every measured
# interval. The first request itself, inside the cold e2e, is decoded by the
# scanner too when it is long; a short one (under 256 bytes: fewer than 128
# levels deep, below eval's limit of 200, and ~20 us to read) is read with eval()
# over true, false and null and no builtins: the harness's JSON.stringify writes
# a subset of Python's literal syntax, and nothing else writes to the channel.
import os
import sys
from time import perf_counter, time_ns

import _thread  # loaded by every interpreter start already (importlib uses it)

_IMPORTTIME = bool(sys._xoptions.get('importtime'))  # the import-time breakdown run (-X importtime)
_ESCAPES = {i: '\\u%04x' % i for i in range(32)}
_ESCAPES.update({8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\'})
_INF = float('inf')
_LITERAL_NAMES = {'__builtins__': {}, 'true': True, 'false': False, 'null': None}
_SHORT_LINE = 256  # bytes: below this, the first request is read with eval (see above)
_decode = None  # the JSON decoder, once loaded
# A successful response, formatted: the harness's ids are ints, env is the bootstrap's own hex id, and
# repr() of a finite float is a JSON number.
_RESPONSE = '{"t":"res","id":%d,"env":"%s","served":%d,"invokeMs":%r,"ok":true,"body":%s}'
_count_threads = getattr(_thread, '_count', None)  # threads started through _thread (threading's too) that still run, the main one excluded
_encode_c = None  # CPython's C encoder (what json.dumps runs), once loaded: _encode's output in half its time (measured: 5 us instead of 10 us per response)


def _encode(value, out):
    """Appends the JSON text of value to out, as json.dumps would (and fails where it fails)."""
    if value is None:
        out.append('null')
    elif value is True:
        out.append('true')
    elif value is False:
        out.append('false')
    elif isinstance(value, str):
        out.append('"' + value.translate(_ESCAPES) + '"')
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        if value != value or value == _INF or value == -_INF:
            raise ValueError('Out of range float values are not JSON compliant: %r' % value)
        out.append(float.__repr__(value))
    elif isinstance(value, dict):
        out.append('{')
        first = True
        for key, item in value.items():
            if isinstance(key, str):
                pass
            elif key is None or isinstance(key, (bool, int, float)):
                key = _key_text(key)
            else:
                raise TypeError('keys must be str, int, float, bool or None, not %s' % type(key).__name__)
            if not first:
                out.append(',')
            first = False
            out.append('"' + key.translate(_ESCAPES) + '":')
            _encode(item, out)
        out.append('}')
    elif isinstance(value, (list, tuple)):
        out.append('[')
        for i, item in enumerate(value):
            if i:
                out.append(',')
            _encode(item, out)
        out.append(']')
    else:
        raise TypeError('Object of type %s is not JSON serializable' % type(value).__name__)


def _key_text(key):
    if key is None:
        return 'null'
    if key is True:
        return 'true'
    if key is False:
        return 'false'
    parts = []
    _encode(key, parts)
    return parts[0]


def _send_text(text):
    data = (text + '\n').encode('utf-8', 'backslashreplace')  # a lone surrogate becomes a JSON \\udXXX escape
    while data:
        data = data[os.write(3, data):]


def _send(message):
    if _encode_c is not None:
        _send_text(''.join(_encode_c(message, 0)))
        return
    parts = []
    _encode(message, parts)
    _send_text(''.join(parts))


def _send_after(request_id):
    """After a response is out: what the handler left running (threads other than the main one), if any; nothing is sent otherwise."""
    threads = _count_threads() if _count_threads is not None else 0
    if threads:
        _send_text('{"t":"after","id":%d,"pending":{"Thread":%d}}' % (request_id, threads))


def _not_serializable(value):
    raise TypeError('Object of type %s is not JSON serializable' % type(value).__name__)


def _describe(error):
    import traceback  # only on the error path: it costs ~15 ms to import

    # Start the traceback at the handler's code: the bootstrap's own frames say nothing to its author.
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None and tb.tb_frame.f_code.co_filename == _describe.__code__.co_filename:
        tb = tb.tb_next
    return ''.join(traceback.format_exception(type(error), error, tb)).rstrip()


def _max_rss_mb():
    """Peak resident memory (VmHWM), read from /proc: cheaper than importing resource."""
    try:
        fd = os.open('/proc/self/status', os.O_RDONLY)
        try:
            text = os.read(fd, 8192)
        finally:
            os.close(fd)
        at = text.find(b'VmHWM:')
        if at < 0:
            return None
        return int(text[at + 6:text.find(b'kB', at)]) / 1024
    except (OSError, ValueError):
        return None


class LambdaContext:
    """The context object a handler receives, with the attributes of AWS Lambda's."""

    _fixed = None  # the attributes that stay the same for the environment's life, read from its variables once

    def __init__(self, request_id, timeout_ms):
        fixed = LambdaContext._fixed
        if fixed is None:
            name = os.environ.get('AWS_LAMBDA_FUNCTION_NAME', 'coldbench')
            fixed = LambdaContext._fixed = (
                name,
                os.environ.get('AWS_LAMBDA_FUNCTION_VERSION', '$LATEST'),
                os.environ.get('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', ''),
                'arn:aws:lambda:%s:000000000000:function:%s' % (os.environ.get('AWS_REGION', 'local'), name),
                '/aws/lambda/' + name,
            )
        self.function_name, self.function_version, self.memory_limit_in_mb, self.invoked_function_arn, self.log_group_name = fixed
        self.aws_request_id = request_id
        self.log_stream_name = 'coldbench'
        self._deadline_ms = time_ns() // 1000000 + timeout_ms

    def get_remaining_time_in_millis(self):
        return self._deadline_ms - time_ns() // 1000000


def _load(module_name, function_name, field):
    __import__(module_name)
    function = getattr(sys.modules[module_name], function_name, None)
    if not callable(function):
        raise _MissingExport(field, '%s has no function "%s"' % (sys.modules[module_name].__file__, function_name))
    return function


class _MissingExport(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


class _ScanContext:
    """The settings json.loads gives the scanner: plain dicts, lists, str, int, float."""
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float  # NaN and Infinity, which the harness's JSON.stringify never writes
    memo = {}


def _load_decoder():
    """Sets _decode: the C scanner behind json.loads, else (an interpreter without _json) json.loads itself; and _encode_c where _json has its C encoder."""
    global _decode, _encode_c
    try:
        import _json
    except ImportError:
        import json
        _decode = json.loads
        return
    if getattr(_json, 'make_encoder', None) is not None:
        # As json.dumps(separators=(',', ':'), ensure_ascii=False, allow_nan=False) with our TypeError;
        # no circular-reference markers (a cycle ends in RecursionError, as with _encode).
        _encode_c = _json.make_encoder(None, _not_serializable, _json.encode_basestring, None, ':', ',', False, False, False)
    scan = _json.make_scanner(_ScanContext())

    def decode(text):
        try:
            value, end = scan(text, 0)
        except StopIteration as error:
            raise ValueError('the harness sent a request that is not JSON (at character %s)' % error.value) from None
        if end != len(text):
            raise ValueError('the harness sent a request with extra text after its JSON (at character %d)' % end)
        return value

    _decode = decode


def _requests(fd):
    """The requests on the channel, decoded, until EOF. A request that spans many reads is joined once (not re-copied per read)."""
    pending = b''
    while True:
        nl = pending.find(b'\n')
        if nl >= 0:
            line = pending[:nl]
            pending = pending[nl + 1:]
            if _decode is None:
                if nl < _SHORT_LINE:
                    yield eval(line.decode('utf-8'), _LITERAL_NAMES)
                    continue
                _load_decoder()
            yield _decode(line.decode('utf-8'))
            continue
        parts = [pending]
        while True:  # read until the line ends, and join its pieces once (a 5 MB event spans many reads)
            chunk = os.read(fd, 1 << 16 if len(parts) == 1 else 1 << 20)
            if not chunk:
                return
            parts.append(chunk)
            if chunk.find(b'\n') >= 0:
                break
        pending = b''.join(parts)


def main():
    args = sys.argv[1:]
    task_root, handler_module, handler_function = args[0], args[1], args[2]
    init_module, init_function = (args[3], args[4]) if len(args) >= 5 else (None, None)
    env = '%x-%x-%s' % (os.getpid(), time_ns() // 1000000, os.urandom(3).hex())
    timeout_ms = int(os.environ.get('COLDBENCH_TIMEOUT_MS', '10000'))
    sys.path[0] = task_root  # handlers import from the code folder, as from /var/task on Lambda

    if _IMPORTTIME:
        os.write(2, b'coldbench-importtime: init-start\n')
    init_start = perf_counter()
    try:
        handler = _load(handler_module, handler_function, 'handler')
        if init_module is not None:
            _load(init_module, init_function, 'initializer')(LambdaContext('init', timeout_ms))
    except _MissingExport as error:
        _send({'t': 'init-error', 'env': env, 'code': 'export', 'field': error.field, 'error': str(error)})
        return 1
    except Exception as error:
        _send({'t': 'init-error', 'env': env, 'code': 'error', 'error': _describe(error)})
        return 1
    init_ms = (perf_counter() - init_start) * 1000
    if _IMPORTTIME:
        os.write(2, b'coldbench-importtime: init-end\n')
    _send({'t': 'init', 'env': env, 'initMs': init_ms})

    served = 0
    for request in _requests(3):
        served += 1
        start = perf_counter()
        try:
            body = handler(request['event'], LambdaContext(str(request['id']), timeout_ms))
            ok = True
        except Exception as error:
            ok = False
            body = error
        invoke_ms = (perf_counter() - start) * 1000
        body_text = None
        if ok and _encode_c is not None:
            # The usual response once the C encoder is loaded: the message formatted around the handler's
            # encoded body, without building and encoding a dict (4 us instead of 6 us from reading the
            # request to writing the response, measured). An unencodable body goes the way below.
            try:
                body_text = ''.join(_encode_c(body, 0))
            except (TypeError, ValueError, RecursionError):
                pass
        if body_text is not None:
            _send_text(_RESPONSE % (request['id'], env, served, invoke_ms, body_text))
        elif not ok:
            message = {'t': 'res', 'id': request['id'], 'env': env, 'served': served, 'invokeMs': invoke_ms, 'ok': ok}
            message['error'] = _describe(body)
            _send(message)
        else:
            message = {'t': 'res', 'id': request['id'], 'env': env, 'served': served, 'invokeMs': invoke_ms, 'ok': ok}
            try:
                message['body'] = body
                _send(message)
            except (TypeError, ValueError, RecursionError) as error:
                del message['body']
                message['ok'] = False
                message['error'] = "the handler's response is not JSON-serializable: %s" % error
                _send(message)
        # Before the peak memory: the harness freezes the environment on that message, and the after
        # message of the cold request must not wait for the thaw.
        _send_after(request['id'])
        if served == 1:
            # Peak memory, once, after the first response is out (as the Node bootstrap does): not inside the cold e2e.
            rss = _max_rss_mb()
            if rss is not None:
                _send({'t': 'mem', 'env': env, 'maxRssMb': rss})
            if _IMPORTTIME:
                os.write(2, b'coldbench-importtime: first-request-end\n')
            if _decode is None:
                _load_decoder()  # here, between requests, not inside a measured one (nor the first request's imports)
        # Let this request go before the next is decoded: a 5 MB event kept alive while the next one is
        # built doubles the heap the garbage collector walks (measured: 190 ms instead of 80 ms to decode).
        request = body = body_text = message = None
    return 0


if __name__ == '__main__':
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(code)
