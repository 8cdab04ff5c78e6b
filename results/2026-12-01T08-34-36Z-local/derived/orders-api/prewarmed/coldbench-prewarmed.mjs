// Derived by coldbench from "/work/wt/derive/examples/orders-api/index.mjs" (the original is not modified): the prewarmed variant, the handler as written plus an answer to the keep-warm ping.
import * as original from "file:///work/wt/derive/examples/orders-api/index.mjs";

const handle = (typeof original["handler"] === 'function' ? original["handler"] : original.default?.["handler"]);

async function __coldbench_handler(event, context) {
  if (event?.coldbench === 'prewarm') {
    return { warm: true };
  }
  return handle(event, context);
}
export { __coldbench_handler as "handler" };
