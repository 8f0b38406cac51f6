/**
 * Measurements and builders shared by the training-dynamics families (nan_loss, lr_too_high,
 * exploding_gradients, bad_init, input_not_normalized). Plain tfjs on the case's own model, data and
 * initial weights — nothing from src/probes, src/checks or src/doctor.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ZooData } from '../data';
import { compile } from '../models';
import { head } from '../oracles';
import type { ConfirmContext } from './family';

export type Opt = 'sgd' | 'momentum' | 'adam' | 'rmsprop';

export function optimizer(kind: Opt, lr: number): tf.Optimizer {
  switch (kind) {
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

export const fmt = (v: number): string => (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2 ? v.toExponential(1) : Number(v.toPrecision(2)).toString());

/** Replace x by a transform of it (and dispose the original). */
export function mapX(d: ZooData, f: (x: tf.Tensor) => tf.Tensor): ZooData {
  const x = tf.tidy(() => f(d.x));
  d.x.dispose();
  return { x, y: d.y };
}

/** Replace y by a transform of it (and dispose the original). */
export function mapY(d: ZooData, f: (y: tf.Tensor) => tf.Tensor): ZooData {
  const y = tf.tidy(() => f(d.y));
  d.y.dispose();
  return { x: d.x, y };
}

type Loss = string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);

/** A regression MLP: dense hidden layers, one linear output unit, MSE (or a custom loss); no metrics. */
export function regressor(o: {
  inputDim: number;
  hidden: number[];
  act?: 'relu' | 'tanh' | 'linear';
  init?: Parameters<typeof tfl.layers.dense>[0]['kernelInitializer'];
  optimizer: tf.Optimizer;
  loss?: Loss;
  out?: number;
}): tfl.LayersModel {
  const m = tfl.sequential();
  const act = o.act ?? 'relu';
  o.hidden.forEach((units, i) => {
    m.add(
      tfl.layers.dense({
        units,
        activation: act,
        inputShape: i === 0 ? [o.inputDim] : undefined,
        kernelInitializer: o.init ?? (act === 'relu' ? 'heNormal' : 'glorotUniform'),
        name: `hidden${i + 1}`,
      }),
    );
  });
  m.add(tfl.layers.dense({ units: o.out ?? 1, name: 'output' }));
  return compile(m, o.optimizer, o.loss ?? 'meanSquaredError', false);
}

// -------------------------------------------------------------------------------- losses and data

/** Every loss value finite in the per-step log? Index of the first non-finite one, or -1. */
export const firstNonFinite = (losses: number[]): number => losses.findIndex((l) => !Number.isFinite(l));

/** Largest finite value. */
export const maxFinite = (xs: number[]): number => Math.max(...xs.filter(Number.isFinite));

/** True when the tensor holds a NaN or ±Infinity. */
export function hasNonFinite(t: tf.Tensor): boolean {
  const bad = tf.tidy(() => tf.any(tf.logicalNot(tf.isFinite(t))));
  const v = bad.dataSync()[0];
  bad.dispose();
  return v !== 0;
}

/** Input magnitude: max |x|, RMS over everything, and the largest per-feature RMS (last axis). Non-finite values ignored. */
export function inputScale(x: tf.Tensor): { absMax: number; rms: number; maxFeatureRms: number; maxFeatureMean: number } {
  const [absMax, rms, maxFeatureRms, maxFeatureMean] = tf.tidy(() => {
    const finite = tf.where(tf.isFinite(x), x, tf.zerosLike(x));
    const units = x.shape[x.shape.length - 1]!;
    const flat = tf.reshape(finite, [-1, units]);
    return [
      tf.max(tf.abs(finite)).dataSync()[0],
      Math.sqrt(tf.mean(tf.square(finite)).dataSync()[0]),
      Math.sqrt(tf.max(tf.mean(tf.square(flat), 0)).dataSync()[0]),
      tf.max(tf.abs(tf.mean(flat, 0))).dataSync()[0],
    ];
  });
  return { absMax, rms, maxFeatureRms, maxFeatureMean };
}

/** Variance of y (the MSE of always predicting its mean: the trivial regression baseline). */
export function targetVariance(y: tf.Tensor): number {
  const v = tf.tidy(() => tf.moments(y).variance);
  const out = v.dataSync()[0];
  v.dispose();
  return out;
}

// -------------------------------------------------------------------------------- losses for confirm

/**
 * The loss the family compiled, recomputed here from the output layer's activation and y's shape:
 * softmax → clipped categorical cross-entropy (as tfjs computes it), sigmoid → clipped binary
 * cross-entropy, linear with one-hot y → softmax cross-entropy on logits, linear with one column → MSE.
 */
export function lossFor(model: tfl.LayersModel): (y: tf.Tensor, p: tf.Tensor) => tf.Scalar {
  const last = model.layers[model.layers.length - 1];
  const act = String((last.getConfig() as { activation?: string }).activation ?? 'linear');
  const eps = 1e-7;
  if (act === 'softmax') return (y, p) => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, eps, 1 - eps))), -1))) as tf.Scalar;
  if (act === 'sigmoid')
    return (y, p) => {
      const q = tf.clipByValue(p, eps, 1 - eps);
      return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))))) as tf.Scalar;
    };
  return (y, p) => (y.shape[y.shape.length - 1]! > 1 ? tf.losses.softmaxCrossEntropy(y, p) : tf.losses.meanSquaredError(y, p)) as tf.Scalar;
}

/**
 * Gradient norms at the INITIAL weights (ctx.initialWeights) on up to `samples` training samples:
 * the model's weights are swapped to their initial values, the gradient of the family's loss is
 * taken, and the trained weights are put back. Returns the global norm √Σ‖g‖² and each weight's norm.
 */
export function gradientAtInit(ctx: ConfirmContext, samples = 256): { global: number; perWeight: { name: string; norm: number }[]; loss: number } {
  const weights = ctx.model.trainableWeights;
  const saved = weights.map((w) => tf.clone(w.read()));
  const init = new Map(ctx.initialWeights.map((w) => [w.name, w.value] as const));
  const lossFn = lossFor(ctx.model);
  const x = head(ctx.data.x, samples);
  const y = head(ctx.data.y, samples);
  try {
    for (const w of weights) {
      const v = init.get(w.name);
      if (v) w.write(v);
    }
    const { value, grads } = tf.variableGrads(() => lossFn(y, ctx.model.apply(x, { training: true }) as tf.Tensor), weights.map((w) => w.read() as tf.Variable));
    const perWeight = weights.map((w) => {
      const g = grads[(w.read() as tf.Variable).name];
      const n = g ? tf.tidy(() => tf.norm(g).dataSync()[0]) : 0;
      return { name: w.name, norm: n };
    });
    const loss = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    return { global: Math.sqrt(perWeight.reduce((s, w) => s + w.norm * w.norm, 0)), perWeight, loss };
  } finally {
    weights.forEach((w, i) => w.write(saved[i]));
    tf.dispose(saved);
    if (x !== ctx.data.x) x.dispose();
    if (y !== ctx.data.y) y.dispose();
  }
}

/**
 * Every Dense/Conv kernel's initial std against the variance-preserving scale for its fan-in/fan-out:
 * He √(2/fanIn) behind a ReLU, Glorot √(2/(fanIn+fanOut)) otherwise. `ratio` = measured / expected.
 */
export function kernelScales(ctx: ConfirmContext): { layer: string; std: number; expected: number; ratio: number }[] {
  const init = new Map(ctx.initialWeights.map((w) => [w.name, w.value] as const));
  const out: { layer: string; std: number; expected: number; ratio: number }[] = [];
  for (const layer of ctx.model.layers) {
    const cls = layer.getClassName();
    if (cls !== 'Dense' && cls !== 'Conv2D') continue;
    const kernel = layer.trainableWeights.find((w) => w.name.includes('kernel'));
    const value = kernel && init.get(kernel.name);
    if (!value) continue;
    const shape = value.shape;
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const fanIn = receptive * shape[shape.length - 2];
    const fanOut = receptive * shape[shape.length - 1];
    const std = tf.tidy(() => Math.sqrt(tf.moments(value).variance.dataSync()[0]));
    const act = String((layer.getConfig() as { activation?: string }).activation ?? 'linear');
    const expected = act === 'relu' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
    out.push({ layer: layer.name, std, expected, ratio: std / expected });
  }
  return out;
}

/** The loss of the INITIAL model on up to `samples` training samples (weights swapped in and back). */
export function initialLoss(ctx: ConfirmContext, samples = 512): number {
  const weights = ctx.model.trainableWeights;
  const saved = weights.map((w) => tf.clone(w.read()));
  const init = new Map(ctx.initialWeights.map((w) => [w.name, w.value] as const));
  const x = head(ctx.data.x, samples);
  const y = head(ctx.data.y, samples);
  try {
    for (const w of weights) {
      const v = init.get(w.name);
      if (v) w.write(v);
    }
    const l = tf.tidy(() => lossFor(ctx.model)(y, ctx.model.predict(x, { batchSize: 128 }) as tf.Tensor).dataSync()[0]);
    return l;
  } finally {
    weights.forEach((w, i) => w.write(saved[i]));
    tf.dispose(saved);
    if (x !== ctx.data.x) x.dispose();
    if (y !== ctx.data.y) y.dispose();
  }
}

// -------------------------------------------------------------------------------- run parameters

/** What a variant trained with, remembered per built model so a family-level confirm can replay it. */
export interface RunInfo {
  opt: Opt;
  lr: number;
  batchSize: number;
}
const RUNS = new WeakMap<tfl.LayersModel, RunInfo>();

/** Remember a built model's optimizer, learning rate and batch size (call from `build`). */
export function remember(model: tfl.LayersModel, info: RunInfo): tfl.LayersModel {
  RUNS.set(model, info);
  return model;
}
export const runInfo = (model: tfl.LayersModel): RunInfo | undefined => RUNS.get(model);

/**
 * The per-step losses of the run, when the log holds numbers (at least one finite value); null when
 * it does not (e.g. a run whose very first loss was already NaN, or a log that could not be read).
 */
export const loggedLosses = (ctx: ConfirmContext): number[] | null => (ctx.losses.some(Number.isFinite) ? ctx.losses : null);

/**
 * The compiled loss of the model (its own, custom losses included) on its training data, evaluated
 * in batches of `batchSize` (the run's batch size) — the mean over batches as Keras reports it.
 */
export function evaluatedLoss(model: tfl.LayersModel, data: ZooData, batchSize = 32): number {
  const out = model.evaluate(data.x, data.y, { batchSize });
  const list = Array.isArray(out) ? out : [out];
  const value = list[0].dataSync()[0];
  tf.dispose(list);
  return value;
}

/**
 * Replays `steps` training steps from the INITIAL weights with a fresh optimizer of the run's kind and
 * learning rate, on consecutive batches of the training data (no shuffling). Returns the loss before
 * each step (the family's loss, `lossFor`; stops at the first non-finite one) and the loss of the
 * replayed model on (up to 512 of) its training samples at the end. The trained weights are put back.
 */
export function replay(ctx: ConfirmContext, info: RunInfo, steps: number): { losses: number[]; final: number } {
  const weights = ctx.model.trainableWeights;
  const saved = weights.map((w) => tf.clone(w.read()));
  const init = new Map(ctx.initialWeights.map((w) => [w.name, w.value] as const));
  const lossFn = lossFor(ctx.model);
  const opt = optimizer(info.opt, info.lr);
  const n = ctx.data.x.shape[0];
  const losses: number[] = [];
  try {
    for (const w of weights) {
      const v = init.get(w.name);
      if (v) w.write(v);
    }
    const vars = weights.map((w) => w.read() as tf.Variable);
    for (let s = 0; s < steps; s++) {
      const start = (s * info.batchSize) % n;
      const size = Math.min(info.batchSize, n - start);
      const loss = tf.tidy(() => {
        const x = tf.slice(ctx.data.x, start, size);
        const y = tf.slice(ctx.data.y, start, size);
        const { value, grads } = tf.variableGrads(() => lossFn(y, ctx.model.apply(x, { training: true }) as tf.Tensor), vars);
        opt.applyGradients(grads);
        return value.dataSync()[0];
      });
      losses.push(loss);
      if (!Number.isFinite(loss)) break;
    }
    const x = head(ctx.data.x);
    const y = head(ctx.data.y);
    const final = tf.tidy(() => lossFn(y, ctx.model.predict(x, { batchSize: 128 }) as tf.Tensor).dataSync()[0]);
    if (x !== ctx.data.x) x.dispose();
    if (y !== ctx.data.y) y.dispose();
    return { losses, final };
  } finally {
    weights.forEach((w, i) => w.write(saved[i]));
    tf.dispose(saved);
    opt.dispose();
  }
}
