// Derived by coldbench from "/work/wt/derive/examples/orders-api/index.mjs" (the original is not modified): the initializer variant.
import * as copy from "./index.mjs";

const original = (typeof copy["handler"] === 'function' ? copy["handler"] : copy.default?.["handler"]);

export async function initializer() {
  await copy.__coldbench_preload();
}

async function __coldbench_handler(event, context) {
  await copy.__coldbench_ensure();
  return original(event, context);
}
export { __coldbench_handler as "handler" };
