// Runs the empty handler without the harness: import it, call it, write the
// response on fd 3 as the bootstrap would. What a cold start costs anyway.
import { writeSync } from 'node:fs';
import { handler } from './empty.mjs';

writeSync(3, JSON.stringify(await handler({})) + '\n');
