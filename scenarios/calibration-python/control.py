def handler(event, context):
    return {'result': event.get('n', 0) * 2}
