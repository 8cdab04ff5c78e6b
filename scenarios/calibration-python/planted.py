# A dependency whose import costs exactly PLANTED_MS of CPU time: it spins until
# the main thread has used that much CPU (time.thread_time), as a real import does
# work. Under a CPU quota (a Lambda-like sandbox below 1,769 MB) it takes longer
# on the wall clock, exactly as a real import would; on a free CPU, PLANTED_MS.
import os
import time

planted_ms = float(os.environ.get('PLANTED_MS', '200'))
_start = time.thread_time()
while (time.thread_time() - _start) * 1000 < planted_ms:
    pass


def work(n):
    return n * 2
