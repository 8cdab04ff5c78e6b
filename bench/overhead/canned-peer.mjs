// A peer that speaks the bootstrap protocol with canned lines: no JSON, no
// handler, no timing; it answers each request line with a response carrying
// its id. Measured through LocalEnvironment, it isolates what the harness's
// own side of the protocol costs over the bare echo.
import { readSync, writeSync } from 'node:fs';

writeSync(3, '{"t":"init","env":"canned-peer","initMs":0}\n');
const chunk = Buffer.allocUnsafe(1 << 16);
let served = 0;
for (;;) {
  const n = readSync(3, chunk, 0, chunk.length, null);
  if (n === 0) break;
  const line = chunk.toString('latin1', 0, n); // {"id":N,"event":...}
  const id = line.slice(6, line.indexOf(','));
  served++;
  writeSync(3, `{"t":"res","id":${id},"env":"canned-peer","served":${served},"invokeMs":0,"ok":true,"body":{}}\n`);
  if (served === 1) writeSync(3, '{"t":"mem","env":"canned-peer","maxRssMb":0}\n');
}
