/**
 * Measurements shared by the training-dynamics families (nan_loss, lr_too_high, exploding_gradients,
 * bad_init, input_not_normalized), for their notes on what went wrong — the families confirm by outcome
 * (../outcome.ts). Plain tfjs on the case's own model, data and initial weights — nothing from
 * src/probes, src/checks or src/doctor.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { OptName } from '../models';
import { activationOf, atInitialWeights, binaryCrossEntropy, categoricalCrossEntropy, onHead, variance } from '../oracles';
import type { ConfirmContext } from './family';

export const fmt = (v: number): string => (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2 ? v.toExponential(1) : Number(v.toPrecision(2)).toString());

// -------------------------------------------------------------------------------- loss logs and inputs

/** Every loss value finite in the per-step log? Index of the first non-finite one, or -1. */
export const firstNonFinite = (losses: number[]): number => losses.findIndex((l) => !Number.isFinite(l));

/** Largest finite value. */
export const maxFinite = (xs: number[]): number => Math.max(...xs.filter(Number.isFinite));

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

// -------------------------------------------------------------------------------- losses for confirm

/**
 * The loss the family compiled, recomputed here from the output layer's activation and y's shape:
 * softmax → clipped categorical cross-entropy (as tfjs computes it), sigmoid → clipped binary
 * cross-entropy, linear with one-hot y → softmax cross-entropy on logits, linear with one column → MSE.
 */
export function lossFor(model: tfl.LayersModel): (y: tf.Tensor, p: tf.Tensor) => tf.Scalar {
  const act = activationOf(model.layers[model.layers.length - 1]);
  if (act === 'softmax') return categoricalCrossEntropy;
  if (act === 'sigmoid') return binaryCrossEntropy;
  return (y, p) => (y.shape[y.shape.length - 1]! > 1 ? tf.losses.softmaxCrossEntropy(y, p) : tf.losses.meanSquaredError(y, p)) as tf.Scalar;
}

/**
 * Gradient norms at the INITIAL weights (ctx.initialWeights) on up to `samples` training samples:
 * the model's weights are swapped to their initial values, the gradient of the family's loss is
 * taken, and the trained weights are put back. Returns the global norm √Σ‖g‖² and each weight's norm.
 */
export function gradientAtInit(ctx: ConfirmContext, samples = 256): { global: number; perWeight: { name: string; norm: number }[]; loss: number } {
  const lossFn = lossFor(ctx.model);
  return onHead(ctx.data.x, ctx.data.y, samples, (x, y) =>
    atInitialWeights(ctx, () => {
      const weights = ctx.model.trainableWeights;
      const { value, grads } = tf.variableGrads(() => lossFn(y, ctx.model.apply(x, { training: true }) as tf.Tensor), weights.map((w) => w.read() as tf.Variable));
      const perWeight = weights.map((w) => {
        const g = grads[(w.read() as tf.Variable).name];
        const n = g ? tf.tidy(() => tf.norm(g).dataSync()[0]) : 0;
        return { name: w.name, norm: n };
      });
      const loss = value.dataSync()[0];
      tf.dispose([value, ...Object.values(grads)]);
      return { global: Math.sqrt(perWeight.reduce((s, w) => s + w.norm * w.norm, 0)), perWeight, loss };
    }),
  );
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
    const std = Math.sqrt(variance(value));
    const expected = activationOf(layer) === 'relu' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
    out.push({ layer: layer.name, std, expected, ratio: std / expected });
  }
  return out;
}

// -------------------------------------------------------------------------------- run parameters

/** What a variant trained with, remembered per built model (for inspecting a case). */
export interface RunInfo {
  opt: OptName;
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
