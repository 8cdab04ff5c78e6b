# preload: everything is imported at module top level, paid in INIT.
import notify
import orders


def handler(event, context):
    if event.get('coldbench') == 'prewarm':
        return {'warm': True}
    summary = orders.order_summary(event['orderId'])
    if event.get('notify'):
        summary['notification'] = notify.prepare_receipt(summary)
    return summary
