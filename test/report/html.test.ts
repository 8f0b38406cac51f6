/**
 * The HTML report as a string: every chart is there, the chance line only where chance is defined,
 * findings carry their code, several runs render side by side, and user text cannot inject markup.
 */
import type { RunLog } from '../../src/reporters/json';
import { renderHtml } from '../../src/reporters/html';
import { esc } from '../../src/reporters/svg';
import { brokenRunLog, healthyRunLog } from './fixtures';

let broken: RunLog;
let healthy: RunLog;
beforeAll(async () => {
  [broken, healthy] = [await brokenRunLog(), await healthyRunLog()];
});

const CHARTS = ['loss', 'accuracy', 'dead-units', 'grad-norm', 'update-ratio'];
/** The markup of the <svg data-chart="…"> element (first one). */
const svgOf = (html: string, chart: string) => html.match(new RegExp(`<svg[^>]*data-chart="${chart}"[\\s\\S]*?</svg>`))?.[0] ?? '';

describe('renderHtml', () => {
  it('is one self-contained page with every chart', () => {
    const html = renderHtml(broken);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const chart of CHARTS) expect(svgOf(html, chart)).toMatch(/<(path class="series"|rect class="cell)/);
    // Offline: nothing is fetched (no src/href to anything, a CSP forbidding requests).
    expect(html).not.toMatch(/\b(src|href)=|@import|url\(http|<link/);
    expect(html).toContain("default-src 'none'");
  });

  it('draws the story as a timeline over the loss curve: numbered markers at its steps and the chain in words under it; none for a healthy run', () => {
    const html = renderHtml(broken);
    expect(html).toContain('<h2>The story of the run</h2>');
    const chart = svgOf(html, 'story');
    const steps = broken.story!.flatMap((c) => c.events.map((e) => e.step));
    expect(chart.match(/data-role="story-marker"/g)).toHaveLength(new Set(steps).size);
    expect(chart).toContain('class="marker-label">1</text>');
    for (const e of broken.story![0].events) expect(html).toContain(`data-step="${e.step}" data-key="${e.key}"`);
    expect(html).toMatch(/<p class="story-cause">Cause: [^<]+\.<\/p>/);
    expect(renderHtml(healthy)).not.toContain('The story of the run');
  });

  it('draws the chance line ln C on the loss chart and 1/C on the accuracy chart of a classifier', () => {
    const html = renderHtml(broken);
    expect(svgOf(html, 'loss')).toContain('data-role="chance-line"');
    expect(svgOf(html, 'loss')).toContain('chance ln 3 = 1.10');
    expect(svgOf(html, 'accuracy')).toContain('chance 1/3 = 33.3%');
  });

  it('draws no chance line for a regression', () => {
    const regression = structuredClone(broken);
    regression.record.model.task = 'regression';
    delete regression.record.model.numClasses;
    const html = renderHtml(regression);
    expect(svgOf(html, 'loss')).toMatch(/<path class="series"/);
    expect(html).not.toContain('data-role="chance-line"');
  });

  it('renders each finding with its code, evidence and fixes as expandable code, and marks it on the loss chart', () => {
    const html = renderHtml(broken);
    expect(broken.findings.length).toBeGreaterThan(0);
    for (const f of broken.findings) {
      expect(html).toContain(`data-finding="${f.code}"`);
      for (const fix of f.fixes.filter((x) => x.code)) expect(html).toContain(`<pre><code>${esc(fix.code)}</code></pre>`);
    }
    expect(html).toMatch(/<details><summary>[^<]+<\/summary><div class="snippet"><button type="button" class="copy" data-copy hidden>Copy<\/button>/);
    expect(svgOf(html, 'loss').match(/data-role="finding-marker"/g)).toHaveLength(broken.findings.length);
  });

  it('renders any finding code generically, including ones it has never heard of', () => {
    const log = structuredClone(healthy);
    log.findings = [{ ...broken.findings[0], code: 'from_the_future' as never, evidence: { answer: 42, why: 'because' } as never }];
    const html = renderHtml(log);
    expect(html).toContain('data-finding="from_the_future"');
    expect(html).toContain('<th>answer</th><td>42</td><th>why</th><td>because</td>');
  });

  it('escapes user text: layer names, model names, messages', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const log = structuredClone(broken);
    log.record.model.name = `"${evil}`;
    const oldName = log.record.model.layers[0].name;
    log.record.model.layers[0].name = evil;
    for (const p of log.record.probes) p.layers[evil] = p.layers[oldName];
    log.findings[0] = { ...log.findings[0], layer: evil, message: `</script><script>alert(2)</script>` };
    const html = renderHtml(log, { title: evil, runLabels: [evil] });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html.match(/<script>/g)).toHaveLength(1); // only the copy-button script
  });

  it('puts several runs side by side with a combined loss chart', () => {
    const html = renderHtml([broken, healthy], { runLabels: ['seed', 'fixed'] });
    expect(svgOf(html, 'loss-comparison').match(/<path class="series"/g)).toHaveLength(2);
    for (const chart of CHARTS) expect(html.match(new RegExp(`<svg[^>]*data-chart="${chart}"`, 'g'))).toHaveLength(2);
    expect(html).toContain('<h2>seed</h2>');
    expect(html).toContain('<h2>fixed</h2>');
  });

  it('switches the loss axis to log when the loss spans more than two decades (31000 → 2.3)', () => {
    const log = structuredClone(healthy);
    const n = log.record.steps.loss.length;
    log.record.steps.loss = log.record.steps.loss.map((_, i) => 31000 * Math.exp((Math.log(2.3 / 31000) * i) / (n - 1)));
    expect(svgOf(renderHtml(log), 'loss')).toContain('data-y-scale="log"');
    expect(svgOf(renderHtml(healthy), 'update-ratio')).toContain('data-y-scale="log"');
    expect(svgOf(renderHtml(broken), 'loss')).toContain('data-y-scale="linear"');
  });

  it('draws weights that never moved (every gradient and update exactly 0) on the zero line, with no NaN', () => {
    const log = structuredClone(healthy);
    for (const p of log.record.probes) for (const l of Object.values(p.layers)) Object.assign(l, { gradNorm: 0, updateRatio: 0 });
    const html = renderHtml(log);
    for (const chart of ['grad-norm', 'update-ratio']) {
      const svg = svgOf(html, chart);
      expect(svg).toMatch(/<path class="series" d="M/);
      expect(svg).not.toContain('NaN');
    }
  });

  it('shows the test accuracy a run log carries (the example writes it) apart from the last training batch', () => {
    const html = renderHtml({ ...healthy, testAccuracy: 0.423 } as RunLog);
    expect(html).toContain('<span>test accuracy</span><strong>42.3%</strong>');
    expect(html).toContain('<span>training accuracy, last step</span>');
    expect(renderHtml(healthy)).not.toContain('test accuracy');
  });

  it('says what is missing instead of drawing an empty chart', () => {
    const log = structuredClone(broken);
    log.record.probes = [];
    log.record.steps.accuracy = log.record.steps.accuracy.map(() => NaN);
    const html = renderHtml(log);
    expect(html).toMatch(/<figure class="cell empty" data-chart="accuracy">.*metrics: \[&#39;accuracy&#39;\]/);
    expect(html).toContain('<figure class="cell empty" data-chart="dead-units">');
    expect(html).toContain('<figure class="cell empty" data-chart="grad-norm">');
  });

  it('reads a run log straight from JSON (nulls where NaN was)', () => {
    const json = JSON.parse(JSON.stringify({ ...broken, record: { ...broken.record, steps: { ...broken.record.steps, loss: broken.record.steps.loss.map((v, i) => (i === 3 ? NaN : v)) } } }));
    expect(json.record.steps.loss[3]).toBeNull();
    expect(svgOf(renderHtml(json), 'loss')).toMatch(/<path class="series" d="M[^"]+M/); // the gap starts a new segment
  });
});
