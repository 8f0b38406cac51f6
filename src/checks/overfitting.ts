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
 *    10–25% above its best loses little, and a small validation set wanders that much — and info too when
 *    the fit logs a validation accuracy that (smoothed alike) is still within 1 point of its value at
 *    the best epoch: the loss rises because the model grows over-confident on the samples it gets wrong,
 *    and its predictions have lost nothing yet. Early stopping at
 *    the best epoch, more data or augmentation, and regularisation are the usual answers. Never resolved
 *    by a falling training loss (that is the point); resolved when the validation loss comes back down
 *    (lifecycle.ts, clearing).
 * Sources: SageMaker Debugger's Overtraining (patience 5/10, delta 0.01) and Overfit rules; Keras
 * EarlyStopping's patience; Goodfellow et al., "Deep Learning" §7.8 (early stopping).
 */
import type { FindingDraft } from '../findings';
import { ACCURACY_KEYS, type EpochRecord } from '../record';
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

/**
 * Validation accuracy (smoothed alike) may fall this much from its value at the best epoch and count as
 * held: one point, under the binomial standard error of an accuracy on a few hundred validation samples
 * (√(0.9 × 0.1 / 300) = 1.7 points), so a drop this small is not evidence of lost predictions.
 */
const ACCURACY_TOLERANCE = 0.01;
/** What fit calls the validation accuracy: `val_` and the training accuracy's name, whatever the metric was called. */
const VAL_ACCURACY_KEYS = ACCURACY_KEYS.map((k) => `val_${k}`);

/** The smoothed validation accuracy per epoch, when every epoch logged one. */
function validationAccuracy(logs: readonly Record<string, number>[]): number[] | undefined {
  const key = VAL_ACCURACY_KEYS.find((k) => logs.every((l) => Number.isFinite(l[k])));
  return key ? smoothed(logs.map((l) => l[key])) : undefined;
}

/** Trailing mean over SMOOTH epochs; entry i is the mean of epochs i−SMOOTH+1 … i (defined from i = SMOOTH−1). */
function smoothed(values: readonly number[]): number[] {
  return values.map((_, i) => (i < SMOOTH - 1 ? NaN : values.slice(i - SMOOTH + 1, i + 1).reduce((a, b) => a + b, 0) / SMOOTH));
}

type Verdict = Omit<FindingDraft<'overfitting'>, 'step' | 'epoch'>;

/** The verdict on the fit's epochs from `firstEpoch` on (see the header); epochs only change at an epoch's end. */
function judge(all: readonly EpochRecord[], firstEpoch: number): Verdict[] {
  const epochs = all.filter((e) => e.epoch >= firstEpoch && Number.isFinite(e.logs.val_loss) && Number.isFinite(e.logs.loss));
  const gapped = epochs.slice(0, GAP_EPOCHS);
  if (gapped.length === GAP_EPOCHS && gapped.every((e) => e.logs.val_loss >= GAP_FACTOR * e.logs.loss && e.logs.val_loss - e.logs.loss >= GAP_MARGIN)) {
    const latest = gapped[GAP_EPOCHS - 1].logs;
    return [
      {
        code: 'overfitting',
        severity: 'warning',
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
  const accuracy = validationAccuracy(epochs.map((e) => e.logs));
  const accuracyHeld = accuracy !== undefined && accuracy[last] >= accuracy[best] - ACCURACY_TOLERANCE;
  return [
    {
      code: 'overfitting',
      severity: val[last] >= HARMFUL_RISE * bestVal && !accuracyHeld ? 'warning' : 'info',
      evidence: {
        rule: 'rising',
        bestEpoch: epochs[best].epoch,
        bestValLoss: bestVal,
        valLoss: val[last],
        trainLossAtBest: train[best],
        trainLoss: train[last],
        epochsRising,
        ...(accuracy ? { valAccuracyAtBest: accuracy[best], valAccuracy: accuracy[last], valAccuracyTrend: accuracyHeld ? ('held' as const) : ('fell' as const) } : {}),
      },
    },
  ];
}

/**
 * The last verdict per epoch list, reused until an epoch is added or the fit changes: the check runs every
 * step, and judging thousands of epochs afresh each time made its cost grow with the run.
 */
const judged = new WeakMap<readonly EpochRecord[], { length: number; firstEpoch: number; verdicts: Verdict[] }>();

export const overfitting: Check<'overfitting'> = {
  code: 'overfitting',
  run(record) {
    const firstEpoch = record.steps.epoch[currentFit(record).startIndex] ?? 0;
    let cached = judged.get(record.epochs);
    if (!cached || cached.length !== record.epochs.length || cached.firstEpoch !== firstEpoch) {
      cached = { length: record.epochs.length, firstEpoch, verdicts: judge(record.epochs, firstEpoch) };
      judged.set(record.epochs, cached);
    }
    return cached.verdicts.map((v) => ({ ...v, ...now(record) }) as FindingDraft<'overfitting'>);
  },
};
