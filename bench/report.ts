/** `npm run report -- DIR [flags]`: render a run's report again from its samples (see --help). */
import { reportMain } from '../src/cli/report-main.js';

process.exitCode = await reportMain(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t + '\n'),
  stderr: (t) => process.stderr.write(t + '\n'),
});
