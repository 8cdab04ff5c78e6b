// Derived by coldbench from /work/main/examples/orders-api/index.mjs (the original is not modified): the prewarmed variant, the handler as written plus an answer to the keep-warm ping.
import * as original from "file:///work/main/examples/orders-api/index.mjs";

const handle = typeof original["handler"] === 'function' ? original["handler"] : original.default?.["handler"];

export async function handler(event, context) {
  if (event?.coldbench === 'prewarm') return { warm: true };
  return handle(event, context);
}
