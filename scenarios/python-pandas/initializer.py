# initializer: numpy, pandas and boto3 are imported, and the S3 client built, in initializer(), once per environment before the first request.
from work import prepared_put, summarize

np = pd = s3 = None


def initializer(context):
    global np, pd, s3
    import boto3
    import numpy
    import pandas

    from clients import s3_client

    np, pd, s3 = numpy, pandas, s3_client(boto3)


def handler(event, context):
    summary = summarize(np, pd, event)
    return {**summary, 'put': prepared_put(s3, event, summary)}
