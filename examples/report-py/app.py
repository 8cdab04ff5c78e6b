# report-py: one Lambda function written the usual way, every import at the top.
# It totals an order with decimal and keeps a per-environment sqlite cache on every
# request; only the rare ?notify=1 request sends a mail through asyncio. coldbench
# benchmarks it as it is:
#   npm run bench -- --handler examples/report-py/app.handler --event examples/report-py/event.json
import asyncio
import decimal
import json
import sqlite3
from email.message import EmailMessage

_db = None


def _cache():
    global _db
    if _db is None:
        _db = sqlite3.connect(':memory:')
        _db.execute('create table seen (id text primary key)')
    return _db


def _notify(order_id, total):
    async def send():
        message = EmailMessage()
        message['Subject'] = 'Order %s: %s' % (order_id, total)
        return message['Subject']

    return asyncio.run(send())


def handler(event, context):
    lines = event.get('lines', [])
    total = sum((decimal.Decimal(str(l['price'])) * l['qty'] for l in lines), decimal.Decimal('0'))
    db = _cache()
    db.execute('insert or ignore into seen values (?)', (event['id'],))
    body = {'id': event['id'], 'total': str(total.quantize(decimal.Decimal('0.01'))), 'seen': db.execute('select count(*) from seen').fetchone()[0]}
    if event.get('notify'):
        body['notified'] = _notify(event['id'], body['total'])
    return {'statusCode': 200, 'body': json.dumps(body, sort_keys=True)}
