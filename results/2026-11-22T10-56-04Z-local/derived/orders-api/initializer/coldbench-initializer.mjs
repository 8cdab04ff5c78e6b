// Derived by coldbench from /work/main/examples/orders-api/index.mjs (the original is not modified): the initializer variant.
import * as copy from "./index.mjs";

const original = (typeof copy["handler"] === 'function' ? copy["handler"] : copy.default?.["handler"]);

export async function initializer() {
  await copy.__coldbench_preload();
}

export async function handler(event, context) {
  await copy.__coldbench_ensure();
  return original(event, context);
}
