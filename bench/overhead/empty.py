# The empty Python handler whose cold start and warm round trip measure the harness itself.
def handler(event, context):
    return {}
