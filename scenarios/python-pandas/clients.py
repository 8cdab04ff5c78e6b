import os


def s3_client(boto3):
    # Static dummy credentials: the credential chain is never consulted and nothing is sent.
    return boto3.client(
        's3',
        region_name=os.environ.get('AWS_REGION', 'us-east-1'),
        aws_access_key_id='AKIDCOLDBENCHDUMMY',
        aws_secret_access_key='coldbench-dummy-secret',
    )
