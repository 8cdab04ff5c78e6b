# preload: pandas is imported at module top level, during INIT, whichever route the request takes.
import pandas as pd

from routes import health, report


def handler(event, context):
    if event.get('coldbench') == 'prewarm':
        return {'warm': True}
    if event.get('rawPath') == '/report':
        return report(pd, event)
    return health()
