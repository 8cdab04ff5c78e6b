// initializer: the SDK is imported and the clients are built in initializer(), which the runtime calls once before the first request.
import { loadSdk, prepareRequests } from './requests.mjs';

let sdk;

export async function initializer() {
  sdk = await loadSdk();
}

export const handler = async (event) => {
  if (event.coldbench === 'prewarm') return { warm: true };
  return prepareRequests(sdk, event);
};
