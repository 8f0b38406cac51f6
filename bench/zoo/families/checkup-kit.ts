/**
 * Shared kit for the checkup families (checkup.ts): optimizers at healthy learning rates, seeded
 * classification data in several shapes, a small sequential-model builder, and the direct
 * measurements their confirmations use. Plain tfjs only — nothing from src/probes, src/checks or
 * src/doctor, so a label never depends on the code under test.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { bars, binary, blobs, cifarSlice, oneHot, spirals, type ZooData } from '../data';
import { compile, optimizer, type Act, type Init, type OptName } from '../models';
import { crossEntropy } from '../oracles';
import { drawOpt, optLabel, widths, type LrRanges } from './common';
import type { Draw } from './family';

// ------------------------------------------------------------------------------------ optimizers

/** Learning rates that train these small models well (the faults planted are elsewhere). */
const HEALTHY_LR: Required<LrRanges> = { adam: [1e-3, 1e-2], rmsprop: [5e-4, 5e-3], sgd: [0.02, 0.2], momentum: [5e-3, 5e-2] };

export interface OptChoice {
  name: OptName;
  lr: number;
  make(): tf.Optimizer;
  text: string;
}

/** Two draws (`drawOpt`): one of `names`, then a healthy learning rate for it. */
export function drawOptimizer(d: Draw, names: readonly OptName[] = ['adam', 'rmsprop', 'sgd', 'momentum']): OptChoice {
  const opt = drawOpt(d, Object.fromEntries(names.map((n) => [n, HEALTHY_LR[n]])));
  return { ...opt, make: () => optimizer(opt.name, opt.lr), text: optLabel(opt) };
}

// ------------------------------------------------------------------------------------------ data

/** Classification data: inputs, class ids, and the shape and class count the model needs. */
export interface ClassData {
  x: tf.Tensor;
  labels: number[];
  classes: number;
  inputShape: number[];
}

export type DataKind = 'blobs' | 'spirals' | 'binary' | 'bars' | 'cifar';

export interface DataChoice {
  kind: DataKind;
  classes: number;
  inputShape: number[];
  n: number;
  text: string;
  load(): Promise<ClassData>;
}

/** One of the seeded data sets; images (bars, cifar) for CNNs, vectors for MLPs. */
export function drawData(d: Draw, kind: DataKind, o: { n?: [number, number]; classes?: [number, number] } = {}): DataChoice {
  const seed = d.seed();
  const [nLo, nHi] = o.n ?? [240, 600];
  switch (kind) {
    case 'blobs': {
      const classes = d.int(...(o.classes ?? [3, 6]));
      const dims = d.int(4, 20);
      const n = Math.ceil(d.int(nLo, nHi) / classes) * classes;
      return {
        kind, classes, inputShape: [dims], n, text: `blobs ${classes}×${dims}-d n=${n}`,
        load: async () => {
          const b = blobs(n, { classes, dims, seed });
          b.y.dispose();
          return { x: b.x, labels: b.labels, classes, inputShape: [dims] };
        },
      };
    }
    case 'spirals': {
      const classes = d.int(...(o.classes ?? [2, 4]));
      const n = Math.ceil(d.int(nLo, nHi) / classes) * classes;
      return {
        kind, classes, inputShape: [2], n, text: `spirals ${classes} n=${n}`,
        load: async () => {
          const s = spirals(n, { classes, seed });
          s.y.dispose();
          return { x: s.x, labels: s.labels, classes, inputShape: [2] };
        },
      };
    }
    case 'binary': {
      const dims = d.int(4, 16);
      const n = d.int(nLo, nHi);
      return {
        kind, classes: 2, inputShape: [dims], n, text: `binary ${dims}-d n=${n}`,
        load: async () => {
          const b = binary(n, { dims, seed });
          b.y.dispose();
          return { x: b.x, labels: b.labels, classes: 2, inputShape: [dims] };
        },
      };
    }
    case 'bars': {
      const size = d.pick([8, 10, 12, 16]);
      const n = Math.ceil(d.int(nLo, nHi) / 3) * 3;
      return {
        kind, classes: 3, inputShape: [size, size, 1], n, text: `bars ${size}×${size} n=${n}`,
        load: async () => {
          const b = bars(n, { size, seed });
          b.y.dispose();
          return { x: b.x, labels: b.labels, classes: 3, inputShape: [size, size, 1] };
        },
      };
    }
    case 'cifar': {
      const n = d.pick([256, 320, 384]);
      const offset = d.int(0, 3000 - n);
      return {
        kind, classes: 10, inputShape: [32, 32, 3], n, text: `cifar10 ${n}@${offset}`,
        load: async () => {
          const c = await cifarSlice(n, { offset });
          c.y.dispose();
          return { x: c.x, labels: c.labels, classes: 10, inputShape: [32, 32, 3] };
        },
      };
    }
  }
}

export const isImage = (kind: DataKind) => kind === 'bars' || kind === 'cifar';

export type LabelFormat = 'onehot' | 'ids';

/** Labels as the loss expects them: one-hot rows, a column of ids, or a 0/1 column. */
export function labelTensor(labels: number[], classes: number, format: LabelFormat): tf.Tensor {
  return format === 'onehot' ? oneHot(labels, classes) : tf.tensor2d(labels, [labels.length, 1]);
}

/** A variant's `data()`: the drawn data set with its labels in `format`. */
export const withLabels = (data: DataChoice, format: LabelFormat) => async (): Promise<ZooData> => {
  const c = await data.load();
  return { x: c.x, y: labelTensor(c.labels, c.classes, format) };
};

// -------------------------------------------------------------------------------------- models

export type Spec =
  | { dense: number; act?: Act; name?: string; kernel?: Init; bias?: Init; l2?: number; frozen?: boolean }
  | { conv: number; act?: Act; name?: string; kernel?: Init; bias?: Init; l2?: number; frozen?: boolean }
  | { pool: 'max' | 'avg' }
  | { flatten: true }
  | { dropout: number }
  | { bn: true }
  | { activation: Act };

const initFor = (act: Act | undefined) => (act === 'relu' ? 'heNormal' : 'glorotUniform');

/** A sequential model from a list of layer specs (Dense/Conv default to no activation, as in tfjs). */
export function seq(inputShape: number[], specs: Spec[], optimizer: tf.Optimizer, loss: string, metrics = true): tfl.LayersModel {
  const m = tfl.sequential();
  let dense = 0;
  let conv = 0;
  let drop = 0;
  let bn = 0;
  let pool = 0;
  let act = 0;
  specs.forEach((s, i) => {
    const first = i === 0 ? { inputShape } : {};
    let layer: tfl.layers.Layer;
    if ('dense' in s) {
      layer = tfl.layers.dense({
        units: s.dense, activation: s.act ?? 'linear', kernelInitializer: s.kernel ?? initFor(s.act), biasInitializer: s.bias,
        kernelRegularizer: s.l2 ? tfl.regularizers.l2({ l2: s.l2 }) : undefined, name: s.name ?? `dense${++dense}`, ...first,
      });
    } else if ('conv' in s) {
      layer = tfl.layers.conv2d({
        filters: s.conv, kernelSize: 3, padding: 'same', activation: s.act ?? 'linear', kernelInitializer: s.kernel ?? initFor(s.act), biasInitializer: s.bias,
        kernelRegularizer: s.l2 ? tfl.regularizers.l2({ l2: s.l2 }) : undefined, name: s.name ?? `conv${++conv}`, ...first,
      });
    } else if ('pool' in s) {
      layer = s.pool === 'max' ? tfl.layers.maxPooling2d({ poolSize: 2, name: `maxpool${++pool}`, ...first }) : tfl.layers.averagePooling2d({ poolSize: 2, name: `avgpool${++pool}`, ...first });
    } else if ('flatten' in s) {
      layer = tfl.layers.flatten({ name: 'flatten', ...first });
    } else if ('dropout' in s) {
      layer = tfl.layers.dropout({ rate: s.dropout, name: `dropout${++drop}`, ...first });
    } else if ('bn' in s) {
      layer = tfl.layers.batchNormalization({ name: `bn${++bn}`, ...first });
    } else {
      layer = tfl.layers.activation({ activation: s.activation, name: `act${++act}`, ...first });
    }
    if (('dense' in s || 'conv' in s) && s.frozen) layer.trainable = false;
    m.add(layer);
  });
  return compile(m, optimizer, loss, metrics);
}

/** Hidden part of an MLP: `widths` Dense layers with `act`. */
export const mlpBody = (widths: number[], act: Act): Spec[] => widths.map((w) => ({ dense: w, act }));

/** Conv → maxpool blocks, then flatten → dense head. */
export const cnnBody = (filters: number[], head: number, act: Act = 'relu'): Spec[] => [
  ...filters.flatMap((f): Spec[] => [{ conv: f, act }, { pool: 'max' }]),
  { flatten: true },
  { dense: head, act },
];

/** 1 + depth draws: the number of layers in `depth`, then a width for each. */
export const widthsOf = (d: Draw, depth: [number, number], choices: number[] = [16, 32, 64, 128]): number[] => widths(d, d.int(...depth), choices);

/** The output layer, loss and label format for the data: one sigmoid unit for binary data, else a softmax over the classes. */
export const outputFor = (kind: DataKind, classes: number): { spec: Spec; loss: string; format: LabelFormat } =>
  kind === 'binary'
    ? { spec: { dense: 1, act: 'sigmoid', name: 'output' }, loss: 'binaryCrossentropy', format: 'ids' }
    : { spec: { dense: classes, act: 'softmax', name: 'output' }, loss: 'categoricalCrossentropy', format: 'onehot' };

// -------------------------------------------------------------------------------- measurements

const cfg = (l: tfl.layers.Layer) => l.getConfig() as Record<string, unknown>;
export const isWeighted = (l: tfl.layers.Layer) => ['Dense', 'Conv2D'].includes(l.getClassName());

/** The values of a (small) tensor as a flat array of numbers. */
export const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as Float32Array, Number);

/** Width of the label tensor's last axis (1 for a column or a vector of ids). */
export const labelWidth = (y: tf.Tensor): number => (y.rank >= 2 ? y.shape[y.rank - 1]! : 1);

/** Runs `layers[from..to)` of a sequential model on concrete tensors, in inference mode. */
export function runLayers(model: tfl.LayersModel, x: tf.Tensor, from: number, to: number): tf.Tensor {
  return tf.tidy(() => {
    let h = x;
    for (let i = from; i < to; i++) h = model.layers[i].apply(h, { training: false }) as tf.Tensor;
    return h;
  });
}

/** A Dense/Conv2D layer's pre-activation on `h` (kernel and bias applied, activation not). */
export function preActivation(layer: tfl.layers.Layer, h: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [kernel, bias] = layer.getWeights();
    const c = cfg(layer);
    let z: tf.Tensor;
    if (layer.getClassName() === 'Dense') z = tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D);
    else {
      const strides = (c.strides as [number, number]) ?? [1, 1];
      const dilation = (c.dilationRate as [number, number]) ?? [1, 1];
      z = tf.conv2d(h as tf.Tensor4D, kernel as tf.Tensor4D, strides, c.padding as 'same' | 'valid', 'NHWC', dilation);
    }
    return bias ? tf.add(z, bias) : z;
  });
}

/**
 * Pairs of weighted layers (A, B) — B the next Dense/Conv2D after A — whose map from A's input to B's
 * pre-activation is affine on the data: f((a + b)/2) = (f(a) + f(b))/2 for pairs of real samples, to
 * within `tol` of the spread of f. An affine map there means A's output reaches B through nothing
 * non-linear, so A and B collapse into one layer: the missing non-linearity itself.
 */
export function affinePairs(model: tfl.LayersModel, x: tf.Tensor, tol = 1e-3): { pair: string; error: number }[] {
  const xs = tf.slice(x, 0, Math.min(64, x.shape[0]));
  const layers = model.layers;
  const out: { pair: string; error: number }[] = [];
  const weighted = layers.map((l, i) => (isWeighted(l) ? i : -1)).filter((i) => i >= 0);
  for (let k = 0; k + 1 < weighted.length; k++) {
    const a = weighted[k];
    const b = weighted[k + 1];
    const err = tf.tidy(() => {
      const input = runLayers(model, xs, 0, a);
      const n = input.shape[0];
      const half = Math.floor(n / 2);
      const p = tf.slice(input, 0, half);
      const q = tf.slice(input, half, half);
      const f = (t: tf.Tensor) => preActivation(layers[b], runLayers(model, t, a, b));
      const fp = f(p);
      const fq = f(q);
      const fm = f(tf.div(tf.add(p, q), 2));
      const gap = tf.max(tf.abs(tf.sub(fm, tf.div(tf.add(fp, fq), 2))));
      const spread = tf.max(tf.abs(tf.sub(fp, fq)));
      return tf.div(gap, tf.add(spread, 1e-12)).dataSync()[0];
    });
    if (err < tol) out.push({ pair: `${layers[a].name} → ${layers[b].name}`, error: err });
  }
  xs.dispose();
  return out;
}

/** Measured share of activations a run of dropout layers zeroes in training mode (on 20,000 ones). */
export function measuredDropShare(layers: tfl.layers.Layer[]): number {
  return tf.tidy(() => {
    let h: tf.Tensor = tf.ones([1, 20000]);
    for (const l of layers) h = l.apply(h, { training: true }) as tf.Tensor;
    return tf.mean(tf.cast(tf.equal(h, 0), 'float32')).dataSync()[0];
  });
}

/** Runs of directly adjacent dropout layers (a single layer is a run of one). */
export function dropoutRuns(model: tfl.LayersModel): tfl.layers.Layer[][] {
  const runs: tfl.layers.Layer[][] = [];
  let cur: tfl.layers.Layer[] = [];
  for (const l of model.layers) {
    if (l.getClassName() === 'Dropout') cur.push(l);
    else if (cur.length) {
      runs.push(cur);
      cur = [];
    }
  }
  if (cur.length) runs.push(cur);
  return runs;
}

/**
 * Cross-entropy of the model on (x, y) in training mode (dropout active), without regularisation
 * terms: binary for one sigmoid unit, categorical otherwise (a column of class ids read as one-hot rows).
 */
export function trainingCrossEntropy(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const p = model.apply(x, { training: true }) as tf.Tensor;
  const units = p.shape[p.shape.length - 1]!;
  const t = units > 1 && labelWidth(y) === 1 ? tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), units) : y;
  return crossEntropy(t, p);
}

/** Largest absolute difference between any sample of x and the first one. */
export function rowSpread(x: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(x, tf.slice(x, 0, 1)))).dataSync()[0]);
}

/** Class ids of y (argmax of rows, or the id column). */
export function classIds(y: tf.Tensor): number[] {
  return tf.tidy(() => values(labelWidth(y) === 1 ? tf.reshape(y, [-1]) : tf.argMax(y, -1)));
}
