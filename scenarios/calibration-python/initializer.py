work = None


def initializer(context):
    global work
    from planted import work as planted_work

    work = planted_work


def handler(event, context):
    return {'result': work(event.get('n', 0))}
