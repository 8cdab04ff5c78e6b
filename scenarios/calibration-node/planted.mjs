// A dependency whose import costs exactly PLANTED_MS of CPU time: it spins until
// the process has used that much CPU (process.cpuUsage), as a real import does
// work. Under a CPU quota (a Lambda-like sandbox below 1,769 MB) it takes longer
// on the wall clock, exactly as a real import would; on a free CPU, PLANTED_MS.
const plantedMs = Number(process.env.PLANTED_MS ?? 200);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const start = cpuMs();
while (cpuMs() - start < plantedMs) {
  // spin
}
export const plantedCostMs = plantedMs;
export function work(n) {
  return n * 2;
}
