import { describe, expect, it } from 'vitest';
import { svgCharts } from '../../src/report/svg.js';
import { distributionChart } from '../../src/report/svg/distribution.js';
import { autoScale, linearScale, logScale } from '../../src/report/svg/scale.js';
import { fixedRun } from './fixed-run.js';
import { svgProblems } from './svg-check.js';

describe('SVG charts', () => {
  it('writes the four charts of a scenario, each well-formed SVG naming every variant', () => {
    const files = svgCharts(fixedRun());
    expect(files.map((f) => f.file)).toEqual(['demo-cold.svg', 'demo-phases.svg', 'demo-warm.svg', 'demo-traffic.svg']);
    for (const { file, svg } of files) {
      expect(svgProblems(svg), file).toEqual([]);
      expect(svg, file).toContain('<rect x="0.5" y="0.5"'); // the solid white card: readable in light and dark themes
      expect(svg, file).toContain('fill="#ffffff"');
      for (const variant of ['preload', 'lazy']) expect(svg, file).toContain(variant);
    }
    const cold = files[0]!.svg;
    expect(cold).toContain('<g class="variant" data-variant="preload">');
    expect(cold.match(/<circle /g)).toHaveLength(16); // every cold sample of both variants is a dot
    expect(cold).toContain('median 105 ms · n 8');
    expect(files[3]!.svg).toContain('data-series="lazy, on demand"');
    // every p99 of the fixed run rests on too few samples: drawn hollow, and the tooltip says †
    const traffic = files[3]!.svg;
    expect(traffic).toContain('hollow: p99 on too few samples (†)');
    expect(traffic.match(/<circle [^>]*fill="#fff" stroke=/g)).toHaveLength(10); // 2 plans × 5 rates on the p99 panel
    expect(traffic).toContain('† (too few samples for this tail)');
  });

  it('is deterministic and escapes names', () => {
    expect(svgCharts(fixedRun())).toEqual(svgCharts(fixedRun()));
    const svg = distributionChart('a <b> & "c"', 'sub', [{ label: 'x<y', values: [1, 2, 3] }]);
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain('x&lt;y');
    expect(svg).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;</title>');
  });

  it('the check itself catches broken SVG', () => {
    expect(svgProblems('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>')).not.toEqual([]);
    expect(svgProblems('<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>')).toEqual(['unescaped & in text: a & b']);
  });
});

describe('scales', () => {
  it('linear scales start at 0 and end on a nice tick', () => {
    const s = linearScale(0, 108, 0, 100);
    expect(s.ticks).toEqual([0, 50, 100, 150]);
    expect(s(75)).toBe(50);
  });

  it('log scales cover whole decades and are chosen when values span more than 30×', () => {
    const s = logScale(0.26, 250, 0, 300);
    expect(s.ticks[0]).toBe(0.1);
    expect(s.ticks.at(-1)).toBe(1000);
    expect(s(1)).toBe(75);
    expect(autoScale([0.26, 250], 0, 100).log).toBe(true);
    expect(autoScale([100, 250], 0, 100).log).toBe(false);
  });
});
