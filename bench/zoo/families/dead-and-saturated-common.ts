/**
 * Direct measurements the dead_relu / chance_plateau / saturated_output / vanishing_gradients
 * confirmations need beyond bench/zoo/oracles.ts. Plain tfjs only — nothing from src/probes,
 * src/checks or src/doctor.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { classesOf, crossEntropy, hasNonFinite, head, onHead, tailMean, trainAccuracy } from '../oracles';
import type { ConfirmContext } from './family';

/** True when the model's outputs on (up to 512 of) x are all finite. */
export function finiteOutputs(model: tfl.LayersModel, x: tf.Tensor): boolean {
  const xs = head(x);
  const p = model.predict(xs, { batchSize: 128 }) as tf.Tensor;
  const finite = !hasNonFinite(p);
  tf.dispose([p, ...(xs !== x ? [xs] : [])]);
  return finite;
}

const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

/** Class shares of the training labels (one-hot rows, or a 0/1 sigmoid column). */
export function labelPrior(y: tf.Tensor): number[] {
  const shares = tf.tidy(() => {
    if (y.shape[y.shape.length - 1] === 1) {
      const p = tf.mean(y);
      return tf.stack([tf.sub(1, p), p]);
    }
    return tf.mean(tf.reshape(y, [-1, y.shape[y.shape.length - 1]!]), 0);
  });
  const out = Array.from(shares.dataSync());
  shares.dispose();
  return out;
}

const entropy = (p: number[]) => -p.reduce((s, q) => (q > 0 ? s + q * Math.log(q) : s), 0);

/**
 * Chance plateau, from its definition: a classifier that ignores its input can at best predict the
 * label prior, so its cross-entropy sits at ln C (uniform prediction) or the prior's entropy (predicting
 * class frequencies), and its accuracy at the majority share. Confirmed when, at the end of training,
 *  - the training accuracy (on up to 512 training samples) is within max(0.05, 3 standard errors) of
 *    chance (max(1/C, majority share)) — finite-sample noise, not learning;
 *  - the mean loss of the last 100 steps is within 5% of the nearer of ln C and H(prior);
 *  - those 100 steps are flat: the mean of their second half is below the first half's by < 2% of that level.
 */
export function confirmChance({ model, data, losses }: ConfirmContext): string | null {
  if (losses.length < 100) return `only ${losses.length} steps ran`;
  if (!losses.slice(-100).some(Number.isFinite)) return 'no finite loss was logged in the last 100 steps';
  const C = classesOf(data.y);
  const prior = labelPrior(data.y);
  const chanceAcc = Math.max(1 / C, ...prior);
  const n = Math.min(512, data.x.shape[0]);
  const se = Math.sqrt((chanceAcc * (1 - chanceAcc)) / n);
  const acc = trainAccuracy(model, data.x, data.y);
  const levels = [Math.log(C), entropy(prior)];
  const tail = tailMean(losses, 100);
  const level = levels.reduce((b, l) => (Math.abs(l - tail) < Math.abs(b - tail) ? l : b));
  const first = tailMean(losses.slice(0, -50), 50);
  const second = tailMean(losses, 50);
  if (acc > chanceAcc + Math.max(0.05, 3 * se)) return `training accuracy ${fmt(acc)} is above chance ${fmt(chanceAcc)}`;
  if (Math.abs(tail - level) > 0.05 * level) return `last-100-step loss ${fmt(tail, 3)} is not within 5% of chance level ${fmt(level, 3)}`;
  if (first - second > 0.02 * level) return `loss still falling at the end (${fmt(first, 3)} → ${fmt(second, 3)})`;
  return null;
}

/**
 * ‖∂L/∂W‖ / ‖W‖ for every Dense/Conv kernel, in model order, measured on up to 256 training samples
 * with the mean cross-entropy of the model's probability output (categorical or binary, clipped like
 * tfjs's losses) in training mode. Own measurement of the backward signal reaching each layer.
 */
export function relativeKernelGradients(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): number[] {
  const kernels = model.trainableWeights.filter((w) => /kernel/.test(w.name));
  const vars = kernels.map((w) => w.read() as tf.Variable);
  return onHead(x, y, 256, (xs, ys) =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => crossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor), vars);
      return vars.map((v) => tf.div(tf.norm(grads[v.name]), tf.norm(v)).dataSync()[0]);
    }),
  );
}
