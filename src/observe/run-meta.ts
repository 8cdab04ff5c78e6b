/** run.json of an observe run (`kind: "observe"`): what was read, from where, for which period. Account ids redacted. */
export interface ObserveRunMeta {
  kind: 'observe';
  runId: string;
  harness: { name: 'coldbench'; version: string; gitCommit: string | null; gitDirty: boolean | null };
  /** The function's name (never its ARN). */
  function: string;
  logGroup: string;
  region: string;
  /** `--qualifier` as given, and the versions it stands for (an alias resolved with GetAlias). */
  qualifier?: string;
  versions: string[];
  /** The period the report covers, and the one asked for (they differ when --max-events cut the read short). */
  period: { start: string; end: string; requestedStart: string; requestedEnd: string };
  source: {
    api: 'FilterLogEvents';
    filterPattern: string;
    pages: number;
    eventsRead: number;
    /** Events that matched the pattern but held no complete REPORT record. */
    unparsed: number;
    maxEvents: number;
    truncated: boolean;
  };
  counts: { invocations: number; coldStarts: number };
  /** Free text from --note (for example: the logs were generated). */
  note?: string;
  startedAt: string;
  endedAt: string;
  command: string[];
  files: string[];
}

/** Whether parsed JSON looks like an observe run's run.json; the problem otherwise. */
export function observeMetaProblem(value: unknown): string | undefined {
  const v = value as Partial<ObserveRunMeta> | null;
  if (!v || typeof v !== 'object') return 'is not a JSON object';
  if (v.kind !== 'observe')
    return `has kind ${JSON.stringify(v.kind ?? null)}, not "observe": it is not the folder of a coldbench observe run`;
  if (!v.period || typeof v.period.start !== 'string' || typeof v.period.end !== 'string') return 'has no period.start/period.end';
  if (!Number.isFinite(Date.parse(v.period.start)) || !Number.isFinite(Date.parse(v.period.end)))
    return 'has a period that is not ISO 8601 times';
  if (typeof v.function !== 'string') return 'has no function name';
  return undefined;
}
