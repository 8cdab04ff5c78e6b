import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { summarize } from '../core/summary.js';
import { jsonExport } from '../report/json.js';
import type { DerivationRecord } from '../core/derivation.js';
import type { RunMeta, TrafficSettings } from '../core/model.js';
import type { ObservedTraffic } from '../core/observed.js';
import { redact } from '../core/redact.js';
import { gitState, harnessVersion, hostInfo } from '../core/run-meta.js';
import type { ScenarioImports } from '../imports/model.js';
import { consoleSummary } from '../report/console-summary.js';
import { openRunWriter, type RunWriter } from '../report/writer.js';
import type { Scenario } from '../scenario/types.js';
import { exitCodeOf, EXIT } from './exit-codes.js';
import { onInterrupt } from './interrupt.js';
import { measureSections } from './rounds.js';
import type { Section, Target } from './target.js';

/** How many samples, and everything of a run that is not the target's. */
export interface RunSettings {
  runId: string;
  started: Date;
  /** The run's folder. */
  dir: string;
  /** `results/<run-id>/` must be new; an `--out` folder (or one derivation made) may exist. */
  dirMustBeNew: boolean;
  /** A number of rounds, or adaptive sampling between coldMin and coldMax rounds. */
  cold: number | { auto: true; targetPct: number; minRounds: number; maxRounds: number };
  warm: number;
  warmup: number;
  baseline?: string;
  traffic: TrafficSettings;
  /** Take the per-module import breakdown where the target can. */
  imports: boolean;
  /** How the breakdown is taken, for run.json. */
  importsMethod: string;
  command: string[];
  skipped: { scenario: string; reason: string }[];
  derived: DerivationRecord[];
  /** `--traffic-from`: a deployed function's recorded traffic, replayed by the report for every strategy. */
  observed?: ObservedTraffic;
  /** Also write results.json here at the end (`-`: standard output, and the console table goes to stderr). */
  jsonOut?: string;
  /** Renames a derived scenario's modules in its breakdown (derived variants load copies of the original). */
  relabelImports?: (imports: ScenarioImports) => ScenarioImports;
}

export interface RunIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** run.json's scenarios: one entry per report section (a scenario, or a scenario at one memory size and architecture). */
function scenarioInfo(sections: Section[]): RunMeta['scenarios'] {
  return sections.map((section) => ({
    name: section.name,
    description: section.scenario.description,
    runtime: section.scenario.runtime,
    env: section.scenario.env,
    variants: section.units.map(({ variant: v }) => ({
      name: v.name,
      strategy: v.strategy,
      handler: v.handler.ref,
      ...(v.initializer ? { initializer: v.initializer.ref } : {}),
    })),
  }));
}

/**
 * One run on any target: prepare it, write its files as samples arrive,
 * measure section after section, and always release what the target created.
 * The first Ctrl-C stops measuring and keeps every sample taken; while the
 * target still holds resources the second says so and the third quits; else
 * the second quits at once. Returns the exit code.
 */
export async function runBenchmark(target: Target, scenarios: Scenario[], settings: RunSettings, io: RunIo): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  let measuring = false;
  const stopListening = onInterrupt((signal) => {
    interrupts++;
    const pending = target.pending();
    if (interrupts === 1) {
      const kept = measuring ? 'the samples taken so far are kept' : 'nothing was measured yet';
      io.stderr(
        `\ncoldbench: ${signal}: stopping; ${kept}${pending.length > 0 ? `, and the ${pending.length} resource(s) the run created are being deleted` : ''} (again to quit at once)`,
      );
      controller.abort();
    } else if (interrupts === 2 && pending.length > 0) {
      io.stderr(
        `coldbench: still deleting ${pending.length} resource(s); press Ctrl-C again to quit and leave them (then run: npm run bench -- --cleanup)`,
      );
    } else {
      if (pending.length > 0) io.stderr(`coldbench: quitting; left behind: ${pending.join(', ')}`);
      target.abandon?.();
      process.exit(EXIT.interrupted);
    }
  });
  const cleanup = () => target.cleanup((line) => io.stderr(`coldbench: ${line}`));

  let sections: Section[];
  try {
    sections = await target.prepare(scenarios, controller.signal);
  } catch (error) {
    await cleanup();
    stopListening();
    throw error;
  }
  if (controller.signal.aborted) {
    await cleanup();
    stopListening();
    io.stderr('coldbench: stopped before measuring; nothing was written');
    return EXIT.interrupted;
  }

  const auto = typeof settings.cold === 'object' ? settings.cold : undefined;
  const meta: RunMeta = {
    runId: settings.runId,
    harness: { name: 'coldbench', version: harnessVersion(), ...(await gitState()) },
    target: target.name,
    samples: { cold: auto ? auto.minRounds : (settings.cold as number), warm: settings.warm, warmup: settings.warmup },
    ...target.describe(),
    ...(settings.baseline !== undefined ? { baseline: settings.baseline } : {}),
    sampling: auto
      ? { mode: 'auto', targetPct: auto.targetPct, minRounds: auto.minRounds, maxRounds: auto.maxRounds, scenarios: {} }
      : { mode: 'fixed' },
    traffic: settings.traffic,
    host: hostInfo(),
    scenarios: scenarioInfo(sections),
    ...(settings.skipped.length ? { skipped: settings.skipped } : {}),
    ...(settings.derived.length ? { derived: settings.derived } : {}),
    importBreakdown: !settings.imports
      ? 'off (--no-imports)'
      : target.breakDownImports
        ? settings.importsMethod
        : (target.noImportBreakdown ?? 'not available on this target'),
    startedAt: settings.started.toISOString(),
    endedAt: null,
    status: 'running',
    command: settings.command.map((a) => redact(a)),
  };
  let writer: RunWriter;
  try {
    writer = openRunWriter(settings.dir, settings.dirMustBeNew, meta, settings.observed);
  } catch (error) {
    await cleanup();
    stopListening();
    throw error;
  }
  const cold = auto ? `${auto.minRounds}–${auto.maxRounds} cold (until ±${auto.targetPct} %)` : `${settings.cold as number} cold`;
  io.stderr(`coldbench: run ${settings.runId}: ${cold} and ${settings.warm} warm samples per variant, writing to ${settings.dir}`);

  measuring = true;
  let lastSection = '';
  let partial = false;
  const measuringStarted = performance.now();
  try {
    const sampling = await measureSections(target, sections, {
      runId: settings.runId,
      cold: auto ? auto.maxRounds : (settings.cold as number),
      ...(auto ? { adaptive: { targetPct: auto.targetPct, minRounds: auto.minRounds, maxRounds: auto.maxRounds } } : {}),
      ...(settings.baseline !== undefined ? { baseline: settings.baseline } : {}),
      warm: settings.warm,
      signal: controller.signal,
      record: (row) => {
        if (lastSection && row.scenario !== lastSection) writer.flush(); // a finished section's report is on disk
        lastSection = row.scenario;
        writer.append(row);
      },
      progress: (line) => io.stderr(line),
      ...(settings.imports
        ? {
            recordImports: (imports: ScenarioImports) => {
              writer.addImports(settings.relabelImports ? settings.relabelImports(imports) : imports);
              writer.flush();
            },
          }
        : {}),
    });
    if (meta.sampling?.mode === 'auto') {
      meta.sampling.scenarios = sampling;
      meta.samples.cold = Math.max(meta.samples.cold, ...Object.values(sampling).map((s) => s.rounds));
    }
  } catch (error) {
    if (!controller.signal.aborted) io.stderr(`coldbench: the run stopped: ${(error as Error).message}`);
    partial = true;
  } finally {
    await cleanup();
    stopListening();
    Object.assign(meta, target.describe());
    meta.status = controller.signal.aborted || partial ? 'partial' : 'complete';
    meta.endedAt = new Date().toISOString();
    writer.flush();
  }

  const result = writer.result();
  if (settings.jsonOut === '-') {
    io.stderr(consoleSummary(result));
    io.stdout(jsonExport(result, summarize(result)).trimEnd());
  } else {
    io.stdout(consoleSummary(result));
    if (settings.jsonOut) writeFileSync(settings.jsonOut, jsonExport(result, summarize(result)));
  }
  const failed = writer.samples.filter((r) => r.error).length;
  const coldCount = writer.samples.filter((r) => r.kind === 'cold').length;
  const minutes = (performance.now() - measuringStarted) / 60_000;
  const rate = minutes > 0 && coldCount > 0 ? `, ${(coldCount / minutes).toFixed(1)} cold samples per minute` : '';
  const note = target.closingNote?.();
  io.stderr(
    `coldbench: ${writer.samples.length} samples${failed ? `, ${failed} failed` : ''}${note ? `, ${note}` : ''}${rate}; report: ${path.join(settings.dir, 'report.md')}`,
  );
  return exitCodeOf({ interrupted: controller.signal.aborted, failedSamples: failed, partial });
}
