/**
 * Everything a run has created on AWS, recorded before the call that creates
 * it, so that a run that fails or is interrupted in the middle of a call still
 * deletes it. Deletion order: provisioned concurrency first (it bills by the
 * second), then aliases, versions, and the function.
 */
export class ResourceLedger {
  readonly functions = new Set<string>();
  readonly aliases = new Map<string, Set<string>>();
  readonly versions = new Map<string, Set<string>>();
  readonly provisioned = new Map<string, Set<string>>();

  addFunction(name: string): void {
    this.functions.add(name);
  }
  add(kind: 'aliases' | 'versions' | 'provisioned', functionName: string, qualifier: string): void {
    const set = this[kind].get(functionName) ?? new Set<string>();
    set.add(qualifier);
    this[kind].set(functionName, set);
  }
  remove(kind: 'aliases' | 'versions' | 'provisioned', functionName: string, qualifier: string): void {
    this[kind].get(functionName)?.delete(qualifier);
  }
  removeFunction(name: string): void {
    this.functions.delete(name);
    this.aliases.delete(name);
    this.versions.delete(name);
    this.provisioned.delete(name);
  }
  get size(): number {
    return this.functions.size;
  }
}
