/**
 * cannot_overfit — the model cannot memorise a handful of samples. A network with enough capacity
 * for the real task must be able to drive the loss on 2–16 samples near zero; when it cannot, the
 * cause is a bug (frozen or dead layers, a wrong loss or labels, a learning rate that does nothing),
 * not a lack of capacity or data.
 *
 * Rule, on `checkup({ overfitBatch: true })`'s trial run (a copy of the model, a fresh optimizer of
 * the user's class and learning rate, the same tiny batch every step): final loss = mean of the last
 * 5 steps. Fires (error) when the final loss is above the threshold:
 *  - classification with C classes: 0.1 × ln C (every sample's true class at p ≳ 0.9);
 *  - otherwise: 0.1 × the first step's loss (a 10× fall).
 * A loss that has already fallen 10× and is within 2× of the threshold is still converging: the trial was
 * short, not the model (detection zoo: Adam 9e-4 on 8 binary samples, 1.19 → 0.086 against 0.069 in
 * 100 steps; every real failure there ended ≥ 4× above the threshold).
 * Source: Karpathy, "A Recipe for Training Neural Networks" (2019) — "overfit one batch"; CS231n
 * "Neural Networks Part 3" — "overfit a tiny subset of data".
 */
import type { Check } from './check';
import { now } from './check';
import { mean, tail } from './series';

const CLASSIFICATION_FRACTION = 0.1;
const RELATIVE_FRACTION = 0.1;
const FINAL_STEPS = 5;
/** "Still converging": fallen at least this many times from the first step … */
const CONVERGING_FALL = 10;
/** … and within this factor of the threshold. */
const CONVERGING_SLACK = 2;

export const cannotOverfit: Check<'cannot_overfit'> = {
  code: 'cannot_overfit',
  run(record) {
    const trial = record.checkup?.overfit;
    if (!trial || trial.losses.length < FINAL_STEPS) return [];
    const { model } = record;
    const initialLoss = trial.losses[0];
    const finalLoss = mean(tail(trial.losses, FINAL_STEPS));
    const classification = (model.task === 'multiclass' || model.task === 'binary') && (model.numClasses ?? 0) >= 2;
    const threshold = classification ? CLASSIFICATION_FRACTION * Math.log(model.numClasses!) : RELATIVE_FRACTION * initialLoss;
    if (Number.isFinite(finalLoss) && finalLoss <= threshold) return [];
    const converging = finalLoss * CONVERGING_FALL <= initialLoss && finalLoss <= CONVERGING_SLACK * threshold;
    if (converging) return [];
    if (!Number.isFinite(threshold)) return [];
    return [
      {
        code: 'cannot_overfit',
        severity: 'error',
        ...now(record),
        evidence: { samples: trial.samples, steps: trial.steps, initialLoss, finalLoss, threshold, learningRate: trial.learningRate },
      },
    ];
  },
};
