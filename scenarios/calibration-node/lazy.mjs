let planted;

export const handler = async (event) => {
  planted ??= await import('./planted.mjs');
  return { result: planted.work(event.n) };
};
