def handler(event, context):
    from planted import work  # the first request pays the import; later ones find it in sys.modules

    return {'result': work(event.get('n', 0))}
