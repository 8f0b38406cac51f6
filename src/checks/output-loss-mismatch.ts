/**
 * output_loss_mismatch — the output layer, the loss and the labels do not belong together, so the
 * loss either cannot fall or measures something else than the user thinks.
 *
 * Rules on the model summary (also judged during fit) — the first that holds is reported:
 *  - softmax_single_unit: a softmax over 1 unit is constantly 1 → error;
 *  - softmax_binary_crossentropy: softmax output (> 1 unit) with binaryCrossentropy → warning (the loss
 *    treats each unit as an independent yes/no; use categoricalCrossentropy);
 *  - logits_into_probability_loss: categorical/sparse/binary cross-entropy (which expect probabilities:
 *    tfjs renormalises and clips them to [1e-7, 1 − 1e-7]) on an output that is not softmax/sigmoid
 *    (linear logits, relu, …) → error;
 *  - sigmoid_categorical_crossentropy: sigmoid on a multi-unit output with categorical cross-entropy
 *    → warning (units do not sum to 1; use softmax);
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
      { code: 'output_loss_mismatch', severity, ...now(record), layer: last?.name, evidence: { rule, loss, outputActivation: act, units, labelWidth, labelClasses } },
    ];

    if (act === 'softmax' && units === 1) return draft('softmax_single_unit', 'error');
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
