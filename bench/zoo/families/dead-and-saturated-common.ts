/**
 * Shared pieces of the dead_relu / chance_plateau / saturated_output / vanishing_gradients families:
 * optimizer factories, data transforms, and the direct measurements their confirmations need beyond
 * bench/zoo/oracles.ts. Plain tfjs only — nothing from src/probes, src/checks or src/doctor.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ZooData } from '../data';
import { classesOf, head, tailMean, trainAccuracy } from '../oracles';
import type { ConfirmContext } from './family';

export type OptName = 'sgd' | 'momentum' | 'adam' | 'rmsprop';

/** An optimizer by name and learning rate (momentum: 0.9). */
export function optimizer(name: OptName, lr: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
    case 'adam':
      return tf.train.adam(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
  }
}

/** Replace x by a transform of it (the original is disposed). */
export function mapX(d: ZooData, f: (x: tf.Tensor) => tf.Tensor): ZooData {
  const x = tf.tidy(() => f(d.x));
  d.x.dispose();
  return { x, y: d.y };
}

/** Replace y (the original is disposed). */
export function withY(d: ZooData, y: tf.Tensor): ZooData {
  d.y.dispose();
  return { x: d.x, y };
}

/** x standardised per feature (zero mean, unit variance over the data set). */
export function standardise(d: ZooData): ZooData {
  return mapX(d, (x) => {
    const { mean, variance } = tf.moments(x, 0);
    return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-8)));
  });
}

/** True when the model's outputs on (up to 512 of) x are all finite. */
export function finiteOutputs(model: tfl.LayersModel, x: tf.Tensor): boolean {
  const xs = head(x);
  const p = model.predict(xs, { batchSize: 128 }) as tf.Tensor;
  const ok = tf.tidy(() => tf.all(tf.isFinite(p)));
  const value = ok.dataSync()[0] !== 0;
  tf.dispose([p, ok, ...(xs !== x ? [xs] : [])]);
  return value;
}

const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
export const pct = (v: number) => `${(100 * v).toFixed(0)}%`;

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

/** The names of a model's layers whose activation is a plain ReLU (Dense/Conv with activation 'relu', or Activation('relu')). */
export function reluLayers(model: tfl.LayersModel): string[] {
  return model.layers
    .filter((l) => {
      const cfg = l.getConfig() as { activation?: unknown };
      return cfg.activation === 'relu';
    })
    .map((l) => l.name);
}

/**
 * Share of samples whose output is pinned at a clipped probability (any class probability — or the
 * sigmoid — within 1e-7 of 0 or 1 for the *predicted* side: max prob > 1 − 1e-7), on up to 512 samples.
 */
export function pinnedFraction(model: tfl.LayersModel, x: tf.Tensor): number {
  const xs = head(x);
  const p = model.predict(xs, { batchSize: 128 }) as tf.Tensor;
  const share = tf.tidy(() => {
    const top = p.shape[p.shape.length - 1] === 1 ? tf.maximum(p, tf.sub(1, p)) : tf.max(p, -1);
    return tf.mean(tf.cast(tf.greater(tf.reshape(top, [-1]), 1 - 1e-7), 'float32'));
  });
  const value = share.dataSync()[0];
  tf.dispose([p, share, ...(xs !== x ? [xs] : [])]);
  return value;
}

/**
 * ‖∂L/∂W‖ / ‖W‖ for every Dense/Conv kernel, in model order, measured on up to 256 training samples
 * with the mean cross-entropy of the model's probability output (categorical or binary, clipped like
 * tfjs's losses) in training mode. Own measurement of the backward signal reaching each layer.
 */
export function relativeKernelGradients(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): number[] {
  const xs = head(x, 256);
  const ys = head(y, 256);
  const kernels = model.trainableWeights.filter((w) => /kernel/.test(w.name));
  const vars = kernels.map((w) => w.read() as tf.Variable);
  const out = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const p = tf.clipByValue(model.apply(xs, { training: true }) as tf.Tensor, 1e-7, 1 - 1e-7);
      const ce = p.shape[p.shape.length - 1] === 1 ? tf.neg(tf.add(tf.mul(ys, tf.log(p)), tf.mul(tf.sub(1, ys), tf.log(tf.sub(1, p))))) : tf.neg(tf.sum(tf.mul(ys, tf.log(p)), -1));
      return tf.mean(ce) as tf.Scalar;
    }, vars);
    return vars.map((v) => tf.div(tf.norm(grads[v.name]), tf.norm(v)).dataSync()[0]);
  });
  tf.dispose([...(xs !== x ? [xs] : []), ...(ys !== y ? [ys] : [])]);
  return out;
}
