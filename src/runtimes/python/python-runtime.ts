import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pythonPackageDirs } from './package-dirs.js';
import { PYTHON_ENTRY, pythonPackageFiles } from './lambda-package.js';
import { PYTHON_IMPORT_TIMING_VARIABLES } from './lambda-entry.js';
import { execa } from 'execa';
import { parseImportTime } from '../../imports/python-importtime.js';
import { PACKAGE_ROOT } from '../../core/paths.js';
import type { Scenario } from '../../scenario/types.js';
import type { Interpreter, Runtime } from '../runtime.js';

export const PYTHON_BOOTSTRAP = path.join(PACKAGE_ROOT, 'src', 'runtimes', 'python', 'bootstrap.py');

/** The interpreter used when neither --python nor the scenario's `python` field names one: Debian's, else python3 on PATH. */
export const DEFAULT_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/**
 * coldbench's own cache folder for Python: the compiled bootstrap, and the
 * bytecode of handlers and their modules (PYTHONPYCACHEPREFIX), so that
 * nothing is written into a user's folders.
 */
export const PYTHON_CACHE_DIR = path.join(os.tmpdir(), `coldbench-${os.userInfo().uid}`, 'python');
export const PYCACHE_PREFIX = path.join(PYTHON_CACHE_DIR, 'pycache');

export const BYTECODE_POLICY = `cached: every module's bytecode (handlers, their dependencies, the standard library) is compiled once and kept in ${PYCACHE_PREFIX} (PYTHONPYCACHEPREFIX), as for a package deployed with its .pyc files; nothing is written into the scenario folders, and the unmeasured pre-flight environments pay the first compilation`;

/** Compiled bootstraps by interpreter path: run from bytecode, a start skips compiling the bootstrap (1–3 ms). */
const compiledBootstraps = new Map<string, string>();

// Asks the interpreter for its real executable and compiles the bootstrap for it, in one process.
const PROBE = `
import sys, py_compile
src, dst = sys.argv[1], sys.argv[2]
py_compile.compile(src, cfile=dst, doraise=True)
print(sys.executable)
print('%d.%d.%d' % sys.version_info[:3])
`;

/** `a.b` for `<dir>/a/b.py`: the module name the bootstrap imports, as Lambda turns `a/b.handler` into `a.b`. */
export function moduleName(scenarioDir: string, file: string): string {
  return path.relative(scenarioDir, file).replace(/\.py$/, '').split(path.sep).join('.');
}

export const pythonRuntime: Runtime = {
  name: 'python',
  async resolveInterpreter(choice = DEFAULT_PYTHON) {
    const source = readFileSync(PYTHON_BOOTSTRAP);
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
    const probeDir = path.join(PYTHON_CACHE_DIR, 'bootstrap');
    mkdirSync(probeDir, { recursive: true });
    const chosenKey = createHash('sha256').update(choice).digest('hex').slice(0, 8);
    const pyc = path.join(probeDir, `bootstrap-${hash}-${chosenKey}.pyc`);
    const result = await execa(choice, ['-c', PROBE, PYTHON_BOOTSTRAP, pyc], {
      reject: false,
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
      extendEnv: false,
    });
    if (result.exitCode !== 0) {
      const why =
        result.failed && result.code === 'ENOENT' ? 'not found' : (String(result.stderr).trim().split('\n').pop() ?? result.shortMessage);
      throw new Error(
        `cannot run the Python interpreter "${choice}" (${why}); install Python 3 (apt-get install python3) or name an interpreter with --python PATH or the scenario field "python"`,
      );
    }
    const [executable, version] = String(result.stdout).trim().split('\n');
    // Anything that exits 0 (/bin/echo, /bin/true) would pass the exit code check: the probe's answer and its compiled bootstrap must be there.
    if (!executable || !version || !path.isAbsolute(executable) || !/^3\.\d+\.\d+$/.test(version) || !existsSync(pyc)) {
      throw new Error(
        `"${choice}" is not a Python 3 interpreter (asked for its executable and version, it answered ${JSON.stringify(String(result.stdout).trim().slice(0, 80))}); name a Python 3 interpreter with --python PATH or the scenario field "python", for example /usr/bin/python3`,
      );
    }
    compiledBootstraps.set(executable, pyc);
    mkdirSync(PYCACHE_PREFIX, { recursive: true });
    return { path: executable, version, bytecode: BYTECODE_POLICY };
  },
  bootstrapArgs(scenario, variant, interpreter) {
    const bootstrap = compiledBootstraps.get(interpreter) ?? PYTHON_BOOTSTRAP;
    // A derived variant's wrapper lives in a folder of its own (variant.root), which it hands back to the scenario folder.
    const root = variant.root ?? scenario.dir;
    const init = variant.initializer ? [moduleName(root, variant.initializer.file), variant.initializer.exportName] : [];
    return [bootstrap, root, moduleName(root, variant.handler.file), variant.handler.exportName, ...init];
  },
  environment() {
    return { PYTHONPYCACHEPREFIX: PYCACHE_PREFIX };
  },
  importTimingArgs() {
    return ['-X', 'importtime'];
  },
  parseImportTiming: parseImportTime,
  async missingModules(interpreter: string, scenario: Scenario, env: Record<string, string>) {
    if (scenario.requires.length === 0) return [];
    // One short process, and no module is imported: find_spec only looks (it imports a dotted name's parents).
    const check =
      'import sys, importlib.util\nfor m in sys.argv[1:]:\n    try:\n        found = importlib.util.find_spec(m) is not None\n    except Exception:\n        found = False\n    if not found: print(m)';
    const result = await execa(interpreter, ['-c', check, ...scenario.requires], {
      cwd: scenario.dir,
      env,
      extendEnv: false,
      reject: false,
      timeout: 30_000,
    });
    if (result.exitCode !== 0)
      throw new Error(
        `${interpreter} could not check the modules ${scenario.requires.join(', ')}: ${String(result.stderr).trim().split('\n').pop()}`,
      );
    return String(result.stdout)
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
  },
  installHint(interpreter, modules) {
    const tops = [...new Set(modules.map((m) => m.split('.')[0]!))];
    if (interpreter.startsWith('/usr/bin/python3')) {
      return `apt-get update && apt-get install -y --no-install-recommends ${tops.map((m) => `python3-${m.toLowerCase().replace(/_/g, '-')}`).join(' ')}`;
    }
    return `${interpreter} -m pip install ${tops.join(' ')}`;
  },
  async diskColdFiles(interpreter, scenario) {
    // Its required packages and the bytecode cache are read at every start too.
    return { nodeModules: false, extraDirs: [PYCACHE_PREFIX, ...(await pythonPackageDirs(interpreter, scenario.requires))] };
  },
  lambda: {
    // docs/aws.md: Lambda's runtime table (deprecation 2028-10-31, 2029-06-30, 2030-06-30); the newest is the default.
    runtimes: ['python3.12', 'python3.13', 'python3.14'],
    defaultRuntime: 'python3.14',
    snapStartRuntimes: ['python3.12', 'python3.13', 'python3.14'],
    importTimingVariables: PYTHON_IMPORT_TIMING_VARIABLES,
    importTimingMethod:
      'python -X importtime on Lambda (PYTHONPROFILEIMPORTTIME=1; the entry captures fd 2 during INIT and the first request and returns it in the response)',
    entry: PYTHON_ENTRY,
    packageFiles: (scenario, variant, options) => pythonPackageFiles(scenario, variant, options),
  },
};
