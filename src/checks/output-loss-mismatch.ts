/**
 * output_loss_mismatch — the output layer, the loss and the labels do not belong together, so the
 * loss either cannot fall or measures something else than the user thinks.
 *
 * Rules on the model summary (also judged during fit) — the first that holds is reported:
 *  - softmax_single_unit: a softmax over 1 unit is constantly 1 → error;
 *  - categorical_single_unit: categorical cross-entropy over 1 output unit — that unit is the whole
 *    distribution (tfjs divides by the row sum), so the loss is 0 for every sample and nothing is learned
 *    → error (keras-team/keras#17029);
 *  - softmax_binary_crossentropy: softmax output (> 1 unit) with binaryCrossentropy → warning (the loss
 *    treats each unit as an independent yes/no; use categoricalCrossentropy);
 *  - logits_into_probability_loss: categorical/sparse/binary cross-entropy (which expect probabilities:
 *    tfjs renormalises and clips them to [ε, 1 − ε], ε the backend's epsilon) on an output that is not
 *    softmax/sigmoid (linear logits, relu, …) → error;
 *  - sigmoid_categorical_crossentropy: sigmoid on a multi-unit output with categorical cross-entropy
 *    → warning (units do not sum to 1; use softmax);
 *  - double_softmax: a softmax (or sigmoid) output fed to a loss that applies softmax (sigmoid) itself —
 *    tf.losses.softmaxCrossEntropy / sigmoidCrossEntropy: the probabilities are squashed twice, so the
 *    gradient shrinks and learning crawls → warning (confirmed as an error by a plateau);
 *  - regression_loss_on_classifier: MSE/MAE on a softmax output, or on one sigmoid unit with 0/1 targets
 *    → warning (a cause: it learns, slowly; cross-entropy is the loss for probabilities);
 *  - bounded_output: a regression loss on an output that cannot reach the targets — sigmoid/softmax
 *    outside [0, 1], tanh outside [−1, 1] (error), or ReLU with negative targets (warning) — from the
 *    targets counted in the training batches or given to checkup;
 * and, when `checkup()` saw the labels:
 *  - integer_labels_categorical_crossentropy: labels of width 1 with categoricalCrossentropy on a
 *    multi-unit output → error (use sparseCategoricalCrossentropy, or one-hot the labels);
 *  - one_hot_labels_sparse_crossentropy: one-hot rows with sparseCategoricalCrossentropy → error;
 *  - units_vs_classes: the output has a different number of units than the labels have classes
 *    (one-hot width ≠ units; integer labels ≥ units; binary labels of another width) → error.
 * Source: tfjs-layers losses.ts (categoricalCrossentropy divides by the row sum and clips;
 * binaryCrossentropy clips then takes the logit); Keras loss/activation pairing conventions.
 */
import type { FindingDraft, OutputLossRule } from '../findings';
import type { Check } from './check';
import { now } from './check';

const REGRESSION_LOSSES = new Set(['meanSquaredError', 'mse', 'MSE', 'meanAbsoluteError', 'mae', 'MAE', 'absoluteDifference', 'huberLoss', 'logcosh', 'meanSquaredLogarithmicError', 'msle']);
/** The range each bounded output activation can reach. */
const RANGES: Record<string, [number, number]> = { sigmoid: [0, 1], softmax: [0, 1], tanh: [-1, 1], relu: [0, Infinity], relu6: [0, 6] };
/** Targets may pass a bound by this much before the output "cannot reach" them (label smoothing, rounding). */
const RANGE_SLACK = 1e-3;

const PROBABILITY_LOSSES = new Set(['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy']);
const CATEGORICAL = new Set(['categoricalCrossentropy', 'sparseCategoricalCrossentropy']);

export const outputLossMismatch: Check<'output_loss_mismatch'> = {
  code: 'output_loss_mismatch',
  run(record) {
    const { model } = record;
    const last = model.layers[model.layers.length - 1];
    const shape = last?.outputShape;
    const units = shape && shape.length > 1 ? shape[shape.length - 1] ?? NaN : NaN;
    const act = model.outputActivation ?? 'linear';
    const loss = model.loss;
    const labels = record.checkup?.labels;
    const labelWidth = labels ? labels.width : NaN;
    const labelClasses = !labels ? NaN : labels.width > 1 ? labels.width : labels.integerValued && labels.min >= 0 ? labels.max + 1 : NaN;

    const draft = (rule: OutputLossRule, severity: 'error' | 'warning'): FindingDraft<'output_loss_mismatch'>[] => [
      { code: 'output_loss_mismatch', severity, ...now(record), layer: last?.name, evidence: { rule, loss, outputActivation: act, units, labelWidth, labelClasses, ...(rule === 'bounded_output' && record.targets ? { targetMin: record.targets.min, targetMax: record.targets.max } : {}) } },
    ];

    if (act === 'softmax' && units === 1) return draft('softmax_single_unit', 'error');
    if (loss === 'categoricalCrossentropy' && units === 1) return draft('categorical_single_unit', 'error');
    if ((act === 'softmax' && loss === 'softmaxCrossEntropy') || (act === 'sigmoid' && loss === 'sigmoidCrossEntropy')) return draft('double_softmax', 'warning');
    if (REGRESSION_LOSSES.has(loss)) {
      const t = record.targets;
      const range = RANGES[act];
      if (t && range && t.samples > 0 && (t.min < range[0] - RANGE_SLACK || t.max > range[1] + RANGE_SLACK)) {
        // ReLU misses only the negative targets (some, perhaps): a warning; the others cannot reach most of them.
        return draft('bounded_output', act.startsWith('relu') && t.max > range[0] ? 'warning' : 'error');
      }
      const zeroOne = t && t.samples > 0 && t.min >= 0 && t.max <= 1;
      if ((act === 'softmax' && units > 1) || (act === 'sigmoid' && zeroOne)) return draft('regression_loss_on_classifier', 'warning');
      return [];
    }
    if (act === 'softmax' && loss === 'binaryCrossentropy' && units > 1) return draft('softmax_binary_crossentropy', 'warning');
    if (PROBABILITY_LOSSES.has(loss) && act !== 'softmax' && act !== 'sigmoid') return draft('logits_into_probability_loss', 'error');
    if (act === 'sigmoid' && CATEGORICAL.has(loss) && units > 1) return draft('sigmoid_categorical_crossentropy', 'warning');

    if (!labels || !Number.isFinite(units)) return [];
    if (loss === 'categoricalCrossentropy' && labels.width === 1 && units > 1) return draft('integer_labels_categorical_crossentropy', 'error');
    if (loss === 'sparseCategoricalCrossentropy' && labels.width > 1 && labels.width === units) return draft('one_hot_labels_sparse_crossentropy', 'error');
    const classesDiffer =
      (loss === 'categoricalCrossentropy' && labels.width !== units) ||
      (loss === 'sparseCategoricalCrossentropy' && labels.width === 1 && labels.integerValued && labels.max + 1 > units) ||
      ((loss === 'binaryCrossentropy' || loss === 'sigmoidCrossEntropy') && labels.width !== units) ||
      (loss === 'softmaxCrossEntropy' && labels.width > 1 && labels.width !== units);
    return classesDiffer ? draft('units_vs_classes', 'error') : [];
  },
};
