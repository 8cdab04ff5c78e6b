/**
 * What a handler left pending after a response (timers, sockets, threads, …),
 * as one samples.csv cell: `none`, or `kind=count` pairs joined by `;`
 * (`Thread=1`, `Immediate=1;Timeout=2`), kinds by the runtime's own names and
 * in alphabetical order, so that the same state always reads the same.
 */

/** Kind → how many are pending. */
export type Pending = Record<string, number>;

/** The cell for nothing pending. */
export const NOTHING_PENDING = 'none';

/** The samples.csv cell for `pending` (see the module comment). */
export function formatPending(pending: Pending): string {
  const kinds = Object.keys(pending)
    .filter((kind) => pending[kind]! > 0)
    .sort();
  return kinds.length === 0 ? NOTHING_PENDING : kinds.map((kind) => `${kind}=${pending[kind]}`).join(';');
}

/** A cell back into kind → count; undefined for an empty or malformed cell (not known). */
export function parsePending(cell: string | undefined): Pending | undefined {
  if (cell === undefined || cell === '') return undefined;
  if (cell === NOTHING_PENDING) return {};
  const pending: Pending = {};
  for (const pair of cell.split(';')) {
    const match = /^([^=;]+)=(\d+)$/.exec(pair);
    if (!match) return undefined;
    pending[match[1]!] = Number(match[2]);
  }
  return pending;
}
