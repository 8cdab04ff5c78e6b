"""What only the rare ?notify=true request needs: an e-mail receipt, an HTTP webhook, an asyncio fan-out. Nothing is sent."""
import asyncio
import http.client
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText


def prepare_receipt(summary, to='customer@example.com'):
    message = MIMEMultipart()
    message['To'] = to
    message['Subject'] = 'Your order %s' % summary['order']
    message.attach(MIMEText('Total: %s' % summary['total']))
    webhook = http.client.HTTPSConnection('hooks.example.com', timeout=1)  # not connected

    async def fan_out():
        await asyncio.sleep(0)
        return ['email', 'webhook']

    return {'channels': asyncio.run(fan_out()), 'bytes': len(message.as_string()), 'webhook': webhook.host}
