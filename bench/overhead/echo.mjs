// The floor of a warm round trip: a bare echo over the same socket pair (fd 3)
// that an environment uses, with the same blocking reads and writes as the
// Node bootstrap, and nothing else (no JSON, no handler).
import { readSync, writeSync } from 'node:fs';

const chunk = Buffer.allocUnsafe(1 << 16);
for (;;) {
  const n = readSync(3, chunk, 0, chunk.length, null);
  if (n === 0) break;
  for (let off = 0; off < n; ) off += writeSync(3, chunk, off, n - off);
}
