/**
 * How training is going — the one measure the symptom checks and the finding lifecycle
 * (src/lifecycle.ts) share. Judged on the data loss (fit's loss minus weight penalties) of the current
 * fit only: a second fit (fine-tuning, new data, a lower learning rate) is judged from its own start.
 *
 * Windows are measured in samples, not steps — WINDOW_SAMPLES = 640 samples, at least 10 and at most
 * 200 steps — and summarised by their median, so batch size 1–8 (each step one noisy per-sample loss)
 * does not read as divergence or a plateau.
 *
 * The baseline is the loss of a model that ignores its input: for a cross-entropy classifier the chance
 * level min(ln C, H(label prior)); for an MSE regression the variance of the targets (the constant
 * prediction's loss, R² = 0); for MAE the mean absolute deviation from the median. Unknown otherwise.
 *
 * Learning: after two full windows, the recent median loss is ≤ 0.7 × the baseline (without a baseline:
 * ≤ 0.5 × the loss at the fit's start, the median of its first 32 samples' steps — not of a whole window, in
 * which a loss that falls fast has already fallen), and — where the fit reports accuracy — the recent
 * training accuracy is at least 30% of the way from chance to 100%. Both, because either alone can mislead:
 * a classifier with a third of its samples pinned on the wrong class can reach 67% accuracy at a loss above
 * ln C. Source for the two-window, median-of-window design: the plateau and divergence rules
 * of SageMaker Debugger (LossNotDecreasing over saved steps) made robust to per-sample noise; the
 * baselines are the chance levels of Karpathy's "verify loss @ init".
 *
 * Past chance, a weaker bar: the recent loss ≥ 10% below the baseline and the training accuracy at least
 * 30% of the way from chance, both measured. It shows that a risk (a cause: init scale, input scale) did no
 * harm — the model learned past what ignoring its input scores — but resolves no symptom.
 */
import type { FitRecord, RunRecord } from '../record';
import { chanceLosses, isFiniteNumber, latestLabelPrior, mean, median, startSteps } from './series';

export const WINDOW_SAMPLES = 640;
export const MIN_WINDOW_STEPS = 10;
export const MAX_WINDOW_STEPS = 200;
/** Learning: the recent loss at most this share of the baseline … */
export const LEARNED_SHARE = 0.7;
/** … or, without a baseline, of the loss at the start of the fit. */
export const LEARNED_SHARE_OF_START = 0.5;
/** … and, where accuracy is logged, at least this share of the way from chance accuracy to 100%. */
export const ACCURACY_SHARE = 0.3;
/** Past chance: the recent loss at most this share of the baseline (≥ 10% below it) … */
export const PAST_CHANCE_SHARE = 0.9;
/** Falling: the recent window's median below this share of the previous window's. */
export const FALLING_SHARE = 0.98;

const CROSS_ENTROPY = new Set(['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy', 'softmaxCrossEntropy', 'sigmoidCrossEntropy']);
const SQUARED = new Set(['meanSquaredError', 'mse', 'MSE']);
const ABSOLUTE = new Set(['meanAbsoluteError', 'mae', 'MAE', 'absoluteDifference']);

/** Steps per loss window for a batch size: 640 samples, within [10, 200] steps. */
export function windowSteps(batchSize: number): number {
  const b = Number.isFinite(batchSize) && batchSize > 0 ? batchSize : 32;
  return Math.min(MAX_WINDOW_STEPS, Math.max(MIN_WINDOW_STEPS, Math.ceil(WINDOW_SAMPLES / b)));
}

/** The fit the newest step belongs to (a record made by hand, with no fits, reads as one fit from step 0). */
export function currentFit(record: RunRecord): FitRecord {
  const fit = record.fits[record.fits.length - 1];
  return fit ?? { startIndex: 0, startStep: record.steps.step[0] ?? 0, batchSize: 32, epochs: NaN, samples: NaN, validates: false };
}

/** Median of series[from, to), skipping nothing (NaN in, NaN out via the sort). */
export function windowMedian(series: readonly number[], from: number, to: number): number {
  return median(series.slice(Math.max(0, from), Math.max(0, to)));
}

/**
 * The loss a model that ignores its input scores on this task and loss, or NaN when unknown
 * (custom losses, multi-label outputs, a regression before its targets were counted).
 */
export function baselineLoss(record: RunRecord): number {
  const { model } = record;
  if ((model.task === 'multiclass' || model.task === 'binary') && CROSS_ENTROPY.has(model.loss) && model.numClasses) {
    return Math.min(...chanceLosses(model.numClasses, latestLabelPrior(record) ?? priorOf(record)));
  }
  const t = record.targets;
  if (!t || t.samples < 2) return NaN;
  if (SQUARED.has(model.loss)) return mean(t.variance);
  if (ABSOLUTE.has(model.loss)) return mean(t.meanAbsDeviation);
  return NaN;
}

function priorOf(record: RunRecord): number[] | undefined {
  const l = record.labels;
  return l && l.samples > 0 ? l.counts.map((c) => c / l.samples) : undefined;
}

/** Chance accuracy of a single-label classifier: the majority share (or 1/C), NaN for other tasks. */
export function chanceAccuracy(record: RunRecord): number {
  const { task, numClasses } = record.model;
  if ((task !== 'multiclass' && task !== 'binary') || !numClasses) return NaN;
  const prior = latestLabelPrior(record) ?? priorOf(record);
  return Math.max(1 / numClasses, ...(prior ?? []));
}

export interface Progress {
  /** Two full windows of this fit have been seen; before that nothing below is judged. */
  ready: boolean;
  windowSteps: number;
  /** Median data loss of the last window, of the window before it, and of this fit's first steps (32 samples, series.startSteps). */
  recent: number;
  previous: number;
  start: number;
  /** See baselineLoss. */
  baseline: number;
  /** Mean training accuracy over the last window (NaN without an accuracy metric). */
  recentAccuracy: number;
  chanceAccuracy: number;
  /** The run is learning (see the file header). */
  learning: boolean;
  /** Learning, or at least past chance on both loss and accuracy (see the file header). */
  pastChance: boolean;
  /** The recent window is below the previous one by more than 2%. */
  falling: boolean;
  /** Ready, not learning and not falling: the loss has stopped moving without getting anywhere. */
  stalled: boolean;
}

/**
 * How the current fit is going. `atEnd`: the fit has ended, so a fit shorter than two full windows is
 * judged on the two halves it has (at least 2 steps each) — a 14-step fit that took the loss from 7 to 1.5
 * has learned, though it never filled a window.
 */
export function progress(record: RunRecord, atEnd = false): Progress {
  const fit = currentFit(record);
  const loss = record.steps.dataLoss;
  const n = loss.length;
  const inFit = n - fit.startIndex;
  const full = windowSteps(fit.batchSize);
  const w = atEnd && inFit < 2 * full && inFit >= 4 ? Math.floor(inFit / 2) : full;
  const baseline = baselineLoss(record);
  const chanceAcc = chanceAccuracy(record);
  const ready = inFit >= 2 * w;
  const recent = ready ? windowMedian(loss, n - w, n) : NaN;
  const previous = ready ? windowMedian(loss, n - 2 * w, n - w) : NaN;
  const start = windowMedian(loss, fit.startIndex, fit.startIndex + Math.min(startSteps(fit.batchSize), w, inFit));
  const accuracies = record.steps.accuracy.slice(Math.max(fit.startIndex, n - w)).filter(Number.isFinite);
  const recentAccuracy = ready && accuracies.length ? mean(accuracies) : NaN;
  const byLoss = isFiniteNumber(baseline) && baseline > 0 ? recent <= LEARNED_SHARE * baseline : start > 0 && recent <= LEARNED_SHARE_OF_START * start;
  const byAccuracy = !isFiniteNumber(recentAccuracy) || !isFiniteNumber(chanceAcc) || recentAccuracy >= chanceAcc + ACCURACY_SHARE * (1 - chanceAcc);
  const learning = ready && Number.isFinite(recent) && byLoss && byAccuracy;
  const pastChance =
    learning ||
    (ready && baseline > 0 && recent <= PAST_CHANCE_SHARE * baseline && isFiniteNumber(recentAccuracy) && isFiniteNumber(chanceAcc) && byAccuracy);
  const falling = ready && previous - recent > (1 - FALLING_SHARE) * Math.abs(previous);
  return {
    ready,
    windowSteps: w,
    recent,
    previous,
    start,
    baseline,
    recentAccuracy,
    chanceAccuracy: chanceAcc,
    learning,
    pastChance,
    falling,
    stalled: ready && !learning && !falling && Number.isFinite(recent),
  };
}
