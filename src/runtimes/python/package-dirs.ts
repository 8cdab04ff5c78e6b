import { execa } from 'execa';

/**
 * The folders of Python packages as `interpreter` finds them (a plain module
 * stands for its own folder only when it is a package), for --disk-cold eviction.
 */
export async function pythonPackageDirs(interpreter: string, modules: string[]): Promise<string[]> {
  if (modules.length === 0) return [];
  const script = [
    'import importlib.util, os, sys',
    'for name in sys.argv[1:]:',
    '    spec = importlib.util.find_spec(name)',
    '    if spec is not None and spec.submodule_search_locations:',
    '        print(*spec.submodule_search_locations, sep="\\n")',
  ].join('\n');
  const result = await execa(interpreter, ['-c', script, ...modules], { reject: false });
  return result.exitCode === 0 ? result.stdout.split('\n').filter(Boolean) : [];
}
