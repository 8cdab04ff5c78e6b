# An orders API on FastAPI, written the usual way: every import at the top, served on Lambda
# through a small ASGI adapter. Only the rare /reports/daily route needs pandas; the common
# /orders/{id} and /health routes do not.
import pandas as pd
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from lambda_adapter import LambdaAdapter

ORDERS = {
    42: {'id': 42, 'customer': 'c-7', 'items': [{'sku': 'tea', 'qty': 2, 'price': 3.5}, {'sku': 'cup', 'qty': 1, 'price': 8.0}]},
    43: {'id': 43, 'customer': 'c-9', 'items': [{'sku': 'tea', 'qty': 5, 'price': 3.5}]},
}


class Order(BaseModel):
    id: int
    customer: str
    total: float


app = FastAPI(title='orders')


@app.get('/health')
async def health():
    return {'ok': True}


@app.get('/orders/{order_id}', response_model=Order)
async def get_order(order_id: int):
    order = ORDERS.get(order_id)
    if order is None:
        raise HTTPException(status_code=404, detail='no such order')
    return Order(id=order['id'], customer=order['customer'], total=sum(i['qty'] * i['price'] for i in order['items']))


@app.get('/reports/daily')
async def daily_report():
    rows = [dict(item, order=o['id']) for o in ORDERS.values() for item in o['items']]
    frame = pd.DataFrame(rows)
    frame['amount'] = frame['qty'] * frame['price']
    by_sku = frame.groupby('sku')['amount'].sum()
    return {'revenue': float(frame['amount'].sum()), 'bySku': {k: float(v) for k, v in by_sku.items()}}


handler = LambdaAdapter(app)
