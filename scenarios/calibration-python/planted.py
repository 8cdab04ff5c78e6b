# A dependency whose import costs exactly PLANTED_MS of CPU time (a busy wait).
import os
import time

planted_ms = float(os.environ.get('PLANTED_MS', '200'))
_start = time.perf_counter()
while (time.perf_counter() - _start) * 1000 < planted_ms:
    pass


def work(n):
    return n * 2
