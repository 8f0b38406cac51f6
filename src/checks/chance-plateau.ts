/**
 * chance_plateau — the loss sits at the level of a classifier that ignores its input.
 *
 * Rule, over the last `plateauWindow` steps (default 100), all with a finite loss:
 *  - the median loss is within 5% of a chance level: ln C (uniform prediction) or the entropy of the
 *    label prior (predicting class frequencies), whichever is closer — the median, because a stuck
 *    network still throws occasional loss spikes (the seed CNN: 2.30 with bursts to 7). The prior is
 *    the one the probes recorded: counted from the first 100 training batches during fit
 *    (probes/label-prior.ts; the 32-sample probe batch's own prior is biased — a slow CIFAR-10 learner
 *    at loss 2.21 and 17.5% accuracy looked "at chance" against it), else the probe batch's;
 *  - no downward trend: the median of the window's first half exceeds its second half's by less than
 *    1% of the chance level;
 *  - accuracy (the training metric, else the probe batch's) is at most chance + max(0.05, 0.5/C),
 *    chance being max(1/C, the majority class's share).
 * Severity error. Source: a model that predicts the prior scores exactly H(prior) — ln 10 = 2.303 on
 * CIFAR-10 — the "verify loss @ init" step of Karpathy's "A Recipe for Training Neural Networks" (2019)
 * read in reverse: a trained model should leave that level, not settle on it.
 */
import type { Check } from './check';
import { now } from './check';
import { chanceLosses, isFiniteNumber, latestLabelPrior, mean, median } from './series';

const LOSS_TOLERANCE = 0.05;
const TREND_TOLERANCE = 0.01;

export const chancePlateau: Check<'chance_plateau'> = {
  code: 'chance_plateau',
  run(record, { plateauWindow }) {
    const { task, numClasses } = record.model;
    if ((task !== 'multiclass' && task !== 'binary') || !numClasses) return [];
    const { loss, step, accuracy } = record.steps;
    const n = loss.length;
    if (n < plateauWindow) return [];
    const window = loss.slice(n - plateauWindow);
    if (!window.every(Number.isFinite)) return [];

    const medianLoss = median(window);
    const prior = latestLabelPrior(record);
    const levels = chanceLosses(numClasses, prior);
    const chanceLoss = levels.reduce((best, l) => (Math.abs(l - medianLoss) < Math.abs(best - medianLoss) ? l : best));
    if (Math.abs(medianLoss - chanceLoss) > LOSS_TOLERANCE * chanceLoss) return [];

    const half = plateauWindow >> 1;
    const decline = median(window.slice(0, half)) - median(window.slice(half));
    if (decline > TREND_TOLERANCE * chanceLoss) return [];

    const chanceAccuracy = Math.max(1 / numClasses, ...(prior ?? []));
    const meanAccuracy = windowAccuracy(record, n - plateauWindow);
    if (isFiniteNumber(meanAccuracy) && meanAccuracy > chanceAccuracy + Math.max(0.05, 0.5 / numClasses)) return [];

    return [
      {
        code: 'chance_plateau',
        severity: 'error',
        ...now(record),
        evidence: {
          medianLoss,
          chanceLoss,
          meanAccuracy,
          chanceAccuracy,
          numClasses,
          windowSteps: plateauWindow,
          sinceStep: step[n - plateauWindow],
        },
      },
    ];

    function windowAccuracy(r: typeof record, from: number): number {
      const train = accuracy.slice(from).filter(Number.isFinite);
      if (train.length) return mean(train);
      const fromStep = step[from];
      const probed: number[] = [];
      for (let i = r.probes.length - 1; i >= 0 && r.probes[i].step >= fromStep; i--) {
        const a = r.probes[i].output?.accuracy;
        if (isFiniteNumber(a)) probed.push(a);
      }
      return probed.length ? mean(probed) : NaN;
    }
  },
};
