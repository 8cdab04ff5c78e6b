import { createHash } from 'node:crypto';

/** Every function coldbench creates has a name with this prefix (and the run's tags). */
export const FUNCTION_PREFIX = 'coldbench-';
/** Tag key holding the run id; `--cleanup` finds leftovers by it. */
export const RUN_TAG = 'coldbench:run-id';
/** Environment variable whose change forces fresh execution environments. */
export const NONCE_VARIABLE = 'COLDBENCH_NONCE';
/** Alias used by `--provisioned`. */
export const PROVISIONED_ALIAS = 'coldbench-provisioned';

export const ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

const MAX_NAME = 64;

/**
 * The part of a run id that goes into names: `2026-11-22T09-30-12Z-aws-k3f9x` →
 * `261122T093012-k3f9x` (19 characters: a two-digit year leaves room for the
 * random suffix, which keeps two runs started in the same second apart, without
 * cutting more names); ids without a suffix give `20261122T093012`.
 */
export function runTag(runId: string): string {
  const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z-[a-z]+-([a-z0-9]{1,8})$/.exec(runId);
  if (m) return `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}${m[6]}-${m[7]}`;
  const old = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})/.exec(runId);
  if (old) return `${old[1]}${old[2]}${old[3]}T${old[4]}${old[5]}${old[6]}`;
  return runId.replace(/[^A-Za-z0-9]/g, '').slice(0, 19);
}

/**
 * A Lambda function name (at most 64 of `[A-Za-z0-9-_]`) for one variant × memory × architecture:
 * `coldbench-<run>-<scenario>-<variant>-<memory>-<arch>`; when that is too long the
 * scenario-variant part is cut and gets a short hash of itself, so that names stay unique.
 */
export function functionName(runId: string, scenario: string, variant: string, memoryMb: number, arch: Architecture): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '-');
  const head = `${FUNCTION_PREFIX}${runTag(runId)}-`;
  const middle = clean(`${scenario}-${variant}`);
  const tail = `-${memoryMb}-${arch === 'arm64' ? 'arm' : 'x86'}`;
  if (head.length + middle.length + tail.length <= MAX_NAME) return head + middle + tail;
  const hash = createHash('sha256').update(middle).digest('hex').slice(0, 6);
  return `${head}${middle.slice(0, MAX_NAME - head.length - tail.length - hash.length - 1)}-${hash}${tail}`;
}

/** The tags of every function of a run. */
export function functionTags(runId: string, scenario: string, variant: string): Record<string, string> {
  return { [RUN_TAG]: runId, 'coldbench:scenario': scenario, 'coldbench:variant': variant };
}
