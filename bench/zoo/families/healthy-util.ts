/**
 * Shared pieces of the healthy control families (healthy.ts): the learning rates a careful user
 * picks, and the confirmation that a healthy setup really learns. Measurements use plain tfjs and
 * bench/zoo/oracles.ts only — nothing from src/probes, src/checks or src/doctor.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ZooData } from '../data';
import { activationOf, all, compiledLoss, hasNonFiniteWeights, head, headMean, outputUnits, require_, tailMean, variance } from '../oracles';
import type { LrRanges } from './common';
import type { ConfirmContext } from './family';

/** The usual ranges: Adam/RMSProp 3e-4…3e-3, plain SGD 0.01…0.1, SGD + momentum 0.9 at 3e-3…3e-2. */
export const SENSIBLE_LR: Required<LrRanges> = {
  adam: [3e-4, 3e-3],
  rmsprop: [3e-4, 3e-3],
  sgd: [0.01, 0.1],
  momentum: [3e-3, 3e-2],
};

export interface LearnsOptions {
  /** Tail mean (last `tail` steps) must be ≤ ratio × head mean (first `head` steps). Default 0.7. */
  ratio?: number;
  /** Classification: final train accuracy ≥ majority + max(minGain, gainShare × (1 − majority)). */
  minGain?: number;
  gainShare?: number;
  head?: number;
  tail?: number;
}

/** Classification labels as class ids, or null for a regression target. */
export interface Labels {
  ids: number[];
  classes: number;
  /** Binary single-unit output: decide at 0 (logits) or 0.5 (sigmoid); multi-class: argmax. */
  threshold?: number;
}

/** Linear output: the model emits logits (a custom logits loss), so a binary decision is at 0, not 0.5. */
const outputIsLinear = (model: tfl.LayersModel): boolean => activationOf(model.layers[model.layers.length - 1]) === 'linear';

/** One-hot rows, integer class ids (sparse labels, multi-unit output), or a 0/1 column (binary); else null. */
export function labelsOf(model: tfl.LayersModel, y: tf.Tensor): Labels | null {
  const width = y.shape[y.shape.length - 1] ?? 1;
  if (y.rank === 2 && width >= 2) {
    const ids = tf.tidy(() => tf.argMax(y, -1));
    const out = Array.from(ids.dataSync());
    ids.dispose();
    return { ids: out, classes: width };
  }
  const values = Array.from(y.dataSync());
  const units = outputUnits(model);
  if (units >= 2 && values.every((v) => Number.isInteger(v) && v >= 0 && v < units)) return { ids: values, classes: units };
  if (units === 1 && values.every((v) => v === 0 || v === 1)) return { ids: values, classes: 2, threshold: outputIsLinear(model) ? 0 : 0.5 };
  return null;
}

export function majorityShare(l: Labels): number {
  const counts = new Array<number>(l.classes).fill(0);
  for (const c of l.ids) counts[c]++;
  return Math.max(...counts) / l.ids.length;
}

/** Accuracy on (up to) the first 512 training samples. */
export function accuracy(model: tfl.LayersModel, x: tf.Tensor, l: Labels): number {
  const xs = head(x);
  const p = model.predict(xs, { batchSize: 128 }) as tf.Tensor;
  const pred = tf.tidy(() => (l.threshold !== undefined ? tf.cast(tf.greater(tf.reshape(p, [-1]), l.threshold), 'int32') : tf.argMax(p, -1)));
  const ids = Array.from(pred.dataSync());
  tf.dispose([p, pred, ...(xs !== x ? [xs] : [])]);
  let right = 0;
  ids.forEach((c, i) => (right += c === l.ids[i] ? 1 : 0));
  return right / ids.length;
}

/**
 * Loss of the best input-independent predictor on the same samples: the entropy of the label prior
 * for cross-entropy classifiers (what predicting the class frequencies scores), the target variance
 * for a squared-error regression.
 */
export function constantPredictorLoss(labels: Labels | null, y: tf.Tensor): number {
  if (labels) {
    const n = Math.min(labels.ids.length, 1024);
    const counts = new Array<number>(labels.classes).fill(0);
    for (let i = 0; i < n; i++) counts[labels.ids[i]]++;
    return -counts.reduce((h, c) => (c > 0 ? h + (c / n) * Math.log(c / n) : h), 0);
  }
  const ys = head(y, 1024);
  const v = variance(ys);
  if (ys !== y) ys.dispose();
  return v;
}

/**
 * Does this (trained) model with these per-step losses show a healthy run? null when yes, else why not:
 *  - every weight is finite after training, and every logged loss is finite;
 *  - the mean logged loss of the last 30 steps is ≤ 70% of max(the mean of the first 10, the constant
 *    predictor's loss below): a 30% fall is far beyond minibatch noise once averaged over 10 and 30
 *    steps, and a stuck or diverging run does not get there. The max() keeps a run that fell most of
 *    the way within its first 10 steps (Adam on easy blobs, BatchNorm nets) from failing only because
 *    its head mean was already low, while a run that never leaves the chance level still fails;
 *  - the trained model's loss on its training data (inference mode) is ≤ 70% of the loss of the best
 *    input-independent predictor (label-prior entropy; target variance for MSE): it has learned
 *    something from x, not just the prior — and this holds even when the per-step log is unavailable;
 *  - classification: the final accuracy on the training data clearly beats the majority-class rate
 *    (by max(0.1, a quarter of the gap to 100%)).
 * Learning is the whole test: how many ReLU units a run silences is not asked (a bar there would be
 * dead_relu's own threshold, and a run that learns is healthy whatever its sparsity).
 * When no logged loss is a number at all while the weights are finite, the per-step log itself is
 * missing (tfjs hands callbacks Scalars, not numbers): the two per-step requirements are skipped and
 * the full-data requirements decide.
 */
export function learnedWell(model: tfl.LayersModel, data: ZooData, losses: number[], o: LearnsOptions = {}): string | null {
  const ratio = o.ratio ?? 0.7;
  const minGain = o.minGain ?? 0.1;
  const gainShare = o.gainShare ?? 0.25;
  const H = o.head ?? 10;
  const T = o.tail ?? 30;
  const weightsFinite = !hasNonFiniteWeights(model);
  const logged = losses.some(Number.isFinite) || !weightsFinite;
  const h = headMean(losses, H);
  const t = tailMean(losses, T);
  const labels = labelsOf(model, data.y);
  // Mean compiled loss on (up to 1024 of) the training samples, in inference mode.
  const final = compiledLoss(model, data.x, data.y, { batchSize: 128, samples: 1024 });
  const constant = constantPredictorLoss(labels, data.y);
  const reasons: (string | null)[] = [
    require_(weightsFinite, 'non-finite weights after training'),
    logged ? require_(losses.length >= H + T, `only ${losses.length} steps logged`) : null,
    logged ? require_(losses.every(Number.isFinite), 'a non-finite loss was logged') : null,
    logged ? require_(t <= ratio * Math.max(h, constant), `loss did not fall enough: tail ${t.toFixed(3)} > ${ratio} × max(head ${h.toFixed(3)}, constant ${constant.toFixed(3)})`) : null,
    require_(final <= ratio * constant, `train loss ${final.toFixed(3)} > ${ratio} × the constant predictor's ${constant.toFixed(3)}`),
  ];
  if (labels) {
    const acc = accuracy(model, data.x, labels);
    const maj = majorityShare(labels);
    const need = maj + Math.max(minGain, gainShare * (1 - maj));
    reasons.push(require_(acc >= need, `train accuracy ${acc.toFixed(3)} < ${need.toFixed(3)} (majority ${maj.toFixed(2)}, ${labels.classes} classes)`));
  }
  return all(...reasons);
}

/** The confirmation of a healthy fit control: `learnedWell` on the run's own model and losses. */
export function learns(o: LearnsOptions = {}): (ctx: ConfirmContext) => string | null {
  return ({ model, data, losses }) => learnedWell(model, data, losses, o);
}
