/** `npm run compare -- BEFORE AFTER`: compare two runs (see --help); exit code 1 on a significant regression. */
import { compareMain } from '../src/cli/compare-main.js';

process.exitCode = await compareMain(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t + '\n'),
  stderr: (t) => process.stderr.write(t + '\n'),
});
