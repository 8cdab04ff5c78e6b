// The empty handler whose cold start and warm round trip measure the harness itself.
export const handler = async () => ({});
