import type { RunResult } from '../core/model.js';
import { IMPORTS_JSON } from '../core/paths.js';
import { summarize, type VariantSummary } from '../core/summary.js';
import { summaryCsv } from './csv.js';
import { importsCsv } from './imports-csv.js';
import { jsonExport } from './json.js';
import { markdownReport } from './markdown.js';
import { svgCharts } from './svg.js';

/** One file of a run's folder, rendered. */
export interface RenderedFile {
  /** Name inside the run folder. */
  file: string;
  content: string;
}

/**
 * One output format: renders a run (and its summaries, computed once per flush)
 * to files. Pure. Adding a format is one file and one entry in EXPORTERS.
 */
export interface Exporter {
  name: string;
  render(result: RunResult, summaries: VariantSummary[]): RenderedFile[];
}

const runJson: Exporter = { name: 'run.json', render: (r) => [{ file: 'run.json', content: JSON.stringify(r.meta, null, 2) + '\n' }] };
const summary: Exporter = { name: 'summary.csv', render: (r) => [{ file: 'summary.csv', content: summaryCsv(r) }] };
const charts: Exporter = { name: 'svg', render: (r) => svgCharts(r).map((c) => ({ file: c.file, content: c.svg })) };
const markdown: Exporter = { name: 'report.md', render: (r) => [{ file: 'report.md', content: markdownReport(r) }] };
const imports: Exporter = {
  name: 'imports.csv',
  render: (r) => (r.imports ? [{ file: 'imports.csv', content: importsCsv(r.meta.runId, r.imports) }] : []),
};
/** The breakdown as the report uses it, so that `npm run report` renders "Where INIT goes" again (imports.csv holds less). */
const importsJson: Exporter = {
  name: IMPORTS_JSON,
  render: (r) => (r.imports ? [{ file: IMPORTS_JSON, content: JSON.stringify(r.imports, null, 2) + '\n' }] : []),
};
const json: Exporter = { name: 'results.json', render: (r, s) => [{ file: 'results.json', content: jsonExport(r, s) }] };

/** Every format a run folder holds besides samples.csv (appended as samples arrive), in the order they are written. */
export const EXPORTERS: readonly Exporter[] = [runJson, summary, charts, markdown, imports, importsJson, json];

/** Renders every exporter's files for a run. */
export function renderRun(result: RunResult, exporters: readonly Exporter[] = EXPORTERS): RenderedFile[] {
  const summaries = summarize(result);
  return exporters.flatMap((e) => e.render(result, summaries));
}
