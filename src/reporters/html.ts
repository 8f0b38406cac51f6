/**
 * The self-contained HTML report: one file that opens offline (no CDN, no web fonts, a CSP that forbids
 * any request), reads without JavaScript (JS only powers the Copy buttons), and explains a run without
 * the console: findings with their fixes, the loss and accuracy against chance, and per-layer health
 * (dead ReLU units, gradient norms, update ratios) over the probe steps. Several runs (e.g. the broken
 * model and its fix) render side by side, section by section. Browser-safe: no Node imports.
 */
import { describeChapter, describePrescription, fixHelped, fmt } from '../advice';
import { median } from '../checks/series';
import type { Finding } from '../findings';
import type { LayerProbe } from '../record';
import { kernelScale, type ModelSummary } from '../model-info';
import { recordedSteps } from '../record-thinning';
import type { RunLog } from './json';
import { buildStory, type StoryChapter } from '../story';
import { colorRamp, esc, extent, heatMap, lineChart, plotWidth, type LineSeries, type Marker, type ReferenceLine } from './svg';

export interface HtmlReportOptions {
  /** Page title. Default: "cnn-doctor report" plus the model name(s). */
  title?: string;
  /** One label per run, e.g. ['seed', 'fixed']. Default: "Run 1", "Run 2", … */
  runLabels?: string[];
}

/** Tableau-10: distinct, colour-blind-friendlier than the CSS named colours. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const SEVERITY_COLOR = { error: '#c0262d', warning: '#c27803', info: '#2563eb' } as const;
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
/** Dead-unit fraction: pale (healthy) → amber → deep red (all dead). */
const deadColor = colorRamp([
  [0, '#eef2f6'],
  [0.15, '#fde7b0'],
  [0.5, '#f59e4a'],
  [1, '#9f1d22'],
]);

interface Run {
  log: RunLog;
  label: string;
  /** Offsets this run's markup ids so several runs share one page. */
  index: number;
}

/**
 * One self-contained HTML page (no network, no scripts) for one run log or several side by side: the
 * findings with their status, the loss against the chance line, accuracy, dead units per layer, gradient
 * norms and update ratios.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('report.html', renderHtml(doctor.report().toJSON(), { title: 'my model' }));
 * ```
 */
export function renderHtml(logs: RunLog | RunLog[], options: HtmlReportOptions = {}): string {
  const runs: Run[] = (Array.isArray(logs) ? logs : [logs]).map((log, index) => ({
    log,
    index,
    label: options.runLabels?.[index] ?? (Array.isArray(logs) && logs.length > 1 ? `Run ${index + 1}` : log.record.model.name),
  }));
  const title = options.title ?? `cnn-doctor report — ${[...new Set(runs.map((r) => r.log.record.model.name))].join(' vs ')}`;
  const single = runs.length === 1;
  // One run: pair charts two to a row. Several runs: one row per chart, one column per run.
  const groups: ChartKind[][] = single
    ? [['loss', 'accuracy'], ['dead-units'], ['grad-norm', 'update-ratio']]
    : [['loss'], ['accuracy'], ['dead-units'], ['grad-norm'], ['update-ratio']];
  const body = [
    header(title, runs),
    runs.length > 1 ? comparison(runs) : '',
    runs.some((r) => storyOf(r).length)
      ? section(
          'The story of the run',
          'The active findings linked by cause: each chain starts at its root cause and follows the symptoms it explains, step by step. The numbered markers on the loss curve are the steps of the list below it.',
          columns(runs.map((r) => storyColumn(r, single))),
        )
      : '',
    section('Findings', 'What the doctor concluded, most severe first. Open a fix to see the code to paste.', columns(runs.map((r) => findingsColumn(r, single)))),
    runs.some((r) => r.log.prescriptions?.length)
      ? section(
          'Fixes tried',
          'doctor.tryFixes(): each fix applied to a copy of the model and trained next to one untreated copy for the same steps on the same batches; loss and accuracy are means of the last 10% of the steps.',
          columns(runs.map((r) => prescriptionsColumn(r, single))),
        )
      : '',
    ...groups.map((kinds) =>
      section(
        kinds.map((k) => CHARTS[k].heading).join(' · '),
        single ? '' : CHARTS[kinds[0]].caption,
        columns(runs.flatMap((run) => kinds.map((k) => chartFigure(k, run, single, kinds.length === 1)))),
      ),
    ),
    section('Model', 'Layers as summarised before training. Expected kernel std: He √(2/fan-in) for ReLU layers, Glorot otherwise; highlighted rows are the ones bad_init judges off scale.', columns(runs.map((r) => modelColumn(r, single)))),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="cnn-doctor">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
<footer>Generated by cnn-doctor from run log v${esc(runs[0]?.log.version ?? '')}. Hover a marker or a cell for its value; docs/report.md explains each chart.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// ---- page structure ----------------------------------------------------------------------------

function header(title: string, runs: Run[]): string {
  const created = runs.map((r) => r.log.createdAt).filter(Boolean).sort().pop();
  return `<header class="page-head"><h1>${esc(title)}</h1><p class="sub">${runs.length} run${runs.length > 1 ? 's' : ''}${created ? ` · recorded ${esc(created.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}` : ''}</p>
<div class="runs">${runs.map(runSummary).join('')}</div></header>`;
}

function runSummary(run: Run): string {
  const { model, steps } = run.log.record;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of run.log.findings) counts[f.severity]++;
  const verdict =
    counts.error + counts.warning === 0
      ? `<span class="badge ok">healthy</span>`
      : (['error', 'warning'] as const)
          .filter((s) => counts[s])
          .map((s) => `<span class="badge ${s}">${counts[s]} ${s}${counts[s] > 1 ? 's' : ''}</span>`)
          .join(' ');
  const loss = finite(steps.loss);
  const acc = finite(steps.accuracy);
  const stat = (label: string, value: string) => `<div class="stat"><span>${esc(label)}</span><strong>${value}</strong></div>`;
  // Run logs written by `cnn-doctor example` also carry the test accuracy the command line prints.
  const testAccuracy = (run.log as { testAccuracy?: unknown }).testAccuracy;
  return `<div class="run-card" data-run="${run.index}"><div class="run-title"><h2>${esc(run.label)}</h2>${verdict}</div>
<p class="meta">${esc(model.name)} · ${esc(taskText(model))} · ${esc(model.loss)} · ${esc(model.optimizer)} · ${esc(model.totalParams.toLocaleString('en-US'))} params</p>
<div class="stats">${stat('steps', esc(recordedSteps(run.log).toLocaleString('en-US')))}${stat('loss first → last', loss.length ? `${esc(fmt(loss[0]))} → ${esc(fmt(loss[loss.length - 1]))}` : 'n/a')}${
    typeof testAccuracy === 'number' && Number.isFinite(testAccuracy) ? stat('test accuracy', esc(pct(testAccuracy))) : ''
  }${acc.length ? stat('training accuracy, last step', esc(pct(acc[acc.length - 1]))) : ''}${chance(model) ? stat('chance loss', esc(fmt(chance(model)!.loss))) : ''}</div>${thinningNote(run.log)}</div>`;
}

/** A long run's log is thinned: say what the charts hold, so a sparse stretch is not read as missing data. */
function thinningNote(log: RunLog): string {
  const t = log.thinning;
  if (!t) return '';
  const parts: string[] = [];
  if (t.steps) {
    parts.push(
      `steps: ${t.steps.kept.toLocaleString('en-US')} of ${t.steps.recorded.toLocaleString('en-US')} — the first ${t.steps.head.toLocaleString('en-US')} and last ${t.steps.tail.toLocaleString('en-US')}, between them the lowest, quartile, median and highest loss of every ${t.steps.bucketSize.toLocaleString('en-US')}, and every step a finding names`,
    );
  }
  if (t.probes) parts.push(`probes: ${t.probes.kept.toLocaleString('en-US')} of ${t.probes.recorded.toLocaleString('en-US')}, the most unusual of each stretch among them`);
  if (t.epochs) parts.push(`epochs: ${t.epochs.kept.toLocaleString('en-US')} of ${t.epochs.recorded.toLocaleString('en-US')}`);
  return `<p class="meta thinned" data-role="thinning">Long run, thinned log — ${esc(parts.join('; '))}.</p>`;
}

function section(title: string, caption: string, content: string): string {
  return `<section><h2>${esc(title)}</h2>${caption ? `<p class="caption">${esc(caption)}</p>` : ''}${content}</section>`;
}

function columns(cells: string[]): string {
  return `<div class="columns" style="--n:${Math.min(cells.length, 2)}">${cells.join('')}</div>`;
}

const COMPARISON_WIDTH = 900;

/** Several runs: their losses on one chart, where "the fix works" is visible at a glance. */
function comparison(runs: Run[]): string {
  const comparedSteps = extent(runs.flatMap((run) => run.log.record.steps.step.map(numberOr)));
  const series = runs.map((run, i) => ({
    label: run.label,
    color: PALETTE[i % PALETTE.length],
    points: smooth(zip(run.log.record.steps.step, run.log.record.steps.loss), { domain: comparedSteps, count: plotWidth(COMPARISON_WIDTH) }),
  }));
  const chances = runs.map((r) => chance(r.log.record.model));
  const shared = chances[0] && chances.every((c) => c && c.classes === chances[0]!.classes) ? chances[0] : undefined;
  const svg = lineChart({
    chart: 'loss-comparison',
    title: 'Loss of every run',
    xLabel: 'step',
    yLabel: 'loss',
    series,
    yScale: wantsLog(series.flatMap((s) => s.points.map((p) => p[1]))) ? 'log' : 'linear',
    references: shared ? [chanceLine(shared)] : [],
    width: COMPARISON_WIDTH,
    height: 280,
  });
  return section(
    'Runs compared',
    'Loss of each run (smoothed) on one axis. A run that stays on the dashed chance line has learned nothing about its inputs.',
    `<figure class="wide">${svg}${legend(series)}</figure>`,
  );
}

// ---- findings ------------------------------------------------------------------------------------

function findingsColumn(run: Run, single: boolean): string {
  const findings = [...run.log.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.step - b.step);
  const head = single ? '' : `<h3 class="run-label">${esc(run.label)}</h3>`;
  if (findings.length === 0) {
    return `<div class="cell">${head}<p class="none"><span class="badge ok">ok</span> No problems found: the loss fell and every layer kept learning.</p></div>`;
  }
  return `<div class="cell">${head}${findings.map((f, i) => findingCard(f, `r${run.index}f${i}`)).join('')}</div>`;
}

/** The fixes tryFixes() measured, one line each: the same words as the console. */
function prescriptionsColumn(run: Run, single: boolean): string {
  const head = single ? '' : `<h3 class="run-label">${esc(run.label)}</h3>`;
  const tried = run.log.prescriptions ?? [];
  if (tried.length === 0) return `<div class="cell">${head}<p class="none">No fixes tried.</p></div>`;
  const items = tried.map((p) => {
    const helped = fixHelped(p);
    return `<li data-prescription="${esc(p.code)}" data-kind="${esc(p.kind)}" data-cleared="${p.cleared}"><span class="badge ${helped ? 'ok' : 'warning'}">${helped ? 'helped' : 'did not help'}</span> ${esc(describePrescription(p))}</li>`;
  });
  return `<div class="cell">${head}<ul class="prescriptions">${items.join('')}</ul></div>`;
}

/** The log's story, or (a log written before there was one) the story its findings tell. */
function storyOf(run: Run): StoryChapter[] {
  return run.log.story ?? buildStory(run.log.findings);
}

/** The story as a timeline: numbered markers over the loss curve, and under it the chains in words. */
function storyColumn(run: Run, single: boolean): string {
  const head = single ? '' : `<h3 class="run-label">${esc(run.label)}</h3>`;
  const story = storyOf(run);
  if (story.length === 0) return `<div class="cell">${head}<p class="none"><span class="badge ok">ok</span> No story to tell: no active finding.</p></div>`;
  const { model, steps } = run.log.record;
  const chapters = story.map((c) => ({ chapter: c, words: describeChapter(c, run.log.findings, run.log.prescriptions ?? [], model) }));
  // One number per step of the timeline, shared by the markers and the list.
  const stepNumbers = [...new Set(chapters.flatMap((c) => c.words.steps.map((s) => s.step)))].sort((a, b) => a - b);
  const numberOf = (step: number) => stepNumbers.indexOf(step) + 1;
  const lossAt = new Map(zip(steps.step, steps.loss));
  const markers: Marker[] = stepNumbers.map((step) => ({
    x: step,
    y: lossAt.get(step) ?? NaN,
    color: SEVERITY_COLOR.error,
    label: String(numberOf(step)),
    role: 'story-marker',
    title: `step ${step}: ${chapters.flatMap((c) => c.words.steps.filter((s) => s.step === step).map((s) => s.words)).join('; ')}`,
  }));
  const chart = lossChart(run, markers);
  const items = chapters.map(({ chapter, words }) => {
    const stepsHtml = words.steps.map((s) => `<li data-step="${s.step}" data-key="${esc(s.key)}"><span class="story-n">${numberOf(s.step)}</span> step ${esc(s.step)}: ${esc(s.words)}</li>`).join('');
    const tried = words.tried.map((t) => `<p class="story-tried">${esc(t)}</p>`).join('');
    return `<div class="story-chain" data-cause="${esc(chapter.cause ?? '')}"><ol class="story">${stepsHtml}</ol><p class="story-cause">${esc(words.cause)}</p>${tried}</div>`;
  });
  return `<figure class="cell" data-role="story">${head}${'svg' in chart ? chart.svg : ''}<figcaption class="story-list">${items.join('')}</figcaption></figure>`;
}

function findingCard(f: Finding, id: string): string {
  const evidence = Object.entries(f.evidence as Record<string, unknown>);
  const rows: string[] = [];
  for (let i = 0; i < evidence.length; i += 2) {
    rows.push(
      `<tr>${evidence
        .slice(i, i + 2)
        .map(([k, v]) => `<th>${esc(k)}</th><td>${esc(fmt(typeof v === 'number' || typeof v === 'string' ? v : NaN))}</td>`)
        .join('')}</tr>`,
    );
  }
  const fixes = f.fixes.map((fix, i) =>
    fix.code
      ? `<li><details><summary>${esc(fix.title)}</summary><div class="snippet"><button type="button" class="copy" data-copy hidden>Copy</button><pre><code>${esc(fix.code)}</code></pre></div></details></li>`
      : `<li><span class="fix-title">${esc(fix.title)}</span></li>`,
  );
  return `<article class="finding ${esc(f.severity)}" data-finding="${esc(f.code)}" id="${id}">
<header><span class="badge ${esc(f.severity)}">${esc(f.severity)}</span><code class="code">${esc(f.code)}</code>${f.layer ? `<span class="layer">${esc(f.layer)}</span>` : ''}<span class="when">step ${esc(f.step)} · epoch ${esc(f.epoch)}</span></header>
<p class="message">${esc(f.message)}</p>
${rows.length ? `<table class="evidence"><caption>evidence</caption>${rows.join('')}</table>` : ''}
${fixes.length ? `<ol class="fixes">${fixes.join('')}</ol>` : ''}
</article>`;
}

// ---- charts --------------------------------------------------------------------------------------

type ChartKind = 'loss' | 'accuracy' | 'dead-units' | 'grad-norm' | 'update-ratio';

interface ChartDef {
  heading: string;
  caption: string;
  render(run: Run, width: number): { svg: string; legend?: LineSeries[] } | { empty: string };
}

const CHARTS: Record<ChartKind, ChartDef> = {
  loss: {
    heading: 'Loss',
    caption:
      'Training loss per step (light: raw, dark: smoothed). The dashed line is the loss of a classifier that ignores its input (ln C); triangles mark where findings were raised.',
    render: (run) => lossChart(run),
  },
  accuracy: {
    heading: 'Accuracy',
    caption: 'Training accuracy per step. The dashed line is chance (1/C): a curve that hugs it is guessing.',
    render: accuracyChart,
  },
  'dead-units': {
    heading: 'Dead ReLU units',
    caption:
      'Each cell: the share of a ReLU layer’s units that never fire on the probe batch, at one probe step. A row that turns red and stays red is a layer that has stopped learning.',
    render: deadUnitsChart,
  },
  'grad-norm': {
    heading: 'Gradient norm per layer',
    caption: '‖∂loss/∂θ‖ of each layer at the probe steps (log scale). Zero (a dead layer) sits on the bottom axis; a steep climb means exploding gradients.',
    render: (run) => probeLines(run, 'grad-norm', 'gradient norm', (p) => p.gradNorm),
  },
  'update-ratio': {
    heading: 'Update ratio per layer',
    caption: '‖Δθ‖/‖θ‖ of each step (log scale). Healthy training usually sits in the shaded 1e-3 – 1e-2 band: far above, the learning rate is too high; far below, the layer barely moves.',
    render: (run) => probeLines(run, 'update-ratio', 'update ratio', (p) => p.updateRatio),
  },
};

/** `alone`: the only chart of its section for this run, so the section heading already names it. */
function chartFigure(kind: ChartKind, run: Run, single: boolean, alone: boolean): string {
  const def = CHARTS[kind];
  // A chart alone in its row (one run's heat map) is drawn wider, so its text keeps a readable size.
  const out = def.render(run, single && kind === 'dead-units' ? 1200 : 600);
  const title = single ? (alone ? '' : def.heading) : run.label;
  const heading = title ? `<h3>${esc(title)}</h3>` : '';
  const caption = single ? `<figcaption>${esc(def.caption)}</figcaption>` : '';
  if ('empty' in out) {
    return `<figure class="cell empty" data-chart="${kind}">${heading}<p class="note">${esc(out.empty)}</p></figure>`;
  }
  return `<figure class="cell">${heading}${out.svg}${out.legend ? legend(out.legend) : ''}${caption}</figure>`;
}

/** A noisy per-step series as a faint raw line under its smoothed twin (or the raw line alone when short). */
function rawAndSmoothed(label: string, color: string, raw: [number, number][], domain: [number, number]): LineSeries[] {
  const smoothed = smooth(raw, { domain, count: plotWidth() });
  if (smoothed === raw) return [{ label, color, points: raw, width: 2 }];
  return [
    { label: `${label} (raw)`, color, points: raw, width: 1, opacity: 0.3 },
    { label: `${label} (smoothed)`, color, points: smoothed, width: 2 },
  ];
}

/** `storyMarkers`: draw these (the story's steps) instead of one marker per finding. */
function lossChart(run: Run, storyMarkers?: Marker[]): { svg: string; legend?: LineSeries[] } | { empty: string } {
  const { steps, model } = run.log.record;
  const raw = zip(steps.step, steps.loss);
  if (!raw.some(([, y]) => Number.isFinite(y))) return { empty: 'No loss was recorded.' };
  const c = chance(model);
  const series = rawAndSmoothed('loss', PALETTE[0], raw, stepDomain(run));
  const lossAt = new Map(raw);
  const log = wantsLog(steps.loss);
  const lossRange = extent(raw.map(([, y]) => y));
  const markers: Marker[] = storyMarkers ?? run.log.findings
    .filter((f) => Number.isFinite(f.step))
    .map((f) => ({
      x: f.step,
      y: lossAt.get(f.step) ?? NaN,
      color: SEVERITY_COLOR[f.severity] ?? SEVERITY_COLOR.info,
      title: `${f.severity} ${f.code}${f.layer ? ` (${f.layer})` : ''} at step ${f.step}: ${f.message}`,
    }));
  const svg = lineChart({
    chart: storyMarkers ? 'story' : 'loss',
    title: `${storyMarkers ? 'The story over the loss' : 'Loss per step'} — ${run.label}`,
    xLabel: 'step',
    yLabel: 'loss',
    series,
    xDomain: stepDomain(run),
    yScale: log ? 'log' : 'linear',
    // A linear loss axis starts at 0: zoomed on a flat plateau, noise of ±0.005 would look like learning.
    yDomain: log || lossRange[0] < 0 ? undefined : [0, Math.max(lossRange[1], c?.loss ?? 0)],
    references: c ? [chanceLine(c)] : [],
    markers,
  });
  return { svg };
}

function accuracyChart(run: Run): { svg: string } | { empty: string } {
  const { steps, model } = run.log.record;
  const raw = zip(steps.step, steps.accuracy);
  if (!raw.some(([, y]) => Number.isFinite(y))) return { empty: "No accuracy was recorded: compile with metrics: ['accuracy'] to see it." };
  const c = chance(model);
  const series = rawAndSmoothed('accuracy', PALETTE[4], raw, stepDomain(run));
  const svg = lineChart({
    chart: 'accuracy',
    title: `Accuracy per step — ${run.label}`,
    xLabel: 'step',
    yLabel: 'accuracy',
    series,
    xDomain: stepDomain(run),
    yDomain: [0, 1],
    references: c ? [{ y: 1 / c.classes, label: `chance 1/${c.classes} = ${pct(1 / c.classes)}`, role: 'chance-line' }] : [],
  });
  return { svg };
}

function deadUnitsChart(run: Run, width: number): { svg: string } | { empty: string } {
  const { model, probes } = run.log.record;
  const measured = probes.filter((p) => Object.values(p.layers).some((l) => l.activation));
  const layers = model.layers.filter((l) => l.isRelu && measured.some((p) => p.layers[l.name]?.activation)).map((l) => l.name);
  if (layers.length === 0) {
    return { empty: model.layers.some((l) => l.isRelu) ? 'No activation probe ran.' : 'The model has no ReLU layers, so no unit can die.' };
  }
  const values = layers.map((name) => measured.map((p) => p.layers[name]?.activation?.deadUnitFraction ?? NaN));
  const svg = heatMap({
    chart: 'dead-units',
    width,
    title: `Dead ReLU units per layer and probe step — ${run.label}`,
    rows: layers,
    columns: measured.map((p) => String(p.step)),
    values: values.map((row) => row.map((v) => (v === null ? NaN : v))),
    color: deadColor,
    cellTitle: (r, c) => {
      const a = measured[c].layers[layers[r]]?.activation;
      return a
        ? `${layers[r]} at step ${measured[c].step}: ${pct(a.deadUnitFraction)} of ${a.units} units dead, ${pct(a.zeroFraction)} of outputs zero`
        : `${layers[r]} at step ${measured[c].step}: not measured`;
    },
    groupTitle: (r, from, to) => {
      const cells = measured.slice(from, to).map((p) => ({ step: p.step, a: p.layers[layers[r]]?.activation }));
      const seen = cells.filter((c) => c.a && Number.isFinite(c.a.deadUnitFraction));
      if (!seen.length) return `${layers[r]} at steps ${cells[0].step}–${cells[cells.length - 1].step}: not measured`;
      const worst = seen.reduce((w, c) => (c.a!.deadUnitFraction > w.a!.deadUnitFraction ? c : w));
      const least = Math.min(...seen.map((c) => c.a!.deadUnitFraction));
      return `${layers[r]} at steps ${cells[0].step}–${cells[cells.length - 1].step} (${cells.length} probes): at most ${pct(worst.a!.deadUnitFraction)} of ${worst.a!.units} units dead (step ${worst.step}), at least ${pct(least)}`;
    },
    cellLabel: (v) => `${Math.round(v * 100)}`,
    xLabel: 'probe step (cell text: % of units dead)',
    legend: { label: 'dead units', stops: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], format: pct },
  });
  return { svg };
}

function probeLines(run: Run, chart: 'grad-norm' | 'update-ratio', yLabel: string, pick: (p: LayerProbe) => number | undefined) {
  const { model, probes } = run.log.record;
  const series: LineSeries[] = model.layers
    .map((layer, i) => ({
      label: layer.name,
      color: PALETTE[i % PALETTE.length],
      dots: true,
      points: probes
        .filter((p) => p.layers[layer.name] && pick(p.layers[layer.name]) !== undefined)
        .map((p) => [p.step, numberOr(pick(p.layers[layer.name]))] as [number, number]),
    }))
    .filter((s) => s.points.length > 0);
  if (series.length === 0) return { empty: `No ${yLabel} was measured (the ${chart === 'grad-norm' ? 'gradients' : 'updates'} probe was off or failed).` };
  const svg = lineChart({
    chart,
    title: `${yLabel} per layer — ${run.label}`,
    xLabel: 'step',
    yLabel,
    series,
    xDomain: stepDomain(run),
    yScale: 'log',
    zeroAtFloor: true,
    bands: chart === 'update-ratio' ? [{ from: 1e-3, to: 1e-2, label: 'typical 1e-3 – 1e-2' }] : [],
  });
  return { svg, legend: series };
}

function legend(series: LineSeries[]): string {
  const shown = series.filter((s) => s.opacity === undefined); // raw (faint) twins of a smoothed line need no entry
  if (shown.length < 2) return '';
  return `<ul class="legend">${shown.map((s) => `<li><span class="swatch" style="background:${esc(s.color)}"></span>${esc(s.label)}</li>`).join('')}</ul>`;
}

// ---- model table ---------------------------------------------------------------------------------

function modelColumn(run: Run, single: boolean): string {
  const { model } = run.log.record;
  const rows = model.layers.map((l) => {
    const k = l.kernel;
    // The same rule bad_init judges by, so a highlighted row is a layer the diagnosis names.
    const scale = kernelScale(l);
    const ratio = scale?.ratio ?? NaN;
    const off = scale?.outside ?? false;
    return `<tr${off ? ' class="off"' : ''}><td class="name">${esc(l.name)}</td><td>${esc(l.className)}</td><td>${esc(l.activation ?? '')}</td><td class="num">${esc(
      l.outputShape ? `[${l.outputShape.map((d) => (d === null ? '?' : d)).join(', ')}]` : '—',
    )}</td><td class="num">${esc(l.params.toLocaleString('en-US'))}</td><td class="num">${
      k ? `${esc(fmt(k.std))} / ${esc(fmt(scale?.expected ?? NaN))} <span class="ratio">(${esc(fmt(ratio))}×)</span>` : '—'
    }</td></tr>`;
  });
  return `<div class="cell">${single ? '' : `<h3 class="run-label">${esc(run.label)}</h3>`}<table class="model"><thead><tr><th>layer</th><th>class</th><th>activation</th><th>output shape</th><th>params</th><th>kernel std / expected</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody><tfoot><tr><td colspan="4">${esc(model.name)} · input ${esc(model.inputShapes.map((s) => `[${s.map((d) => (d === null ? '?' : d)).join(', ')}]`).join(', '))}</td><td class="num">${esc(
    model.totalParams.toLocaleString('en-US'),
  )}</td><td></td></tr></tfoot></table></div>`;
}

// ---- numbers -------------------------------------------------------------------------------------

interface Chance {
  classes: number;
  loss: number;
}

/** Chance level exists only for classifiers with a known number of classes. */
function chance(model: ModelSummary): Chance | undefined {
  if ((model.task !== 'multiclass' && model.task !== 'binary') || !model.numClasses || model.numClasses < 2) return undefined;
  return { classes: model.numClasses, loss: Math.log(model.numClasses) };
}

function chanceLine(c: Chance): ReferenceLine {
  return { y: c.loss, label: `chance ln ${c.classes} = ${c.loss.toFixed(2)}`, role: 'chance-line' };
}

/** A log axis once the loss spans more than two decades (a 31000 → 2.3 story is flat on a linear one). */
function wantsLog(values: readonly (number | null)[]): boolean {
  const positive = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0);
  if (positive.length < 2 || values.some((v) => typeof v === 'number' && Number.isFinite(v) && v <= 0)) return false;
  const [lo, hi] = extent(positive);
  return hi / lo > 100;
}

/** The pixel columns of a chart's plot area over its step domain. */
interface Columns {
  domain: [number, number];
  count: number;
}

/**
 * The smoothed twin of a noisy series; the input itself when the series is too short to need one. Up to four
 * points per pixel column: an exponential moving average (bias-corrected) over the points. More (a long
 * run): see `smoothByColumn`.
 */
function smooth(points: [number, number][], columns?: Columns): [number, number][] {
  if (points.length < 30) return points;
  if (columns && points.length > 4 * columns.count) return smoothByColumn(points, columns);
  return ema(points, 2 / (Math.min(50, Math.max(5, points.length / 20)) + 1));
}

function ema(points: [number, number][], alpha: number): [number, number][] {
  let avg = 0;
  let weight = 0;
  return points.map(([x, y]) => {
    if (!Number.isFinite(y)) return [x, NaN];
    avg = (1 - alpha) * avg + alpha * y;
    weight = (1 - alpha) * weight + alpha;
    return [x, avg / weight];
  });
}

/**
 * A long series: the median of each pixel column, then a moving average over the columns (spanning 50
 * steps, as the average over points would, and at least 4 columns). A median, because a long run's log is
 * thinned to each stretch's five-number summary — the steps of its lowest, quartile, median and highest
 * loss (record-thinning.ts): the median of a column is then the typical loss the whole series gives,
 * where an average through the kept points would be dragged by the extremes. So the smoothed line reads
 * the same whether the log was thinned or not (within 2 px on a 50,000-step run).
 */
function smoothByColumn(points: [number, number][], { domain: [lo, hi], count }: Columns): [number, number][] {
  const span = hi > lo ? hi - lo : 1;
  const columns: { column: number; x0: number; x1: number; ys: number[] }[] = [];
  let current: { column: number; x0: number; x1: number; ys: number[] } | undefined;
  for (const [x, y] of points) {
    if (!Number.isFinite(x)) continue;
    const column = Math.min(count - 1, Math.max(0, Math.floor(((x - lo) / span) * count)));
    if (!current || column !== current.column) columns.push((current = { column, x0: x, x1: x, ys: [] }));
    current.x1 = x;
    if (Number.isFinite(y)) current.ys.push(y);
  }
  const medians = columns.map(({ x0, x1, ys }): [number, number] => [(x0 + x1) / 2, median(ys)]);
  const stepsPerColumn = span / count;
  const spanSteps = Math.min(50, Math.max(5, span / 20));
  // At least 4 columns: over a thinned stretch a column's median rests on a handful of kept steps.
  return ema(medians, 2 / (Math.max(4, spanSteps / stepsPerColumn) + 1));
}

/** Steps and values as points; a JSON null (a NaN on disk) becomes NaN. */
function zip(xs: readonly (number | null)[], ys: readonly (number | null)[]): [number, number][] {
  return xs.map((x, i) => [numberOr(x), numberOr(ys[i])]);
}

function stepDomain(run: Run): [number, number] {
  const { steps, probes } = run.log.record;
  // A loop, not Math.max(...steps): a long series would overflow the argument list.
  let last = 1;
  for (const s of steps.step) if (Number.isFinite(s) && s > last) last = s;
  for (const p of probes) if (p.step > last) last = p.step;
  return [0, last];
}

function finite(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

function numberOr(v: number | null | undefined): number {
  return typeof v === 'number' ? v : NaN;
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${fmt(Math.round(x * 1000) / 10)}%` : 'n/a';
}

function taskText(model: ModelSummary): string {
  return model.numClasses ? `${model.task}, ${model.numClasses} classes` : model.task;
}

// ---- style and script ----------------------------------------------------------------------------

const CSS = `
:root{--fg:#1f2933;--muted:#5f6b7a;--line:#e3e8ef;--bg:#f6f8fb;--card:#fff;--accent:#4e79a7;
--err:#c0262d;--err-bg:#fdecec;--warn:#a15c00;--warn-bg:#fff4de;--info:#1d4ed8;--info-bg:#e8efff;--ok:#17804a;--ok-bg:#e3f5ea}
*{box-sizing:border-box}
body{margin:0;padding:28px 32px 40px;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;max-width:1400px;margin-inline:auto}
h1{font-size:22px;margin:0 0 2px;letter-spacing:-.01em}
h2{font-size:16px;margin:0 0 4px}
h3{font-size:13px;margin:0 0 8px;color:var(--muted);font-weight:600;text-transform:none}
.sub,.caption,.meta,figcaption,.note{color:var(--muted)}
.sub{margin:0 0 16px}
.caption{margin:0 0 12px;max-width:900px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px}
.runs{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:14px;margin-bottom:18px}
.run-card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px}
.run-title{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.run-title h2{margin:0}
.meta{margin:4px 0 10px;font-size:13px}
.stats{display:flex;gap:22px;flex-wrap:wrap}
.stat span{display:block;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.stat strong{font-size:16px;font-variant-numeric:tabular-nums}
.columns{display:grid;grid-template-columns:repeat(var(--n),minmax(0,1fr));gap:18px 24px}
.cell{min-width:0;margin:0}
figure{margin:0}
figure.wide{max-width:900px}
figcaption{font-size:12.5px;margin-top:6px}
.run-label{font-size:13px;color:var(--fg);border-bottom:1px solid var(--line);padding-bottom:6px}
.badge{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;padding:2px 8px;border-radius:999px}
.badge.error{background:var(--err-bg);color:var(--err)}
.badge.warning{background:var(--warn-bg);color:var(--warn)}
.badge.info{background:var(--info-bg);color:var(--info)}
.badge.ok{background:var(--ok-bg);color:var(--ok)}
.finding{border:1px solid var(--line);border-left:4px solid var(--info);border-radius:8px;padding:10px 14px;margin:0 0 12px}
.finding.error{border-left-color:var(--err)}
.finding.warning{border-left-color:#e0a100}
.finding header{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.finding .code{font:600 13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.finding .layer{font-size:12px;background:#eef2f6;border-radius:4px;padding:1px 6px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.finding .when{margin-left:auto;font-size:12px;color:var(--muted)}
.message{margin:8px 0}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
.evidence{font-size:12px;margin:4px 0 8px}
.evidence caption{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);padding-bottom:2px}
.evidence th{font-weight:500;color:var(--muted);text-align:left;padding:2px 8px 2px 0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.evidence td{padding:2px 22px 2px 0;font-weight:600}
.fixes{margin:6px 0 0;padding:0;list-style:none;border-top:1px solid var(--line)}
.fixes li{padding:5px 0;border-bottom:1px solid #f0f3f7}
.fixes li:last-child{border-bottom:0}
.fix-title{padding-left:18px;display:block}
summary{cursor:pointer;list-style:none;padding-left:18px;position:relative}
summary::-webkit-details-marker{display:none}
summary::before{content:"";position:absolute;left:4px;top:.55em;border:5px solid transparent;border-left-color:#8794a3;border-right-width:0}
details[open] summary::before{transform:rotate(90deg)}
summary::after{content:"code";margin-left:8px;font-size:10.5px;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 5px}
summary:hover{color:var(--accent)}
.snippet{position:relative;margin:6px 0 8px}
pre{margin:0;background:#0f1720;color:#e6edf3;border-radius:6px;padding:10px 12px;overflow:auto;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.copy{position:absolute;top:6px;right:6px;font:11px system-ui,sans-serif;background:#2b3746;color:#e6edf3;border:1px solid #46546a;border-radius:4px;padding:2px 8px;cursor:pointer}
.copy:hover{background:#3a4a5e}
.none{margin:4px 0}
.prescriptions{margin:0;padding-left:0;list-style:none}.prescriptions li{margin:6px 0}
.story{margin:6px 0;padding-left:0;list-style:none}.story li{margin:3px 0}.story-n{display:inline-block;min-width:1.4em;text-align:center;border-radius:9px;background:#c0262d;color:#fff;font-size:12px;margin-right:4px}.story-cause{font-weight:600;margin:4px 0}.story-tried{margin:2px 0}.story-chain{margin-bottom:10px}.marker-label{font-size:11px;fill:#c0262d;font-weight:600}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px;margin:4px 0 0 56px;padding:0;font-size:12px}
.swatch{display:inline-block;width:12px;height:3px;border-radius:2px;margin-right:6px;vertical-align:middle}
svg.chart{display:block;width:100%;height:auto;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg .grid{stroke:#edf0f4}
svg .axis,svg .tick-mark{stroke:#9aa5b1}
svg .tick{font-size:10.5px;fill:#5f6b7a}
svg .axis-title,svg .legend-title{font-size:11px;fill:#5f6b7a}
svg .row-label{font-size:11.5px;fill:#1f2933;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
svg .series{fill:none;stroke-linejoin:round;stroke-linecap:round}
svg .reference line{stroke:#6b7785;stroke-width:1.25;stroke-dasharray:6 4}
svg .reference text{font-size:11px;fill:#4b5563;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg .band rect{fill:#59a14f;fill-opacity:.1}
svg .band text{font-size:10.5px;fill:#3f7a37}
svg .marker path{stroke:#fff;stroke-width:1}
svg .cell.missing{fill:#fff;stroke:#e3e8ef;stroke-dasharray:2 2}
svg .cell-label{font-size:10px;fill:#1f2933}
svg .cell-label.on-dark{fill:#fff}
.model{width:100%;font-size:12.5px}
.model th{text-align:left;font-weight:600;color:var(--muted);border-bottom:1px solid var(--line);padding:6px 10px 6px 0;white-space:nowrap}
.model td{border-bottom:1px solid #f0f3f7;padding:5px 10px 5px 0}
.model td.name{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.model .num{text-align:right}
.model tfoot td{color:var(--muted);border-bottom:0}
.model tr.off td{background:var(--warn-bg)}
.ratio{color:var(--muted)}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:10px}
@media (max-width:900px){.columns{grid-template-columns:minmax(0,1fr)}body{padding:16px}}
@media print{body{background:#fff}section{break-inside:avoid}}
`;

/** The only script: show Copy buttons and copy a fix's code (clipboard API, else select the text). */
const SCRIPT = `
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () {
    var code = button.parentNode.querySelector('code');
    var done = function (label) { button.textContent = label; setTimeout(function () { button.textContent = 'Copy'; }, 1500); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(code.textContent).then(function () { done('Copied'); }, function () { select(code); done('Press Ctrl+C'); });
    } else { select(code); done('Press Ctrl+C'); }
  });
});
function select(node) { var range = document.createRange(); range.selectNodeContents(node); var s = getSelection(); s.removeAllRanges(); s.addRange(range); }
`;
