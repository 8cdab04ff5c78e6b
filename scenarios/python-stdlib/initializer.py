# initializer: the modules are imported once per environment in initializer(), before the first request.
orders = None
notify = None


def initializer(context):
    global orders, notify
    import notify as notify_module
    import orders as orders_module

    orders, notify = orders_module, notify_module


def handler(event, context):
    if event.get('coldbench') == 'prewarm':
        return {'warm': True}
    summary = orders.order_summary(event['orderId'])
    if event.get('notify'):
        summary['notification'] = notify.prepare_receipt(summary)
    return summary
