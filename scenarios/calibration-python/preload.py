from planted import work


def handler(event, context):
    return {'result': work(event.get('n', 0))}
