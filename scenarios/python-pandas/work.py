"""The request's work, shared by every variant: a small real computation and a prepared S3 request."""


def summarize(np, pd, event):
    frame = pd.DataFrame(event['orders'])
    frame['amount'] = frame['qty'] * frame['price']
    by_region = frame.groupby('region')['amount'].sum().round(2)
    return {
        'regions': {region: float(total) for region, total in by_region.items()},
        'p90_amount': float(np.percentile(frame['amount'].to_numpy(), 90)),
        'orders': int(len(frame)),
    }


def prepared_put(s3, event, summary):
    # Built, not sent: botocore validates the parameters and serializes nothing over the network.
    return {'client': type(s3).__name__, 'region': s3.meta.region_name, 'bucket': event['bucket'], 'key': 'reports/%d-orders.json' % summary['orders']}
