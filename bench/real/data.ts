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

/** A seeded Fisher–Yates permutation of 0..n−1. */
export function permutation(n: number, seed: number): number[] {
  const next = rng(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Column-wise standardisation of `rows` with the mean and (population) sd of `ref`, as Keras' Normalization.adapt does. */
export function standardizeBy(rows: number[][], ref: number[][], columns: number[]): number[][] {
  const stats = columns.map((c) => {
    const mean = ref.reduce((s, r) => s + r[c], 0) / ref.length;
    const sd = Math.sqrt(ref.reduce((s, r) => s + (r[c] - mean) ** 2, 0) / ref.length) || 1;
    return { c, mean, sd };
  });
  return rows.map((r) => {
    const out = r.slice();
    for (const { c, mean, sd } of stats) out[c] = (r[c] - mean) / sd;
    return out;
  });
}

/**
 * A seeded stand-in for the Auto MPG table (398 cars of 1970–82, 392 without missing horsepower): cylinders
 * 3–8, displacement 68–455 cu in, horsepower 46–230, weight 1,613–5,140 lb, acceleration 8–25 s, model year
 * 70–82, origin USA / Europe / Japan (≈ 62 / 17 / 20 %); MPG 9–47 (mean ≈ 23.4, sd ≈ 7.8), falling with weight
 * and power and rising with the model year, as in the real table (the stand-in: mean ≈ 23.4, sd ≈ 8.2, min ≈ 11).
 */
export function autoMpgRows(n: number, seed: number): number[][] {
  const next = rng(seed);
  const rows: number[][] = [];
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  for (let i = 0; i < n; i++) {
    const u = next();
    const origin = u < 0.62 ? 'USA' : u < 0.79 ? 'Europe' : 'Japan';
    const c = next();
    const cylinders = origin === 'USA' ? (c < 0.3 ? 4 : c < 0.55 ? 6 : 8) : c < 0.88 ? 4 : c < 0.96 ? 6 : origin === 'Japan' ? 3 : 5;
    const displacement = Math.round(clamp(cylinders * (origin === 'USA' ? 40 : 27) + gaussian(next) * 18, 68, 455));
    const horsepower = Math.round(clamp(30 + 0.36 * displacement + gaussian(next) * 12, 46, 230));
    const weight = Math.round(clamp(1400 + 8 * displacement + gaussian(next) * 260, 1613, 5140));
    const acceleration = Math.round(clamp(21.5 - 0.045 * horsepower + gaussian(next) * 1.8, 8, 24.8) * 10) / 10;
    const year = 70 + Math.floor(next() * 13);
    const gallonsPer100 = -0.6 + (1.45 * weight) / 1000 + 0.01 * horsepower - 0.15 * (year - 76) + gaussian(next) * 0.3;
    const mpg = Math.round(clamp(100 / Math.max(gallonsPer100, 2.1), 9, 46.6) * 10) / 10;
    rows.push([cylinders, displacement, horsepower, weight, acceleration, year, origin === 'Europe' ? 1 : 0, origin === 'Japan' ? 1 : 0, origin === 'USA' ? 1 : 0, mpg]);
  }
  return rows;
}
