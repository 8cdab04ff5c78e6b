// Module customization hooks (they run on Node's hooks thread) for
// import-timing.mjs: the resolve hook reports which module first imported
// each URL; the load hook wraps every ES module's source in enter()/exit()
// calls on the main thread's timer. Line numbers are kept: the enter() call
// goes on the module's first line, the exit() call after its last.
let port;
const firstParent = new Map();
const TIMER = 'globalThis[Symbol.for("coldbench.imports")]';

export function initialize(data) {
  port = data?.port;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (context.parentURL && result.url.startsWith('file:') && !firstParent.has(result.url)) {
    firstParent.set(result.url, context.parentURL);
    port?.postMessage({ url: result.url, parent: context.parentURL });
  }
  return result;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (result.format !== 'module' || result.source == null || !url.startsWith('file:')) return result;
  let source = typeof result.source === 'string' ? result.source : Buffer.from(result.source).toString('utf8');
  let hashbang = '';
  if (source.startsWith('#!')) {
    const nl = source.indexOf('\n');
    hashbang = source.slice(0, nl + 1);
    source = source.slice(nl + 1);
  }
  const enter = `${TIMER}?.enter(${JSON.stringify(url)},${JSON.stringify(firstParent.get(url) ?? null)});`;
  const exit = `\n;${TIMER}?.exit(${JSON.stringify(url)});\n`;
  return { ...result, source: hashbang + enter + source + exit };
}
