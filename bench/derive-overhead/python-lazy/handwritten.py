# The same function with its lazy import written by hand: asyncio inside the rare branch.
import json


def handler(event, context):
    if event.get('notify'):
        import asyncio
        asyncio.run(asyncio.sleep(0))
    return {'order': event['orderId'], 'body': json.dumps({'ok': True})}
