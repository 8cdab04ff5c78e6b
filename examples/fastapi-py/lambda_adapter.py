"""A small Lambda adapter for ASGI applications: API Gateway HTTP API (payload 2.0) events in,
API Gateway responses out. It runs one HTTP request cycle of the ASGI 3.0 interface per
invocation on an event loop that lives as long as the environment; lifespan events are not
sent (as with Mangum's lifespan="off")."""
import asyncio
import base64
from urllib.parse import unquote

# Bodies of these content types are returned as text; anything else as base64.
_TEXT_TYPES = ('text/', 'application/json', 'application/javascript', 'application/xml', 'application/problem+json')


def scope_from(event, context):
    """The ASGI HTTP connection scope of an API Gateway payload 2.0 event."""
    http = event['requestContext']['http']
    headers = {k.lower(): v for k, v in (event.get('headers') or {}).items()}
    if event.get('cookies'):
        headers['cookie'] = '; '.join(event['cookies'])
    raw_path = event.get('rawPath') or http.get('path') or '/'
    host = headers.get('host', 'localhost')
    return {
        'type': 'http',
        'asgi': {'version': '3.0', 'spec_version': '2.3'},
        'http_version': '1.1',
        'method': http['method'].upper(),
        'scheme': headers.get('x-forwarded-proto', 'https'),
        'path': unquote(raw_path),
        'raw_path': raw_path.encode('utf-8'),
        'root_path': '',
        'query_string': (event.get('rawQueryString') or '').encode('latin-1'),
        'headers': [(k.encode('latin-1'), v.encode('latin-1')) for k, v in headers.items()],
        'client': (http.get('sourceIp', '127.0.0.1'), 0),
        'server': (host, int(headers.get('x-forwarded-port', '443'))),
        'aws.event': event,
        'aws.context': context,
    }


def response_from(status, headers, body):
    """The API Gateway payload 2.0 response: repeated headers joined by commas, Set-Cookie as cookies, binary bodies base64."""
    joined, cookies = {}, []
    for name, value in headers:
        name, value = name.decode('latin-1').lower(), value.decode('latin-1')
        if name == 'set-cookie':
            cookies.append(value)
        else:
            joined[name] = f'{joined[name]},{value}' if name in joined else value
    content_type = joined.get('content-type', '')
    text = not body or content_type.startswith(_TEXT_TYPES)
    response = {
        'statusCode': status,
        'headers': joined,
        'body': body.decode('utf-8') if text else base64.b64encode(body).decode('ascii'),
        'isBase64Encoded': not text,
    }
    if cookies:
        response['cookies'] = cookies
    return response


class LambdaAdapter:
    """`handler = LambdaAdapter(app)`: a Lambda handler serving an ASGI application."""

    def __init__(self, app):
        self.app = app
        self.loop = None

    def __call__(self, event, context):
        if self.loop is None:
            self.loop = asyncio.new_event_loop()
        return self.loop.run_until_complete(self._cycle(event, context))

    async def _cycle(self, event, context):
        body = event.get('body') or ''
        body = base64.b64decode(body) if event.get('isBase64Encoded') else body.encode('utf-8')
        done = asyncio.Event()
        request = [{'type': 'http.request', 'body': body, 'more_body': False}]
        status, headers, chunks = 500, [], []

        async def receive():
            if request:
                return request.pop()
            await done.wait()
            return {'type': 'http.disconnect'}

        async def send(message):
            nonlocal status, headers
            if message['type'] == 'http.response.start':
                status, headers = message['status'], list(message.get('headers', []))
            elif message['type'] == 'http.response.body':
                chunks.append(message.get('body', b''))
                if not message.get('more_body', False):
                    done.set()

        await self.app(scope_from(event, context), receive, send)
        done.set()
        return response_from(status, headers, b''.join(chunks))
