/** Small synthetic data sets, deterministic for a given seed. */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../../src/util';

/** A tiny deterministic PRNG (mulberry32) so data never depends on Math.random. */
export const rng = mulberry32;

export function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** Gaussian blobs: `classes` clusters in `dims` dimensions, one-hot labels. */
export function blobs(n: number, classes = 3, dims = 8, seed = 1, spread = 1): { x: tf.Tensor2D; y: tf.Tensor2D; labels: number[] } {
  const next = rng(seed);
  const centers = Array.from({ length: classes }, () => Array.from({ length: dims }, () => gaussian(next) * 2));
  const xs: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    labels.push(c);
    for (let d = 0; d < dims; d++) xs.push(centers[c][d] + gaussian(next) * spread);
  }
  return {
    x: tf.tensor2d(xs, [n, dims]),
    y: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32')) as tf.Tensor2D,
    labels,
  };
}

/**
 * Tiny images (size × size × 1) whose class is where a bright bar sits: vertical, horizontal, or
 * diagonal. A conv net learns it in a few epochs.
 */
export function bars(n: number, size = 8, seed = 2): { x: tf.Tensor4D; y: tf.Tensor2D; labels: number[] } {
  const next = rng(seed);
  const data = new Float32Array(n * size * size);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels.push(c);
    const at = Math.floor(next() * size);
    for (let r = 0; r < size; r++) {
      for (let col = 0; col < size; col++) {
        const on = c === 0 ? col === at : c === 1 ? r === at : (r + col) % size === at;
        data[i * size * size + r * size + col] = (on ? 1 : 0) + (next() - 0.5) * 0.2;
      }
    }
  }
  return {
    x: tf.tensor4d(data, [n, size, size, 1]),
    y: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32')) as tf.Tensor2D,
    labels,
  };
}
