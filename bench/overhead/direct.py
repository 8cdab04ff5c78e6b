# Runs the empty Python handler without the harness: import it, call it, write
# the response on fd 3 as the bootstrap would. What a cold start costs anyway.
import os

from empty import handler

os.write(3, (repr(handler({}, None)) + '\n').encode())
