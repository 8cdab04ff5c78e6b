# lazy: numpy, pandas and boto3 are imported, and the S3 client built, on the first request, then kept in module globals.
_deps = None


def _load():
    import boto3
    import numpy as np
    import pandas as pd

    from clients import s3_client

    return np, pd, s3_client(boto3)


def handler(event, context):
    global _deps
    if event.get('coldbench') == 'prewarm':
        return {'warm': True}
    if _deps is None:
        _deps = _load()
    np, pd, s3 = _deps
    from work import prepared_put, summarize

    summary = summarize(np, pd, event)
    return {**summary, 'put': prepared_put(s3, event, summary)}
