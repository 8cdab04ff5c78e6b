# lazy: pandas is imported on the first request that takes the /report route, then kept.
from routes import health, report

_pd = None


def handler(event, context):
    global _pd
    if event.get('coldbench') == 'prewarm':
        return {'warm': True}
    if event.get('rawPath') == '/report':
        if _pd is None:
            import pandas

            _pd = pandas
        return report(_pd, event)
    return health()
