"""What every request needs: money arithmetic, a small SQL store, an XML receipt."""
import json
import sqlite3
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_EVEN, Decimal

_db = None


def _store():
    global _db
    if _db is None:
        _db = sqlite3.connect(':memory:')
        _db.execute('create table lines (order_id text, sku text, qty integer, unit_price text)')
        _db.executemany(
            'insert into lines values (?, ?, ?, ?)',
            [('ord_1042', 'SKU-1', 2, '19.99'), ('ord_1042', 'SKU-2', 1, '5.25'), ('ord_1042', 'SKU-3', 3, '0.10')],
        )
    return _db


def order_summary(order_id, tax_rate='0.20'):
    rows = _store().execute('select sku, qty, unit_price from lines where order_id = ? order by sku', (order_id,)).fetchall()
    net = sum((Decimal(price) * qty for _, qty, price in rows), Decimal('0'))
    tax = (net * Decimal(tax_rate)).quantize(Decimal('0.01'), rounding=ROUND_HALF_EVEN)
    receipt = ET.Element('receipt', id=order_id)
    for sku, qty, price in rows:
        ET.SubElement(receipt, 'line', sku=sku, qty=str(qty), price=price)
    ET.SubElement(receipt, 'total').text = str(net + tax)
    return {
        'order': order_id,
        'lines': len(rows),
        'net': str(net),
        'tax': str(tax),
        'total': str(net + tax),
        'receipt_xml': ET.tostring(receipt, encoding='unicode'),
        'digest': json.dumps([r[0] for r in rows]),
    }
