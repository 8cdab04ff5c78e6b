"""The two routes of the function, shared by every variant: /report needs pandas, /health does not."""


def report(pd, event):
    frame = pd.DataFrame(event['orders'])
    frame['amount'] = frame['qty'] * frame['price']
    by_region = frame.groupby('region')['amount'].sum().round(2)
    return {'statusCode': 200, 'regions': {region: float(total) for region, total in by_region.items()}}


def health():
    return {'statusCode': 200, 'ok': True}
