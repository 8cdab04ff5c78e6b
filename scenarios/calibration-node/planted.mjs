// A dependency whose import costs exactly PLANTED_MS of CPU time: it spins until
// the main thread has used that much CPU (cpu-time.mjs), as a real import does
// work. Under a CPU quota (a Lambda-like sandbox below 1,769 MB) it takes longer
// on the wall clock, exactly as a real import would; on a free CPU, PLANTED_MS.
import { spinCpuMs } from './cpu-time.mjs';

const plantedMs = Number(process.env.PLANTED_MS ?? 200);
spinCpuMs(plantedMs);
export const plantedCostMs = plantedMs;
export function work(n) {
  return n * 2;
}
