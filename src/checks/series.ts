/** Small, dependency-free statistics over recorded series. */
import type { LayerSummary } from '../model-info';
import type { ProbeRecord, RunRecord } from '../record';

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const isFiniteNumber = (x: number | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** The last `n` entries of a series (fewer when it is shorter). */
export function tail<T>(xs: readonly T[], n: number): T[] {
  return xs.slice(Math.max(0, xs.length - n));
}

/**
 * The last `n` probes that satisfy `keep`, oldest first. Scans from the end: checks run every step,
 * so their cost must not grow with the length of the run.
 */
export function recentProbes(record: RunRecord, n: number, keep: (p: ProbeRecord) => boolean = () => true): ProbeRecord[] {
  const out: ProbeRecord[] = [];
  for (let i = record.probes.length - 1; i >= 0 && out.length < n; i--) if (keep(record.probes[i])) out.push(record.probes[i]);
  return out.reverse();
}

/** The last `n` probes taken after the first weight update (the step-0 probe describes the initialisation). */
export function trainingProbes(record: RunRecord, n: number): ProbeRecord[] {
  return recentProbes(record, n, (p) => !p.beforeFirstUpdate);
}

/** Chance-level cross-entropy: ln C for balanced classes; the label entropy when the prior is known. */
export function chanceLosses(numClasses: number, labelPrior?: readonly number[]): number[] {
  const levels = [Math.log(numClasses)];
  if (labelPrior && labelPrior.length >= 2) {
    const h = -labelPrior.reduce((s, p) => (p > 0 ? s + p * Math.log(p) : s), 0);
    if (h > 0) levels.push(h);
  }
  return levels;
}

/** The label prior of the newest probe that knows its labels. */
export function latestLabelPrior(record: RunRecord): number[] | undefined {
  for (let i = record.probes.length - 1; i >= 0; i--) {
    const prior = record.probes[i].output?.labelPrior;
    if (prior && prior.length) return prior;
  }
  return undefined;
}

/**
 * The first layer whose weight or gradient norm the newest probe measured as NaN/Infinity — when that
 * probe was taken at the newest step (a network can go non-finite behind a finite, clipped loss).
 */
export function nonFiniteLayerNow(record: RunRecord): string | undefined {
  const { step } = record.steps;
  const probe = recentProbes(record, 1)[0];
  if (!probe || probe.step !== step[step.length - 1]) return undefined;
  const bad = Object.entries(probe.layers).find(
    ([, l]) => (l.weightNorm !== undefined && !Number.isFinite(l.weightNorm)) || (l.gradNorm !== undefined && !Number.isFinite(l.gradNorm)),
  );
  return bad?.[0];
}

/** Weight norms below this share of the layer's textbook-init norm are floored to it in ratios to ‖θ‖. */
const NORM_FLOOR = 0.1;

/**
 * ‖θ‖ a textbook initialisation of this layer would have: He (ReLU) or Glorot std × √(parameters) —
 * whatever the layer's own init was (zero-initialised layers are the point).
 */
function initNorm(layer: LayerSummary): number {
  const k = layer.kernel;
  return k ? (layer.isRelu ? k.heStd : k.glorotStd) * Math.sqrt(layer.params) : NaN;
}

/**
 * The layer's weight norm for ratios to ‖θ‖ (relative gradient, update ratio): floored at a tenth of its
 * textbook-init norm, because a zero-initialised layer's first steps are huge relative to nothing.
 * Unchanged when the layer has no kernel summary; NaN stays NaN.
 */
export function flooredNorm(layer: LayerSummary, weightNorm: number): number {
  return Math.max(weightNorm, NORM_FLOOR * initNorm(layer) || 0);
}

/** Optimizers that normalise their steps per parameter: a large gradient does not make a large step. */
const ADAPTIVE_OPTIMIZERS = new Set(['Adam', 'Adamax', 'RMSProp', 'Adagrad', 'Adadelta']);

export function isAdaptive(optimizer: string): boolean {
  return ADAPTIVE_OPTIMIZERS.has(optimizer);
}

/** Samples the "start of a fit" is measured over: one batch of ≥ 32, or that many per-sample losses at batch 1. */
export const START_SAMPLES = 32;

/** Steps of a fit's start for a batch size: ⌈32 / batch⌉, at least 1. */
export function startSteps(batchSize: number): number {
  return Math.max(1, Math.ceil(START_SAMPLES / (batchSize > 0 ? batchSize : 32)));
}

/** The last value of a series, NaN when empty. */
export const last = (xs: readonly number[]): number => (xs.length ? xs[xs.length - 1] : NaN);

/** The step of the first training batch with NaN/Infinity inputs, if one was seen by now. */
export function nonFiniteInputStep(record: RunRecord): number | undefined {
  const seen = record.nonFiniteBatch?.step;
  const n = record.steps.step.length;
  return seen !== undefined && (n === 0 || seen <= record.steps.step[n - 1]) ? seen : undefined;
}

/**
 * The newest probes (satisfying `keep`) that together span at least `span` steps and number at least
 * `count`, oldest first; undefined when the record holds no such stretch. With a dense probe schedule
 * (probeEvery 1) this is every probe of the span, so persistence means the same thing whatever the schedule.
 */
export function probesSpanning(record: RunRecord, count: number, span: number, keep: (p: ProbeRecord) => boolean = () => true): ProbeRecord[] | undefined {
  const out: ProbeRecord[] = [];
  for (let i = record.probes.length - 1; i >= 0; i--) {
    const p = record.probes[i];
    if (!keep(p)) continue;
    out.push(p);
    if (out.length >= count && out[0].step - p.step >= span) return out.reverse();
  }
  return undefined;
}
