/** `npm run observe -- --function NAME [--since 7d]`: a deployed function's real cold starts from CloudWatch Logs (see --help, docs/observe.md). */
import { observeMain } from '../src/cli/observe-main.js';

process.exitCode = await observeMain(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t + '\n'),
  stderr: (t) => process.stderr.write(t + '\n'),
});
