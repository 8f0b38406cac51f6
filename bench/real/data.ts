/**
 * Data for the real-world corpus. Synthetic generators are seeded (never Math.random); real images come
 * from data sets installed on this machine — never downloaded:
 *  - Fashion-MNIST from Debian's `dataset-fashion-mnist` (/usr/share/datasets/fashion-mnist), the stand-in
 *    for MNIST programs (same shapes, 10 classes; `apt-get install dataset-fashion-mnist`);
 *  - CIFAR-10 from ../shared/data (bench/zoo/data.ts).
 * Entries that need one declare it in `needs`, and are skipped with a loud note where it is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { CIFAR_ARCHIVE, cifarSlice, gaussian, rng } from '../zoo/data';
import type { External } from './types';

export { gaussian, rng, cifarSlice };

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export function hasExternal(name: External): boolean {
  return name === 'fashion-mnist' ? existsSync(`${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`) : existsSync(CIFAR_ARCHIVE);
}

export function missingExternal(needs: readonly External[] | undefined): External[] {
  return (needs ?? []).filter((n) => !hasExternal(n));
}

const idxCache = new Map<string, Uint8Array>();

function readIdx(file: string): Uint8Array {
  let body = idxCache.get(file);
  if (!body) {
    const raw = gunzipSync(readFileSync(`${FASHION_MNIST_DIR}/${file}`));
    const dims = raw[3];
    body = new Uint8Array(raw.buffer, raw.byteOffset + 4 + 4 * dims, raw.length - 4 - 4 * dims);
    idxCache.set(file, body);
  }
  return body;
}

/**
 * Fashion-MNIST images as raw 0–255 float32 values in [n, 28, 28, 1] (or [n, 784] with `flat`) and integer
 * labels. `split: 'train'` reads the first n of the 60,000 training images from `offset`, `'test'` of the 10,000
 * test images. Scaling is the program's business (its bugs included).
 */
export function fashionMnist(n: number, o: { split?: 'train' | 'test'; offset?: number; flat?: boolean } = {}): { x: tf.Tensor; labels: number[] } {
  const split = o.split ?? 'train';
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = readIdx(`${prefix}-images-idx3-ubyte.gz`);
  const labelBytes = readIdx(`${prefix}-labels-idx1-ubyte.gz`);
  const offset = o.offset ?? 0;
  const total = labelBytes.length;
  if (offset + n > total) throw new Error(`fashionMnist: only ${total} ${split} images`);
  const px = new Float32Array(n * 784);
  for (let i = 0; i < n * 784; i++) px[i] = images[offset * 784 + i];
  const labels = Array.from(labelBytes.subarray(offset, offset + n));
  return { x: o.flat ? tf.tensor2d(px, [n, 784]) : tf.tensor4d(px, [n, 28, 28, 1]), labels };
}

/** One-hot float32 rows for integer labels. */
export function oneHot(labels: readonly number[], classes: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels as number[], 'int32'), classes), 'float32')) as tf.Tensor2D;
}

/** A [n, 1] float32 column. */
export function column(values: readonly number[]): tf.Tensor2D {
  return tf.tensor2d(values as number[], [values.length, 1]);
}

/** A seeded [n, d] matrix of draws from `f(next)`. */
export function matrix(n: number, d: number, seed: number, f: (next: () => number) => number): { values: Float32Array; tensor: tf.Tensor2D } {
  const next = rng(seed);
  const values = new Float32Array(n * d);
  for (let i = 0; i < values.length; i++) values[i] = f(next);
  return { values, tensor: tf.tensor2d(values, [n, d]) };
}

/** Standard-normal draws (for synthetic features). */
export const normal01 = (next: () => number) => gaussian(next);

/**
 * A seeded stand-in for the Pima Indians diabetes table (8 raw columns: pregnancies, glucose, blood
 * pressure, skin thickness, insulin, BMI, pedigree, age; about a third positive), the table of the usual
 * Keras binary-classification tutorial. `weights` sets how strongly glucose and BMI drive the label.
 */
export function pimaLikeTable(n: number, seed: number, weights: { glucose: number; bmi: number }): { x: tf.Tensor2D; y: tf.Tensor2D; labels: number[] } {
  const next = rng(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const age = Math.round(Math.min(81, 21 + Math.abs(gaussian(next)) * 14));
    const preg = Math.max(0, Math.round((age - 21) / 6 + gaussian(next) * 2));
    const bmi = Math.max(18, 32 + gaussian(next) * 7.5);
    const glucose = Math.max(44, 120 + gaussian(next) * 30);
    const bp = Math.max(24, 70 + gaussian(next) * 12);
    const skin = Math.max(0, 20 + gaussian(next) * 15);
    const insulin = Math.max(0, 80 + gaussian(next) * 100);
    const dpf = Math.max(0.08, 0.47 + gaussian(next) * 0.3);
    const logit = -0.6 + weights.glucose * (glucose - 120) + weights.bmi * (bmi - 32) + 0.03 * (age - 33) + 0.08 * (preg - 4) + 0.9 * (dpf - 0.47);
    labels.push(next() < 1 / (1 + Math.exp(-1.6 * logit)) ? 1 : 0);
    rows.push([preg, Math.round(glucose), Math.round(bp), Math.round(skin), Math.round(insulin), Math.round(bmi * 10) / 10, Math.round(dpf * 1000) / 1000, age]);
  }
  return { x: tf.tensor2d(rows), y: column(labels), labels };
}
