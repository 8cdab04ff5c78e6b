/** `npm run bench`: every bundled scenario on the local target, or what the flags say (see --help). */
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
