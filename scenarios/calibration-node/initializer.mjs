let planted;

export async function initializer() {
  planted = await import('./planted.mjs');
}

export const handler = async (event) => ({ result: planted.work(event.n) });
