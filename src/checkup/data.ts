/**
 * The batch checkup() and findLearningRate() are given: validated against the model (with the fix in
 * the error), and cut into deterministic subsets. The user's tensors are never disposed.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CnnDoctorError } from '../errors';
import { innerModel } from '../model-info';
import { asArray, mulberry32 } from '../util';

export type Tensors = tf.Tensor | tf.Tensor[];

export { asArray };

const shapeText = (s: readonly (number | null)[]) => `[${s.map((d) => d ?? 'batch').join(', ')}]`;

/** Checks x and y against the model's inputs and outputs; returns the number of samples. */
export function validateData(model: LayersModel, x: unknown, y: unknown, fn: string): number {
  const inner = innerModel(model);
  const fail = (message: string, fix: string): never => {
    throw new CnnDoctorError('invalid_data', `${fn}: ${message}`, fix);
  };
  const isTensors = (v: unknown) => v instanceof tf.Tensor || (Array.isArray(v) && v.length > 0 && v.every((t) => t instanceof tf.Tensor));
  if (!isTensors(x)) fail('`x` must be a tf.Tensor (or one tensor per model input).', `call ${fn}(model, { x, y }) with the inputs you pass to fit()`);
  if (!isTensors(y)) fail('`y` must be a tf.Tensor (or one tensor per model output).', `call ${fn}(model, { x, y }) with the labels you pass to fit()`);
  const xs = asArray(x as Tensors);
  const ys = asArray(y as Tensors);
  if ([...xs, ...ys].some((t) => t.isDisposed)) fail('`x` or `y` has been disposed.', 'pass tensors that are still alive');
  if (xs.length !== inner.inputs.length) {
    fail(`the model has ${inner.inputs.length} input(s) but x has ${xs.length} tensor(s).`, 'pass one tensor per model input, in model.inputs order');
  }
  if (ys.length !== inner.outputs.length) {
    fail(`the model has ${inner.outputs.length} output(s) but y has ${ys.length} tensor(s).`, 'pass one label tensor per model output');
  }
  xs.forEach((t, i) => {
    const expected = inner.inputs[i].shape;
    const ok = t.rank === expected.length && expected.every((d, j) => j === 0 || d === null || d === t.shape[j]);
    if (!ok) {
      fail(
        `x${xs.length > 1 ? `[${i}]` : ''} has shape [${t.shape.join(', ')}] but the model expects ${shapeText(expected)}.`,
        expected.length === t.rank + 1 && expected[expected.length - 1] === 1
          ? 'add the channel axis: x.expandDims(-1)'
          : `reshape x to ${shapeText(expected)} (the first axis is the sample axis), or fix the model's inputShape`,
      );
    }
  });
  const n = xs[0].shape[0];
  if (!(n >= 1)) fail('x holds no samples.', 'pass at least one sample');
  for (const t of [...xs, ...ys]) {
    if (t.rank === 0 || t.shape[0] !== n) {
      fail(`x has ${n} samples but ${xs.includes(t) ? 'another input' : 'y'} has ${t.rank ? t.shape[0] : 0}.`, 'give x and y the same number of samples (the first axis)');
    }
  }
  return n;
}

/**
 * `k` of [0, n), drawn by a fixed-seed shuffle and returned in order: deterministic, and independent
 * of how the data is sorted (evenly spaced rows of class-periodic data can all share one class).
 */
export function sampleIndices(n: number, k: number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  return permutation(n, 11).slice(0, k).sort((a, b) => a - b);
}

/** The rows `indices` of every tensor (new tensors the caller owns). */
export function takeRows(ts: tf.Tensor[], indices: number[]): tf.Tensor[] {
  return tf.tidy(() => {
    const idx = tf.tensor1d(indices, 'int32');
    return ts.map((t) => tf.gather(t, idx));
  });
}

/** A deterministic permutation of [0, n) (mulberry32), so sweeps do not depend on Math.random. */
export function permutation(n: number, seed = 1): number[] {
  const next = mulberry32(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

export const unwrap = (ts: tf.Tensor[]): Tensors => (ts.length === 1 ? ts[0] : ts);
