/** Memory size of an environment when neither --memory nor the scenario's memoryMb says: the same on both targets. */
export const DEFAULT_MEMORY_MB = 1024;

/** The memory sizes a scenario runs at: --memory, else its own memoryMb, else the default. */
export function memorySizesOf(scenario: { memoryMb?: number }, flag: readonly number[]): number[] {
  return flag.length > 0 ? [...flag] : [scenario.memoryMb ?? DEFAULT_MEMORY_MB];
}

/** The report section of a scenario at one memory size: its name, with `@<mb>mb` when the run has several sizes. */
export function memorySection(name: string, memoryMb: number, several: boolean): string {
  return several ? `${name}@${memoryMb}mb` : name;
}
