/**
 * chance_plateau — the loss sits at the level of a model that ignores its input.
 *
 * Judged over the last W steps of the current fit, W = max(plateauWindow (default 100), two loss windows
 * of 640 samples each — progress.ts), all with a finite data loss, and no downward trend: the median of
 * the window's first half exceeds its second half's by less than 1% of the level.
 *  - classification: the median loss is within 5% of a chance level — ln C (uniform prediction) or the
 *    entropy of the label prior (predicting class frequencies), whichever is closer — and accuracy (the
 *    training metric, else the probe batch's) is at most chance + max(0.05, 0.5/C), chance being
 *    max(1/C, the majority share). The median, because a stuck network still throws occasional spikes
 *    (the seed CNN: 2.30 with bursts to 7); the prior is counted from the training batches
 *    (probes/label-prior.ts), not the probe batch, whose estimate is biased;
 *  - regression: an MSE (or MAE) loss whose median is ≥ 95% of the constant prediction's — the variance of
 *    the targets (or their mean absolute deviation from the median), counted from the training batches —
 *    i.e. R² ≤ 0.05: the model predicts (at best) the mean.
 * A symptom, error. Source: a model that predicts the prior scores exactly H(prior) — ln 10 = 2.303 on
 * CIFAR-10 — the "verify loss @ init" step of Karpathy's "A Recipe for Training Neural Networks" (2019)
 * read in reverse: a trained model should leave that level, not settle on it.
 */
import type { FindingDraft } from '../findings';
import type { RunRecord } from '../record';
import type { Check } from './check';
import { now } from './check';
import { baselineLoss, currentFit, windowSteps } from './progress';
import { chanceLosses, isFiniteNumber, latestLabelPrior, mean, median, recentProbes } from './series';

const LOSS_TOLERANCE = 0.05;
const TREND_TOLERANCE = 0.01;
/** Regression: the median loss is at least this share of the constant prediction's (R² ≤ 0.05). */
const REGRESSION_SHARE = 0.95;

export const chancePlateau: Check<'chance_plateau'> = {
  code: 'chance_plateau',
  run(record, { plateauWindow }) {
    const fit = currentFit(record);
    const loss = record.steps.dataLoss;
    const n = loss.length;
    const w = Math.max(plateauWindow, 2 * windowSteps(fit.batchSize));
    if (n - fit.startIndex < w) return [];
    const window = loss.slice(n - w);
    if (!window.every(Number.isFinite)) return [];
    // Checks run every step: skip the sorts when the whole window lies below the lowest median either rule accepts.
    if (Math.max(...window) < plateauFloor(record)) return [];
    const medianLoss = median(window);
    const half = w >> 1;
    const decline = median(window.slice(0, half)) - median(window.slice(half));
    const { task, numClasses } = record.model;

    if ((task === 'multiclass' || task === 'binary') && numClasses) {
      const prior = latestLabelPrior(record) ?? labelPriorOf(record);
      const levels = chanceLosses(numClasses, prior);
      const chanceLoss = levels.reduce((best, l) => (Math.abs(l - medianLoss) < Math.abs(best - medianLoss) ? l : best));
      if (Math.abs(medianLoss - chanceLoss) > LOSS_TOLERANCE * chanceLoss) return [];
      if (decline > TREND_TOLERANCE * chanceLoss) return [];
      const chanceAccuracy = Math.max(1 / numClasses, ...(prior ?? []));
      const meanAccuracy = windowAccuracy(record, n - w);
      if (isFiniteNumber(meanAccuracy) && meanAccuracy > chanceAccuracy + Math.max(0.05, 0.5 / numClasses)) return [];
      return draft(record, { rule: 'classification', medianLoss, chanceLoss, meanAccuracy, chanceAccuracy, numClasses, windowSteps: w, sinceStep: record.steps.step[n - w] });
    }

    if (task === 'regression') {
      const constant = baselineLoss(record);
      if (!(constant > 0) || medianLoss < REGRESSION_SHARE * constant) return [];
      if (decline > TREND_TOLERANCE * constant) return [];
      return draft(record, { rule: 'regression', medianLoss, chanceLoss: constant, meanAccuracy: NaN, chanceAccuracy: NaN, numClasses: NaN, windowSteps: w, sinceStep: record.steps.step[n - w] });
    }
    return [];
  },
};

function draft(record: RunRecord, evidence: Omit<FindingDraft<'chance_plateau'>['evidence'], 'inputAbsMax'>): FindingDraft<'chance_plateau'>[] {
  const input = recentProbes(record, 1, (p) => p.input !== undefined)[0]?.input;
  const inputAbsMax = input ? Math.max(Math.abs(input.min), Math.abs(input.max)) : NaN;
  return [{ code: 'chance_plateau', severity: 'error', ...now(record), evidence: { ...evidence, inputAbsMax } }];
}

/** The lowest median loss either rule could call a plateau (−Infinity when unknown, so nothing is skipped). */
function plateauFloor(record: RunRecord): number {
  const { task, numClasses } = record.model;
  if ((task === 'multiclass' || task === 'binary') && numClasses) {
    return (1 - LOSS_TOLERANCE) * Math.min(...chanceLosses(numClasses, latestLabelPrior(record) ?? labelPriorOf(record)));
  }
  const constant = task === 'regression' ? baselineLoss(record) : NaN;
  return constant > 0 ? REGRESSION_SHARE * constant : -Infinity;
}

function labelPriorOf(record: RunRecord): number[] | undefined {
  const l = record.labels;
  return l && l.samples > 0 ? l.counts.map((c) => c / l.samples) : undefined;
}

/** Mean training accuracy over the window, else the probe batch's accuracy at probes inside it. */
function windowAccuracy(record: RunRecord, from: number): number {
  const train = record.steps.accuracy.slice(from).filter(Number.isFinite);
  if (train.length) return mean(train);
  const fromStep = record.steps.step[from];
  const probed: number[] = [];
  for (let i = record.probes.length - 1; i >= 0 && record.probes[i].step >= fromStep; i--) {
    const a = record.probes[i].output?.accuracy;
    if (isFiniteNumber(a)) probed.push(a);
  }
  return probed.length ? mean(probed) : NaN;
}
