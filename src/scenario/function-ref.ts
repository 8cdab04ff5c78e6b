import type { RuntimeName } from './types.js';

/** File endings a handler module may have, in lookup order, per runtime. */
export const HANDLER_EXTENSIONS: Record<RuntimeName, readonly string[]> = {
  node: ['.mjs', '.js', '.cjs'],
  python: ['.py'],
};

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `src/app.handler` → `{ modulePath: 'src/app', exportName: 'handler' }`, or a reason it is malformed. */
export function splitFunctionRef(ref: string): { modulePath: string; exportName: string } | { problem: string } {
  const dot = ref.lastIndexOf('.');
  if (dot <= 0 || dot === ref.length - 1) {
    return { problem: `"${ref}" is not of the form file.export (for example "index.handler")` };
  }
  const modulePath = ref.slice(0, dot);
  const exportName = ref.slice(dot + 1);
  if (!IDENTIFIER.test(exportName)) {
    return { problem: `"${exportName}" in "${ref}" is not a valid export name` };
  }
  if (modulePath.startsWith('/') || modulePath.split('/').includes('..')) {
    return { problem: `"${ref}" must name a file inside the scenario folder (no absolute path, no "..")` };
  }
  return { modulePath, exportName };
}

/** The candidate files for a module path, in lookup order (an explicit ending is tried first). */
export function candidateFiles(modulePath: string, runtime: RuntimeName): string[] {
  const exts = HANDLER_EXTENSIONS[runtime];
  const explicit = exts.some((ext) => modulePath.endsWith(ext)) ? [modulePath] : [];
  return [...explicit, ...exts.map((ext) => modulePath + ext)];
}
