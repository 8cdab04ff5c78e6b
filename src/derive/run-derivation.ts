import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { LocalRunOptions } from '../targets/local/local-runner.js';
import { ConfigError } from '../core/config-error.js';
import { createRunDir, forgetRunDir } from '../report/writer.js';
import type { Scenario } from '../scenario/types.js';
import { deriveScenario } from './derive.js';
import { checkEquivalence } from './equivalence.js';
import type { DerivationRecord } from '../core/derivation.js';

/**
 * Derives the variants of every scenario that asks for it, into
 * `<runDir>/derived/<scenario>/<variant>/`, and checks each derived variant's
 * response against the original's before anything is measured. Creates the run
 * folder when there is something to derive (`createdDir`). Throws a ConfigError
 * when a derived variant answers differently: the run stops before sampling
 * (unless `ctx.responseCheck` is false).
 */
export async function deriveAll(
  scenarios: Scenario[],
  runDir: string,
  mustBeNew: boolean,
  ctx: Pick<LocalRunOptions, 'region' | 'runtimeFor' | 'signal'> & {
    /** false (`--no-response-check`): do not compare the derived variants' responses with the original's. */
    responseCheck?: boolean;
  },
  io: { stderr: (t: string) => void },
): Promise<{ scenarios: Scenario[]; records: DerivationRecord[]; createdDir: boolean; madeFolder: boolean }> {
  if (!scenarios.some((s) => s.derive)) return { scenarios, records: [], createdDir: false, madeFolder: false };
  const madeFolder = !existsSync(runDir);
  try {
    createRunDir(runDir, mustBeNew); // refuses a folder that holds another run's files, derived/ included
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
  removeAtExitUnlessMeasured(runDir, madeFolder);
  if (existsSync(path.join(runDir, 'samples.csv'))) {
    throw new ConfigError([`--out ${runDir}: it already holds a run (samples.csv); a run never overwrites another, choose a new folder`]);
  }
  const records: DerivationRecord[] = [];
  const out: Scenario[] = [];
  let keepFiles = false;
  try {
    for (const scenario of scenarios) {
      if (!scenario.derive) {
        out.push(scenario);
        continue;
      }
      io.stderr(
        `coldbench: ${scenario.name}: deriving ${scenario.derive.variants.map((v) => v.name).join(', ')} from ${scenario.derive.handler.ref}${scenario.derive.lazy ? '' : ' (finding its heavy imports first)'}…`,
      );
      const { scenario: derived, record } = await deriveScenario(scenario, path.join(runDir, 'derived', scenario.name), runDir, ctx);
      const lazy = record.decisions.filter((d) => d.lazy).map((d) => d.module);
      const kept = record.decisions.filter((d) => !d.lazy);
      io.stderr(
        `coldbench: ${scenario.name}: lazy: ${lazy.length ? lazy.join(', ') : 'nothing'}${kept.length ? `; left as written: ${kept.map((d) => `${d.module} (${d.why})`).join('; ')}` : ''}`,
      );
      const check = await checkEquivalence(derived, record, ctx);
      record.notes.push(...check.notes);
      for (const n of check.notes) io.stderr(`coldbench: ${scenario.name}: ${n}`);
      if (check.problems.length > 0) {
        keepFiles = true; // the message points at the refused variant's code
        earlyRunDirs.delete(runDir);
        throw new ConfigError(check.problems);
      }
      if (record.responseCheck?.compared)
        io.stderr(
          `coldbench: ${scenario.name}: derived variants answer the event as the original does${record.responseCheck.ignored.length > 0 ? ' (where the original agrees with itself)' : ''}`,
        );
      records.push(record);
      out.push({ ...derived, derive: undefined });
    }
  } catch (error) {
    if (!keepFiles) removeEarlyRunDir(runDir, madeFolder);
    forgetRunDir(runDir); // this run is over: the folder is no longer its own to reuse
    throw error;
  }
  return { scenarios: out, records, createdDir: true, madeFolder };
}

/**
 * Run folders whose derived files go when the process ends before measuring:
 * an interrupt during derivation or the preflight exits at once, saying that
 * nothing was written, so nothing must be left. A no-op for a run that
 * measured (samples.csv exists) or whose refused variants are kept on purpose.
 */
const earlyRunDirs = new Map<string, boolean>();
let exitHook = false;
function removeAtExitUnlessMeasured(runDir: string, madeFolder: boolean): void {
  if (!exitHook)
    process.once('exit', () => {
      for (const [dir, made] of earlyRunDirs) removeEarlyRunDir(dir, made);
    });
  exitHook = true;
  earlyRunDirs.set(runDir, madeFolder);
}

/** Removes the derived files when the run stops before measuring (no samples.csv yet), and the run folder too when this run made it and it is empty. */
export function removeEarlyRunDir(runDir: string, madeFolder: boolean): void {
  forgetRunDir(runDir);
  if (!existsSync(runDir) || existsSync(path.join(runDir, 'samples.csv'))) return;
  rmSync(path.join(runDir, 'derived'), { recursive: true, force: true });
  if (madeFolder && readdirSync(runDir).length === 0) rmSync(runDir, { recursive: true, force: true });
}
