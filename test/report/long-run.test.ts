/**
 * Bounded long runs: a 50,000-step run's log and report stay small (≤ 1 MB, ≤ 1.5 MB) and still hold every
 * spike and every step a finding names; `cnn-doctor report` reads a thinned log as the live report says it;
 * a short real fit's log is exactly what it always was (nothing is thinned below the limits).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../src/cli/report';
import { PROBE_LIMITS, STEP_LIMITS } from '../../src/record-thinning';
import { Report } from '../../src/report';
import { renderHtml } from '../../src/reporters/html';
import { toRunLog, type RunLog } from '../../src/reporters/json';
import { parseRunLog } from '../../src/reporters/run-log-schema';
import { decimate } from '../../src/reporters/svg';
import { blobs } from '../helpers/data';
import { longRunRecord } from '../helpers/long-run';
import { mlp } from '../helpers/models';
import { trainWithDoctor } from '../helpers/run';

const SPIKES = [
  { step: 30_001, loss: 9.5 },
  { step: 37_777, loss: NaN },
  { step: 44_444, loss: 7.7 },
  { step: 46_000, loss: 0.0125 },
];
const GRADIENT_SPIKE = { step: 33_350, factor: 1000 };
const DEAD_SPIKE = { step: 40_100, fraction: 0.9 };

/** The markup of the <svg data-chart="…"> element (first one). */
const svgOf = (html: string, chart: string) => html.match(new RegExp(`<svg[^>]*data-chart="${chart}"[\\s\\S]*?</svg>`))?.[0] ?? '';
/** The vertices of the path titled `title` in this chart's markup. */
function vertices(svg: string, title: string): [number, number][] {
  const d = svg.match(new RegExp(`<path class="series" d="([^"]*)"[^>]*><title>${title}</title>`))?.[1] ?? '';
  return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
const yTicks = (svg: string) => [...svg.matchAll(/<text class="tick" x="50"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('a 50,000-step run', () => {
  const { record, findings } = longRunRecord({
    spikes: SPIKES,
    gradientSpikes: [GRADIENT_SPIKE],
    deadSpikes: [DEAD_SPIKE],
    findings: [{ step: 41_234, resolvedAfter: 3_000 }, { step: 48_321 }],
  });
  // A second fit from step 25,000 on (fine-tuning): its start index must survive the thinning.
  record.fits.push({ ...record.fits[0], startIndex: 25_000, startStep: 25_000 });
  const report = new Report(findings, record);
  const log = report.toJSON();
  const json = JSON.stringify(log);
  const html = renderHtml(log);
  const full = toRunLog(record, findings, { thin: false });
  const fullHtml = renderHtml(full);
  const { steps } = log.record;
  const at = (step: number) => steps.step.indexOf(step);

  it('writes a run log ≤ 1 MB and an HTML report ≤ 1.5 MB (every step: several MB)', () => {
    expect(Buffer.byteLength(JSON.stringify(full))).toBeGreaterThan(3e6);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(1e6);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(1.5e6);
    // The renderer alone bounds a report drawn from every step too (lines decimated, heat-map columns merged).
    expect(Buffer.byteLength(fullHtml)).toBeLessThanOrEqual(1.5e6);
  });

  it('is a valid run log that says what it thinned', () => {
    const parsed = parseRunLog(JSON.parse(json));
    expect(parsed.thinning?.steps).toEqual({ recorded: 50_000, kept: steps.step.length, head: STEP_LIMITS.head, tail: STEP_LIMITS.tail, bucketSize: 48 });
    expect(parsed.thinning?.probes).toMatchObject({ recorded: record.probes.length, kept: log.record.probes.length, head: PROBE_LIMITS.head, tail: PROBE_LIMITS.tail });
    expect(parsed.thinning?.epochs).toBeUndefined(); // 782 epochs: under the limit
    for (const key of ['step', 'epoch', 'loss', 'dataLoss', 'accuracy', 'learningRate'] as const) expect(parsed.record.steps[key]).toHaveLength(steps.step.length);
    // The live record is untouched: the checks keep judging every step.
    expect(record.steps.step).toHaveLength(50_000);
  });

  it('keeps the first 2,000 and the last 500 steps as recorded', () => {
    expect(steps.step.slice(0, 2000)).toEqual(record.steps.step.slice(0, 2000));
    expect(steps.loss.slice(0, 2000)).toEqual(record.steps.loss.slice(0, 2000));
    expect(steps.step.slice(-500)).toEqual(record.steps.step.slice(-500));
    expect(steps.accuracy.slice(-500)).toEqual(record.steps.accuracy.slice(-500));
  });

  it('keeps every spike, the lowest dip and every step a finding was raised or changed at', () => {
    for (const spike of SPIKES) {
      expect(at(spike.step)).toBeGreaterThan(0);
      expect(steps.loss[at(spike.step)]).toBe(spike.loss); // NaN too (toBe uses Object.is)
    }
    for (const f of findings) for (const s of [f.step, ...f.history.map((h) => h.step)]) expect(at(s)).toBeGreaterThan(0);
    // Every kept step carries its own values, aligned.
    for (const i of [2500, 3000, 4000]) {
      const step = steps.step[i];
      expect([steps.loss[i], steps.accuracy[i], steps.epoch[i]]).toEqual([record.steps.loss[step], record.steps.accuracy[step], record.steps.epoch[step]]);
    }
  });

  it('keeps each fit’s first step where its startIndex points', () => {
    expect(log.record.fits.map((f) => steps.step[f.startIndex])).toEqual([0, 25_000]);
  });

  it('keeps the early probes, the probes with spikes and the steps they were taken at', () => {
    const probeSteps = log.record.probes.map((p) => p.step);
    expect(probeSteps.slice(0, PROBE_LIMITS.head)).toEqual(record.probes.slice(0, PROBE_LIMITS.head).map((p) => p.step));
    expect(probeSteps).toEqual(expect.arrayContaining([GRADIENT_SPIKE.step, DEAD_SPIKE.step, record.probes[record.probes.length - 1].step]));
    expect(log.record.probes.length).toBeLessThanOrEqual(PROBE_LIMITS.head + PROBE_LIMITS.tail + 2 * PROBE_LIMITS.buckets + findings.length * 2);
    for (const s of probeSteps) expect(at(s)).toBeGreaterThanOrEqual(0);
  });

  it('draws the spikes where a report of every step draws them', () => {
    const thinLoss = vertices(svgOf(html, 'loss'), 'loss \\(raw\\)');
    const fullLoss = vertices(svgOf(fullHtml, 'loss'), 'loss \\(raw\\)');
    const key = ([x, y]: [number, number]) => `${x} ${y}`;
    // The highest point of each spike's pixel column, in the full report, is a vertex of the thinned one.
    const top = (points: [number, number][], x: number) => points.filter((p) => Math.abs(p[0] - x) < 0.6).reduce((a, b) => (b[1] < a[1] ? b : a));
    const spikeColumns = SPIKES.filter((s) => s.loss > 1).map((s) => 56 + ((600 - 72) * s.step) / 50_000 - 0.05);
    for (const x of spikeColumns) {
      const peak = top(fullLoss, x);
      expect(thinLoss.map(key)).toContain(key(peak));
    }
    // The same y axis, the same finding markers on the curve.
    expect(yTicks(svgOf(html, 'loss'))).toEqual(yTicks(svgOf(fullHtml, 'loss')));
    expect(svgOf(html, 'loss').match(/data-role="finding-marker"/g)).toHaveLength(findings.length);
    // The NaN step breaks the line in both.
    expect(svgOf(html, 'loss').match(/d="[^"]*"[^>]*><title>loss \(raw\)/)![0].match(/M/g)).toHaveLength(2);
    // The gradient spike reaches the same decade on the gradient-norm chart.
    expect(yTicks(svgOf(html, 'grad-norm'))).toEqual(yTicks(svgOf(fullHtml, 'grad-norm')));
  });

  it('draws no more heat-map cells than the grid has room for, and keeps the dead-unit spike', () => {
    for (const page of [html, fullHtml]) {
      const heat = svgOf(page, 'dead-units');
      const cells = heat.match(/<rect class="cell/g)!.length;
      expect(cells).toBeLessThanOrEqual(2 * Math.floor(1200 / 4)); // two ReLU rows, 4 px a cell at most
      expect(heat).toMatch(/at most 90% of 32 units dead \(step 40100\)|hidden1 at step 40100: 90% of 32 units dead/);
    }
  });

  it('says on the run card how many steps the run had, and that the log is thinned', () => {
    expect(html).toMatch(/<span>steps<\/span><strong>50,000<\/strong>/);
    expect(html).toContain('data-role="thinning"');
    expect(fullHtml).not.toContain('data-role="thinning"');
  });

  it('reads back as it was written: `cnn-doctor report` prints the live report and renders the same page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnn-doctor-long-'));
    try {
      const file = join(dir, 'run.json');
      writeFileSync(file, json);
      let out = '';
      await runReport(file, join(dir, 'run.html'), (s) => (out += s));
      expect(out.startsWith(`${report.toString()}\n\n`)).toBe(true);
      expect(out).toContain('after 50000 steps');
      const parsed = parseRunLog(JSON.parse(json));
      expect(renderHtml(parsed)).toBe(html);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('thins an endless run to the same size: 200,000 steps fit in the same bounds', () => {
    const long = longRunRecord({ steps: 200_000, stepsPerEpoch: 8, spikes: [{ step: 150_001, loss: 12 }] });
    const bigger = toRunLog(long.record, long.findings);
    expect(Buffer.byteLength(JSON.stringify(bigger))).toBeLessThanOrEqual(1e6);
    expect(bigger.thinning?.epochs).toMatchObject({ recorded: 25_000 });
    expect(bigger.record.steps.loss[bigger.record.steps.step.indexOf(150_001)]).toBe(12);
  });
});

describe('decimate', () => {
  it('keeps at most four points per pixel column, every column’s extremes, and the gaps', () => {
    const points: [number, number][] = Array.from({ length: 100_000 }, (_, i) => [56 + (528 * i) / 100_000, 100 + 50 * Math.sin(i)]);
    points[70_000] = [points[70_000][0], 2];
    points[80_000] = [points[80_000][0], NaN];
    const out = decimate(points);
    expect(out.length).toBeLessThanOrEqual(4 * 529 + 1);
    expect(out).toContainEqual(points[70_000]);
    expect(out.filter((p) => Number.isNaN(p[1]))).toHaveLength(1);
    expect(Math.max(...out.filter((p) => Number.isFinite(p[1])).map((p) => p[1]))).toBe(Math.max(...points.filter((p) => Number.isFinite(p[1])).map((p) => p[1])));
  });
});

describe('a short real fit', () => {
  let log: RunLog;
  let run: Awaited<ReturnType<typeof trainWithDoctor>>;
  beforeAll(async () => {
    const data = blobs(256, 3, 8, 11, 1.5);
    run = await trainWithDoctor(mlp(), data.x, data.y, { epochs: 6 }, { probeEvery: 4 });
    log = run.report.toJSON();
  });

  it('writes its log unthinned: every step and probe, exactly as before', () => {
    expect(log.thinning).toBeUndefined();
    expect(log.record.steps.step).toHaveLength(run.steps);
    const { createdAt: _a, ...thinned } = log;
    const { createdAt: _b, ...unthinned } = toRunLog(run.report.record, run.report.findings, { thin: false });
    expect(thinned).toEqual(unthinned);
    expect(Object.keys(log)).toEqual(['format', 'version', 'createdAt', 'findings', 'record']);
    expect(JSON.stringify(log.record)).toBe(JSON.stringify(run.report.record));
  });
});
