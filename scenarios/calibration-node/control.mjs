export const handler = async (event) => ({ result: event.n * 2 });
