// Imported for its side effect, as tracing and polyfill modules are: it tags the process.
globalThis.__ordersApiTracing = { service: 'orders-api', startedAt: Date.now() };
