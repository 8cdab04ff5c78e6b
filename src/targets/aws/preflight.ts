/**
 * Planning within the account's concurrency (GetAccountSettings). Pure.
 *
 * Lambda keeps at least 10 executions of the account's concurrency unreserved:
 * PutProvisionedConcurrencyConfig (and PutFunctionConcurrency) fail with
 * "UnreservedConcurrentExecution below its minimum value of [10]" when a
 * configuration would take the unreserved pool below that. A new account's
 * concurrency quota is 10, so every provisioned config fails there.
 */
export const MIN_UNRESERVED = 10;

export interface ConcurrencyPlan {
  /** Functions measured at once. */
  concurrency: number;
  /** Lines for the user (the concurrency was lowered, and why). */
  notes: string[];
  /** Problems that stop the run before anything is created. */
  errors: string[];
}

/**
 * How many functions to measure at once: what was asked, at most half the
 * account's unreserved concurrency (the other half stays for the account's own
 * functions; each measured function runs one request at a time), and with
 * `--provisioned` so that the unreserved pool stays at its minimum of 10 while
 * one provisioned environment per function in flight is configured.
 */
export function planConcurrency(input: { requested: number; unreserved: number | undefined; provisioned: boolean }): ConcurrencyPlan {
  const { requested, unreserved, provisioned } = input;
  if (unreserved === undefined) return { concurrency: requested, notes: [], errors: [] };
  const errors: string[] = [];
  const notes: string[] = [];
  if (provisioned && unreserved <= MIN_UNRESERVED) {
    errors.push(
      `--provisioned: the account's unreserved concurrency is ${unreserved}, and Lambda keeps at least ${MIN_UNRESERVED} unreserved, so every PutProvisionedConcurrencyConfig would fail (UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}]); request a higher "Concurrent executions" quota in Service Quotas (AWS Lambda, quota L-B99A9384), or run without --provisioned`,
    );
  }
  let limit = Math.max(1, Math.floor(unreserved / 2));
  let why = `half the account's unreserved concurrency (${unreserved})`;
  if (provisioned && unreserved > MIN_UNRESERVED && unreserved - MIN_UNRESERVED < limit) {
    limit = unreserved - MIN_UNRESERVED;
    why = `the account's unreserved concurrency (${unreserved}) less the ${MIN_UNRESERVED} Lambda keeps unreserved`;
  }
  const concurrency = Math.max(1, Math.min(requested, limit));
  if (concurrency < requested) notes.push(`--concurrency ${requested}: measuring ${concurrency} functions at once, ${why}`);
  return { concurrency, notes, errors };
}
