/**
 * Deterministic data for the zoo: synthetic blobs, spirals, bar images, regression, binary, and
 * CIFAR-10 slices read from the local archive (never the network). Every generator takes a seed and
 * uses its own PRNG, so a case's data never depends on Math.random.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadCifar10 } from '../../src/data';
// The seeded PRNG and normal draws the unit tests use: zoo data and test data come from one generator.
import { bars as barImages, gaussian, rng } from '../../test/helpers/data';

export { gaussian, rng };

export interface ZooData {
  x: tf.Tensor;
  y: tf.Tensor;
}

const oneHot = (labels: number[], classes: number) => tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32')) as tf.Tensor2D;

/** Gaussian blobs in `dims` dimensions; labels as class ids (use `oneHot` for categorical losses). */
export function blobsRaw(n: number, classes: number, dims: number, seed: number, spread = 1.5): { xs: Float32Array; labels: number[] } {
  const next = rng(seed);
  const centers = Array.from({ length: classes }, () => Array.from({ length: dims }, () => gaussian(next) * 2));
  const xs = new Float32Array(n * dims);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    labels.push(c);
    for (let d = 0; d < dims; d++) xs[i * dims + d] = centers[c][d] + gaussian(next) * spread;
  }
  return { xs, labels };
}

export function blobs(n: number, o: { classes?: number; dims?: number; seed?: number; spread?: number; scale?: number; offset?: number } = {}): ZooData & { labels: number[] } {
  const classes = o.classes ?? 3;
  const dims = o.dims ?? 8;
  const { xs, labels } = blobsRaw(n, classes, dims, o.seed ?? 1, o.spread ?? 1.5);
  const scale = o.scale ?? 1;
  const offset = o.offset ?? 0;
  for (let i = 0; i < xs.length; i++) xs[i] = xs[i] * scale + offset;
  return { x: tf.tensor2d(xs, [n, dims]), y: oneHot(labels, classes), labels };
}

/** Interleaved spiral arms in 2-D (the classic CS231n toy problem): not linearly separable. */
export function spirals(n: number, o: { classes?: number; seed?: number; noise?: number; scale?: number } = {}): ZooData & { labels: number[] } {
  const classes = o.classes ?? 3;
  const next = rng(o.seed ?? 11);
  const xs = new Float32Array(n * 2);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const r = next();
    const t = (c * 4 + r * 4) + gaussian(next) * (o.noise ?? 0.2);
    xs[2 * i] = r * Math.sin(t) * (o.scale ?? 1);
    xs[2 * i + 1] = r * Math.cos(t) * (o.scale ?? 1);
    labels.push(c);
  }
  return { x: tf.tensor2d(xs, [n, 2]), y: oneHot(labels, classes), labels };
}

/** size×size×1 images whose class is the orientation of a bright bar (vertical / horizontal / diagonal). */
export function bars(n: number, o: { size?: number; seed?: number; scale?: number } = {}): ZooData & { labels: number[] } {
  const b = barImages(n, o.size ?? 12, o.seed ?? 2);
  if ((o.scale ?? 1) === 1) return b;
  const x = tf.mul(b.x, o.scale!);
  b.x.dispose();
  return { ...b, x };
}

/** y = x·w + small noise, on standardised x (scaled by `xScale`), y scaled by `yScale`. */
export function regression(n: number, o: { dims?: number; seed?: number; xScale?: number; yScale?: number } = {}): ZooData {
  const dims = o.dims ?? 6;
  const next = rng(o.seed ?? 5);
  const w = Array.from({ length: dims }, () => gaussian(next));
  const xs = new Float32Array(n * dims);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dims; d++) {
      const v = gaussian(next);
      xs[i * dims + d] = v * (o.xScale ?? 1);
      s += v * w[d];
    }
    ys[i] = (s + Math.sin(3 * xs[i * dims] / (o.xScale ?? 1)) + gaussian(next) * 0.1) * (o.yScale ?? 1);
  }
  return { x: tf.tensor2d(xs, [n, dims]), y: tf.tensor2d(ys, [n, 1]) };
}

/** Two blobs, labels 0/1 in a [n, 1] column for a sigmoid output. */
export function binary(n: number, o: { dims?: number; seed?: number; scale?: number; positiveShare?: number } = {}): ZooData & { labels: number[] } {
  const dims = o.dims ?? 8;
  const next = rng(o.seed ?? 9);
  const share = o.positiveShare ?? 0.5;
  const center = Array.from({ length: dims }, () => gaussian(next));
  const xs = new Float32Array(n * dims);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = next() < share ? 1 : 0;
    labels.push(c);
    for (let d = 0; d < dims; d++) xs[i * dims + d] = ((c ? 1 : -1) * center[d] * 0.7 + gaussian(next) * 1.2) * (o.scale ?? 1);
  }
  return { x: tf.tensor2d(xs, [n, dims]), y: tf.tensor2d(labels, [n, 1]), labels };
}

export { oneHot };

// ---------------------------------------------------------------------------------------------
// Transforms of a data set. Each disposes the tensor it replaces.

/** Replace x by a transform of it. */
export function mapX(d: ZooData, f: (x: tf.Tensor) => tf.Tensor): ZooData {
  const x = tf.tidy(() => f(d.x));
  d.x.dispose();
  return { x, y: d.y };
}

/** Replace y by a transform of it. */
export function mapY(d: ZooData, f: (y: tf.Tensor) => tf.Tensor): ZooData {
  const y = tf.tidy(() => f(d.y));
  d.y.dispose();
  return { x: d.x, y };
}

/** Column-wise z-score of a 2-D tensor (features of x, or a regression target): zero mean, unit variance. */
export function zscore(t: tf.Tensor): tf.Tensor {
  const out = tf.tidy(() => {
    const { mean, variance } = tf.moments(t, 0);
    return tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, 1e-8)));
  });
  t.dispose();
  return out;
}

/** x standardised per feature, as a careful user does it (everything else, labels included, kept). */
export function standardizeX<T extends ZooData>(d: T): T {
  return { ...d, x: zscore(d.x) };
}

// ---------------------------------------------------------------------------------------------
// CIFAR-10 slices from the local archive (../shared/data relative to the repository root).

export const CIFAR_ARCHIVE = path.resolve(__dirname, '../../../shared/data/cifar-10-binary.tar.gz');
let cifar: Promise<{ x: Float32Array; labels: Int32Array; n: number }> | null = null;
const CIFAR_MAX = 3000;

async function cifarPool(): Promise<{ x: Float32Array; labels: Int32Array; n: number }> {
  if (!cifar) {
    cifar = (async () => {
      const data = await loadCifar10({ source: CIFAR_ARCHIVE, limit: { train: CIFAR_MAX, test: 0 }, fallbackToSubset: false, onNotice: () => {} });
      const x = data.train.x.dataSync() as Float32Array;
      const labels = data.train.y.dataSync() as Int32Array;
      const out = { x: new Float32Array(x), labels: new Int32Array(labels), n: data.train.x.shape[0] };
      tf.dispose([data.train, data.test]);
      return out;
    })();
  }
  return cifar;
}

/**
 * The first `n` CIFAR-10 training images (from `offset`), 32×32×3. `scale: 'unit'` divides by 255,
 * `'raw'` keeps 0–255, `'standard'` subtracts 0.5 after /255. `labels: 'random'` replaces the labels by
 * seeded random classes (nothing to learn from the pixels).
 */
export async function cifarSlice(n: number, o: { offset?: number; scale?: 'unit' | 'raw' | 'standard'; labels?: 'true' | 'random'; seed?: number } = {}): Promise<ZooData & { labels: number[] }> {
  const pool = await cifarPool();
  const offset = o.offset ?? 0;
  if (offset + n > pool.n) throw new Error(`cifarSlice: only ${pool.n} images loaded`);
  const per = 32 * 32 * 3;
  const x = pool.x.slice(offset * per, (offset + n) * per);
  const scale = o.scale ?? 'unit';
  if (scale !== 'raw') for (let i = 0; i < x.length; i++) x[i] = x[i] / 255 - (scale === 'standard' ? 0.5 : 0);
  let labels = Array.from(pool.labels.slice(offset, offset + n));
  if (o.labels === 'random') {
    const next = rng(o.seed ?? 13);
    labels = labels.map(() => Math.floor(next() * 10));
  }
  return { x: tf.tensor4d(x, [n, 32, 32, 3]), y: oneHot(labels, 10), labels };
}
