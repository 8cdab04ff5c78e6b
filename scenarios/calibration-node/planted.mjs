// A dependency whose import costs exactly PLANTED_MS of CPU time (a busy wait,
// so that the cost does not depend on disk or scheduler behaviour).
const plantedMs = Number(process.env.PLANTED_MS ?? 200);
const start = performance.now();
while (performance.now() - start < plantedMs) {
  // spin
}
export const plantedCostMs = plantedMs;
export function work(n) {
  return n * 2;
}
