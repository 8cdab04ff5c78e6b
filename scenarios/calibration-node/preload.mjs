import { work } from './planted.mjs';

export const handler = async (event) => ({ result: work(event.n) });
