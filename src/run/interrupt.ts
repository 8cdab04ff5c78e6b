/**
 * The signals that ask coldbench to stop: Ctrl-C (SIGINT), a kill or a CI
 * job's cancel (SIGTERM), and a closed terminal or SSH session (SIGHUP, whose
 * default would end the process with run.json still saying "running").
 */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Routes SIGINT, SIGTERM and SIGHUP to `handler` until the returned function is called. */
export function onInterrupt(handler: (signal: NodeJS.Signals) => void): () => void {
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
