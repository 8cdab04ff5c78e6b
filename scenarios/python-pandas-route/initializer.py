# initializer: pandas is imported in the initializer hook, which the runtime calls once before the first request.
from routes import health, report

_pd = None


def initializer(context):
    global _pd
    import pandas

    _pd = pandas


def handler(event, context):
    if event.get('coldbench') == 'prewarm':
        return {'warm': True}
    if event.get('rawPath') == '/report':
        return report(_pd, event)
    return health()
