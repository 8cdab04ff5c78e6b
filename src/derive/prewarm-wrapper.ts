/** The prewarmed variant's wrappers (Node and Python): the handler as written plus an answer to the keep-warm ping. */
import { jsString, pyLiteral, pyString } from './literals.js';
import { aheadList, exportAs, pickExport } from './node-wrapper.js';
import { pythonImportOriginal } from './python-lazy.js';

/** The condition a generated wrapper uses to recognise the keep-warm ping: a field test for coldbench's default ping, else a JSON comparison. */
function pingTest(ping: unknown, language: 'js' | 'py'): string {
  const isDefault =
    typeof ping === 'object' &&
    ping !== null &&
    !Array.isArray(ping) &&
    Object.keys(ping).length === 1 &&
    (ping as Record<string, unknown>).coldbench === 'prewarm';
  if (language === 'js')
    return isDefault ? `event?.coldbench === 'prewarm'` : `JSON.stringify(event) === ${jsString(JSON.stringify(ping))}`;
  return isDefault ? `isinstance(event, dict) and event.get('coldbench') == 'prewarm'` : `event == _PING`;
}

/**
 * The prewarmed variant: the unchanged handler, plus an answer to the keep-warm
 * ping that does not reach it (as a function kept warm by a schedule answers
 * its pings). The first ping also imports `ahead` (the modules the original
 * loads during its first request), as a warm-up that exercises the request
 * path would. An ES module that imports the original by its file: URL. Pure.
 */
export function nodePrewarmWrapper(input: {
  originalFile: string;
  originalUrl: string;
  exportName: string;
  ping: unknown;
  ahead?: readonly string[];
}): string {
  const ahead = input.ahead ?? [];
  const warm =
    ahead.length > 0
      ? `    // The modules the original loads during its first request, loaded by the ping instead.\n    for (const specifier of ${aheadList(ahead)}) await import(specifier);\n`
      : '';
  return `// Derived by coldbench from ${jsString(input.originalFile)} (the original is not modified): the prewarmed variant, the handler as written plus an answer to the keep-warm ping.
import * as original from ${jsString(input.originalUrl)};

const handle = ${pickExport('original', input.exportName)};

async function __coldbench_handler(event, context) {
  if (${pingTest(input.ping, 'js')}) {
${warm}    return { warm: true };
  }
  return handle(event, context);
}
${exportAs('__coldbench_handler', input.exportName, 'esm')}
`;
}

/**
 * The Python twin of nodePrewarmWrapper: imported from its own folder, it
 * hands sys.path[0] back to the original folder; the first ping imports
 * `ahead` (the modules the original imports during its first request). Pure.
 */
export function pythonPrewarmWrapper(input: {
  originalFile: string;
  originalDir: string;
  originalModule: string;
  exportName: string;
  ping: unknown;
  ahead?: readonly string[];
}): string {
  const ahead = input.ahead ?? [];
  return (
    [
      `# Derived by coldbench from ${pyString(input.originalFile)} (the original is not modified): the prewarmed variant,`,
      '# the handler as written plus an answer to the keep-warm ping.',
      'import sys',
      '',
      `sys.path[0] = ${pyString(input.originalDir)}`,
      `_PING = ${pyLiteral(input.ping)}`,
      `_AHEAD = (${ahead.map((m) => `${pyString(m)}, `).join('')})  # imported by the original's first request; the ping imports them`,
      ...pythonImportOriginal(input.originalModule, input.exportName),
      '',
      '',
      'def _coldbench_prewarmed(event, context):',
      `    if ${pingTest(input.ping, 'py')}:`,
      '        for name in _AHEAD:',
      '            try:',
      '                __import__(name)',
      '            except ImportError:',
      '                pass  # the request path will meet the same error where the handler imports it',
      "        return {'warm': True}",
      '    return _handler(event, context)',
      '',
      '',
      'globals()[_EXPORT] = _coldbench_prewarmed',
    ].join('\n') + '\n'
  );
}
