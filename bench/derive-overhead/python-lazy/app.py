# The function as written: every import at the top; asyncio (15-20 ms) only for the rare notify request.
import asyncio
import json


def handler(event, context):
    if event.get('notify'):
        asyncio.run(asyncio.sleep(0))
    return {'order': event['orderId'], 'body': json.dumps({'ok': True})}
