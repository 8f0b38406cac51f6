/**
 * cannot_overfit — the model cannot memorise a handful of samples. A network with enough capacity
 * for the real task must be able to drive the loss on 2–16 samples near zero; when it cannot, the
 * cause is a bug (frozen or dead layers, a wrong loss or labels), not a lack of capacity or data.
 *
 * Rule, on `checkup({ overfitBatch: true })`'s trials (copies of the model, fresh optimizers of the user's
 * class, the same tiny batch every step, each trained until its loss is below the threshold or its step
 * budget — default 300 — is spent): first at the user's learning rate, and when that fails, at ÷10 and
 * ×10 of it, so a learning rate that is merely too small or too large for memorising is not read as a bug.
 * With the threshold
 *  - classification with C classes: 0.1 × ln C (every sample's true class at p ≳ 0.9);
 *  - otherwise: 0.1 × the first step's loss (a 10× fall),
 * it fires (a symptom, error) only on a clear failure of the best trial: its final loss (mean of the last
 * 5 steps) above 2 × the threshold and less than 10× below its first loss, and the trial no longer falling
 * (the median loss of its last fifth of steps is not ≥ 10% below that of the fifth before — medians of
 * fifths, so the step-to-step noise of a dropout-heavy trial does not read as a trend: a trial still
 * falling that steadily would get there with more steps — the budget was short, the model is fine).
 * Source: Karpathy, "A Recipe for Training Neural Networks" (2019) — "overfit one batch"; CS231n
 * "Neural Networks Part 3" — "overfit a tiny subset of data"; TheDeepChecker's overfit-one-batch check.
 */
import type { ModelSummary } from '../model-info';
import type { TrialRun } from '../record';
import type { Check } from './check';
import { now } from './check';
import { mean, median, tail } from './series';

const CLASSIFICATION_FRACTION = 0.1;
const RELATIVE_FRACTION = 0.1;
const FINAL_STEPS = 5;
/** A clear failure: the best final loss above this many thresholds … */
const CLEAR_FACTOR = 2;
/** … and fallen less than this many times from the first loss. */
const CLEAR_FALL = 10;
/** Still falling: the median of the last fifth of the trial's steps at least this much below the fifth before's. */
const STILL_FALLING = 0.9;

/** The trial's loss is still falling steadily at its end (see the header). */
function stillFalling(trial: TrialRun): boolean {
  const l = trial.losses;
  const k = Math.max(FINAL_STEPS, Math.floor(l.length / 5));
  if (l.length < 2 * k) return false;
  return median(l.slice(-k)) < STILL_FALLING * median(l.slice(-2 * k, -k));
}

/** The loss a memorised batch gets below (see the header). */
export function overfitThreshold(model: ModelSummary, initialLoss: number): number {
  const classification = (model.task === 'multiclass' || model.task === 'binary') && (model.numClasses ?? 0) >= 2;
  return classification ? CLASSIFICATION_FRACTION * Math.log(model.numClasses!) : RELATIVE_FRACTION * initialLoss;
}

export const finalLoss = (trial: TrialRun): number => mean(tail(trial.losses, FINAL_STEPS));

export const cannotOverfit: Check<'cannot_overfit'> = {
  code: 'cannot_overfit',
  run(record) {
    const trial = record.checkup?.overfit;
    if (!trial || trial.losses.length < FINAL_STEPS) return [];
    const trials = [trial, ...(record.checkup?.overfitAlternatives ?? [])].filter((t) => t.losses.length >= FINAL_STEPS);
    const initialLoss = trial.losses[0];
    const threshold = overfitThreshold(record.model, initialLoss);
    if (!Number.isFinite(threshold)) return [];
    const finals = trials.map((t) => (Number.isFinite(finalLoss(t)) ? finalLoss(t) : Infinity));
    const b = finals.indexOf(Math.min(...finals));
    const best = finals[b];
    const clearFailure = best > CLEAR_FACTOR * threshold && best * CLEAR_FALL > trials[b].losses[0] && !stillFalling(trials[b]);
    if (!clearFailure) return [];
    return [
      {
        code: 'cannot_overfit',
        severity: 'error',
        ...now(record),
        evidence: {
          samples: trial.samples,
          steps: trials[b].steps,
          initialLoss,
          finalLoss: best,
          threshold,
          learningRate: trial.learningRate,
          triedLearningRates: trials.map((t) => String(t.learningRate)).join(', '),
          bestLearningRate: trials[b].learningRate,
        },
      },
    ];
  },
};
