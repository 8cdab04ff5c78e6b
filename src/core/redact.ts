/**
 * Reports are committed next to code: they must not carry an account id or
 * credentials. Pure.
 */
const ARN = /\barn:(aws[a-z-]*):([a-z0-9-]*):([a-z0-9-]*):(\d{12}):/g;
const ACCESS_KEY = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g;

/** Replaces account ids in ARNs (and any account id in `known`) with `<account>`, and access key ids with `<access-key>`. */
export function redact(text: string, known: Iterable<string> = []): string {
  let out = text.replace(
    ARN,
    (_m, partition: string, service: string, region: string) => `arn:${partition}:${service}:${region}:<account>:`,
  );
  for (const id of known) if (/^\d{12}$/.test(id)) out = out.split(id).join('<account>');
  return out.replace(ACCESS_KEY, '<access-key>');
}

/** The account id in an ARN, if it has one. */
export function accountOf(arn: string | undefined): string | undefined {
  return arn ? /^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/.exec(arn)?.[1] : undefined;
}
