/**
 * overfitting — the model does worse on the validation data than training says it should.
 *
 * Rules (a symptom, warning), on fit's epoch logs (needs validation data or `validationSplit`):
 *  - gap: in each of the fit's first 2 epochs the validation loss is ≥ 3 × the training loss and ≥ 1
 *    above it — from the start, so not memorisation but validation data unlike the training data (a
 *    `validationSplit` of data sorted by class, different preprocessing);
 *  - rising: on the validation loss smoothed over 3 epochs (a trailing mean: a small validation set or a
 *    few steps per epoch make single epochs noisy), the lowest value is at least 3 epochs old, the smoothed
 *    loss is now ≥ 1.1 × it and above it by more than the validation loss's own epoch-to-epoch noise (the
 *    median |change| between consecutive epochs), and the training loss (smoothed alike) now is below its
 *    value at that best epoch. Graded by harm: a warning once the smoothed loss is ≥ 1.25 × its best, info
 *    (a note that does not count against `healthy`) below that — a long run whose validation loss creeps
 *    10–25% above its best loses little, and a small validation set wanders that much. Early stopping at
 *    the best epoch, more data or augmentation, and regularisation are the usual answers. Never resolved
 *    by a falling training loss (that is the point); resolved when the validation loss comes back down
 *    (lifecycle.ts, clearing).
 * Sources: SageMaker Debugger's Overtraining (patience 5/10, delta 0.01) and Overfit rules; Keras
 * EarlyStopping's patience; Goodfellow et al., "Deep Learning" §7.8 (early stopping).
 */
import type { Check } from './check';
import { now } from './check';
import { currentFit } from './progress';
import { median } from './series';

const PATIENCE = 3;
const RISE = 1.1;
/** The rising rule's warning level: below it, a note. */
const HARMFUL_RISE = 1.25;
const GAP_FACTOR = 3;
const GAP_MARGIN = 1;
const GAP_EPOCHS = 2;
/** Epochs in the trailing mean the rising rule judges. */
const SMOOTH = 3;

/** Trailing mean over SMOOTH epochs; entry i is the mean of epochs i−SMOOTH+1 … i (defined from i = SMOOTH−1). */
function smoothed(values: readonly number[]): number[] {
  return values.map((_, i) => (i < SMOOTH - 1 ? NaN : values.slice(i - SMOOTH + 1, i + 1).reduce((a, b) => a + b, 0) / SMOOTH));
}

export const overfitting: Check<'overfitting'> = {
  code: 'overfitting',
  run(record) {
    const fit = currentFit(record);
    const epochs = record.epochs.filter((e) => e.epoch >= (record.steps.epoch[fit.startIndex] ?? 0) && Number.isFinite(e.logs.val_loss) && Number.isFinite(e.logs.loss));
    const gapped = epochs.slice(0, GAP_EPOCHS);
    if (gapped.length === GAP_EPOCHS && gapped.every((e) => e.logs.val_loss >= GAP_FACTOR * e.logs.loss && e.logs.val_loss - e.logs.loss >= GAP_MARGIN)) {
      const latest = gapped[GAP_EPOCHS - 1].logs;
      return [
        {
          code: 'overfitting',
          severity: 'warning',
          ...now(record),
          evidence: { rule: 'gap', bestEpoch: gapped[0].epoch, bestValLoss: gapped[0].logs.val_loss, valLoss: latest.val_loss, trainLossAtBest: gapped[0].logs.loss, trainLoss: latest.loss, epochsRising: 0 },
        },
      ];
    }
    if (epochs.length < SMOOTH + PATIENCE) return [];
    const raw = epochs.map((e) => e.logs.val_loss);
    const val = smoothed(raw);
    const noise = median(raw.slice(1).map((v, i) => Math.abs(v - raw[i])));
    const train = smoothed(epochs.map((e) => e.logs.loss));
    let best = SMOOTH - 1;
    for (let i = SMOOTH; i < epochs.length; i++) if (val[i] < val[best]) best = i;
    const last = epochs.length - 1;
    const epochsRising = last - best;
    const bestVal = val[best];
    if (epochsRising < PATIENCE || !(val[last] >= RISE * bestVal) || !(val[last] - bestVal > noise) || !(train[last] < train[best])) return [];
    return [
      {
        code: 'overfitting',
        severity: val[last] >= HARMFUL_RISE * bestVal ? 'warning' : 'info',
        ...now(record),
        evidence: {
          rule: 'rising',
          bestEpoch: epochs[best].epoch,
          bestValLoss: bestVal,
          valLoss: val[last],
          trainLossAtBest: train[best],
          trainLoss: train[last],
          epochsRising,
        },
      },
    ];
  },
};
