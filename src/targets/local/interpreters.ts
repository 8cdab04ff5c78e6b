import { ConfigError } from '../../core/config-error.js';
import type { RunMeta } from '../../core/model.js';
import { runtimeFor } from '../../runtimes/registry.js';
import type { Interpreter, Runtime } from '../../runtimes/runtime.js';
import type { Scenario } from '../../scenario/types.js';
import type { LocalContext } from './local-runner.js';
import type { Skipped } from './requirements.js';

type Resolved = { runtime: Runtime; interpreter: Interpreter };

/** Where each scenario's interpreter comes from: `--python`, else the scenario's own "python" field, else the runtime's default. */
export interface InterpreterChoice {
  /** `--python`: the interpreter of every Python scenario. */
  python?: string;
}

function chosen(scenario: Scenario, choice: InterpreterChoice): string | undefined {
  return scenario.runtime === 'python' ? (choice.python ?? scenario.python) : undefined;
}

const keyOf = (scenario: Scenario, choice: InterpreterChoice) => `${scenario.runtime}\u0000${chosen(scenario, choice) ?? ''}`;

/** The local interpreters of a run's scenarios, resolved once each. */
export interface LocalInterpreters {
  /** The context local environments start with (region, and each scenario's runtime and interpreter). */
  context: LocalContext;
  /** Scenarios whose default interpreter is missing (no Python on this machine): skipped, with the reason. */
  unavailable: Skipped[];
  /** run.json's interpreters: by runtime name, or `name@path` when one runtime runs under several interpreters. */
  record(scenarios: Scenario[]): RunMeta['interpreters'];
}

/**
 * Finds each scenario's interpreter. An interpreter someone named (--python, the
 * field "python") that does not run is a configuration error; when the default
 * one is missing, its scenarios are skipped instead.
 */
export async function resolveInterpreters(scenarios: Scenario[], choice: InterpreterChoice, region: string): Promise<LocalInterpreters> {
  const resolved = new Map<string, Resolved>();
  const failed = new Map<string, string>();
  const problems: string[] = [];
  const unavailable: Skipped[] = [];
  for (const scenario of scenarios) {
    const key = keyOf(scenario, choice);
    if (!resolved.has(key) && !failed.has(key)) {
      try {
        const runtime = runtimeFor(scenario.runtime);
        resolved.set(key, { runtime, interpreter: await runtime.resolveInterpreter(chosen(scenario, choice)) });
      } catch (error) {
        failed.set(key, (error as Error).message);
      }
    }
    const why = failed.get(key);
    if (why === undefined) continue;
    if (chosen(scenario, choice) !== undefined || scenario.runtime !== 'python') {
      const field =
        choice.python && scenario.runtime === 'python' ? 'flag --python' : scenario.python ? 'field "python"' : 'field "runtime"';
      problems.push(`${scenario.file}: ${field}: ${why}`);
    } else {
      unavailable.push({ scenario: scenario.name, reason: `skipped: ${why}` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const context: LocalContext = {
    region,
    runtimeFor: (s: Scenario) => {
      const r = resolved.get(keyOf(s, choice));
      if (!r) throw new Error(`coldbench: no interpreter was resolved for scenario ${s.name}`);
      return { runtime: r.runtime, interpreter: r.interpreter.path };
    },
  };
  return {
    context,
    unavailable,
    record(used: Scenario[]) {
      const list = [...new Set(used.map((s) => resolved.get(keyOf(s, choice))).filter((r): r is Resolved => r !== undefined))];
      const out: RunMeta['interpreters'] = {};
      for (const { runtime, interpreter } of list) {
        const several = new Set(list.filter((r) => r.runtime.name === runtime.name).map((r) => r.interpreter.path)).size > 1;
        out[several ? `${runtime.name}@${interpreter.path}` : runtime.name] = {
          path: interpreter.path,
          version: interpreter.version,
          ...(interpreter.bytecode ? { bytecode: interpreter.bytecode } : {}),
        };
      }
      return out;
    },
  };
}
