import { describe, expect, it } from 'vitest';
import { analyseImports, displayModuleName } from '../../src/imports/breakdown.js';
import type { ImportRecord } from '../../src/imports/model.js';
import { importsCsv } from '../../src/report/imports-csv.js';
import { markdownReport } from '../../src/report/markdown.js';
import { fixedRun } from './fixed-run.js';

const modules: ImportRecord[] = [
  { module: 'numpy.core', parent: 'numpy', depth: 2, selfMs: 30, cumulativeMs: 30 },
  { module: 'numpy', parent: 'handler', depth: 1, selfMs: 10, cumulativeMs: 40 },
  { module: 'reportlab', parent: 'handler', depth: 1, selfMs: 50, cumulativeMs: 50 },
  { module: 'json', parent: 'handler', depth: 1, selfMs: 1, cumulativeMs: 1 },
  { module: 'handler', depth: 0, selfMs: 2, cumulativeMs: 93 },
];

const imports = analyseImports({
  scenario: 'demo',
  runtime: 'python',
  variant: 'preload',
  method: 'python -X importtime',
  initMs: 100,
  modules,
  requestPath: { variant: 'lazy', modules: new Set(['lazy', 'numpy', 'numpy.core', 'json']) },
});

describe('import-time breakdown: analysis and exporters', () => {
  it('names heavy top-level imports the request does not need as lazy candidates', () => {
    expect(imports.candidates).toEqual([
      { module: 'reportlab', cumulativeMs: 50, share: 0.5, reason: 'not-on-request-path' },
      { module: 'numpy', cumulativeMs: 40, share: 0.4, reason: 'on-request-path' },
    ]); // json is top-level but light; numpy.core is not top-level
    const unchecked = analyseImports({ scenario: 'demo', runtime: 'python', variant: 'preload', method: 'm', initMs: 100, modules });
    expect(unchecked.candidates.map((c) => c.reason)).toEqual(['unchecked', 'unchecked']);
  });

  it('shortens Node module paths', () => {
    expect(displayModuleName('/work/s/a/lib/x.mjs', '/work/s/a')).toBe('lib/x.mjs');
    expect(displayModuleName('/work/node_modules/a/node_modules/@x/y/index.js', '/work/s/a')).toBe('@x/y/index.js');
    expect(displayModuleName('numpy.core', '/work/s/a')).toBe('numpy.core');
  });

  it('writes imports.csv in load order with shares and verdicts', () => {
    expect(importsCsv('R1', [imports]).trim().split('\n')).toEqual([
      'run_id,scenario,runtime,variant,order,module,parent,depth,self_ms,cumulative_ms,share_of_init,lazy_candidate',
      'R1,demo,python,preload,1,numpy.core,numpy,2,30,30,0.3,',
      'R1,demo,python,preload,2,numpy,handler,1,10,40,0.4,on-request-path',
      'R1,demo,python,preload,3,reportlab,handler,1,50,50,0.5,not-on-request-path',
      'R1,demo,python,preload,4,json,handler,1,1,1,0.01,',
      'R1,demo,python,preload,5,handler,,0,2,93,0.93,',
    ]);
  });

  it('adds "Where INIT goes" to the scenario\'s section of report.md', () => {
    const report = markdownReport({ ...fixedRun(), imports: [imports] });
    const section = report.slice(report.indexOf('### Where INIT goes'));
    expect(section).toContain('| `reportlab` | `handler` | 50.0 ms | 50.0 ms | 50 % |');
    expect(section.indexOf('`reportlab`')).toBeLessThan(section.indexOf('`numpy`')); // by cumulative time
    expect(section).toContain('- Candidates for lazy loading: `reportlab` (50.0 ms, 50 %)');
    expect(section).toContain('- Heavy but needed by the measured request (**lazy** loaded them for it): `numpy` (40.0 ms, 40 %)');
    expect(section).not.toMatch(/^\| `handler` \|/m); // the entry module is the whole, not a row
    expect(report).toContain('is heavy when it takes at least 5 % of INIT');
    expect(markdownReport(fixedRun())).not.toContain('Where INIT goes');
  });
});
