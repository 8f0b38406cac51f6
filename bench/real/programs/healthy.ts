/**
 * Healthy programs: training programs that work as published, ported to tfjs from official examples
 * and tutorials (tensorflow/tfjs-examples, keras-team/keras-io, the Keras examples and guides, the
 * notebooks of Deep Learning with Python, and two widely copied tutorial scripts). Every one must meet
 * its `learns` criterion (bench/real/confirm.ts); cnn-doctor must raise no alarm on them.
 *
 * Data: nothing is downloaded. Iris is embedded (150 rows, public domain, as carried by
 * tfjs-examples/iris/data.js); Abalone is the CSV tfjs-examples/abalone-node commits (bench/real/data/
 * abalone.csv, UCI, 4,177 rows); Fashion-MNIST (installed) stands in for MNIST; every other table is
 * seeded synthetic data with the source's shape, column scales and difficulty (each entry's `port` says so).
 *
 * Multi-fit programs whose fits use different data (mnist-transfer-cnn: pretraining on classes 0–4, then
 * retraining on 5–9) swap `ProgramData.x`/`y` in `between` — the harness's FitSpec has no data of its own
 * (see `phased` below).
 *
 * Ported but left out (they do not meet a criterion drawn from their source within the wasm budget):
 *  - tfjs-examples/jena-weather 'mlp-l2' (Flatten → Dense 32 relu with tf.regularizers.l2() → Dense 1,
 *    MAE, rmsprop, batch 128 over 240 × 14 windows): the example's yardstick is the commonsense baseline
 *    (predict the last temperature); after the 300 steps that fit in 20 s (of its 20 × 500) its
 *    validation MAE is ≈ 2× the baseline's, ≈ 1.15× after 750 steps (40 s) — still falling, not there;
 *  - tfjs-examples/mnist 'ConvNet' (rmsprop, batch 320): 66 steps on 8,000 Fashion-MNIST images take
 *    ≈ 19 s and reach 0.60 test accuracy, short of what the example shows; the Keras convnet below covers it;
 *  - the Keras 1 Sequential guide's multi-class MLP (init='uniform', tanh, dropout 0.5,
 *    SGD(lr=0.1, momentum=0.9, nesterov=True), batch 16): on learnable 20-feature data it diverges in tfjs
 *    (loss ≈ 5 after 20 epochs), so it is not a healthy program; the guide's binary MLP is used instead.
 *
 * Not covered: a 100-class task (the keras-io CIFAR-100 examples are ViT / MLP-Mixer models far over
 * the wasm budget, and no CIFAR-100 is installed); data augmentation (no tfjs example augments; Keras's
 * cifar10_cnn.py augments with ImageDataGenerator, but it reaches its reported 75 % only after 25 epochs
 * at lr 1e-4, and ≈ 1,000 CIFAR images fit in 20 s of wasm — an augmented port would learn nothing
 * measurable; per-epoch augmentation would also need per-fit data, see `phased`); an L1 penalty (no
 * official example uses one).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { column, fashionMnist, gaussian, oneHot, rng } from '../data';
import { healthy } from '../outcome';
import type { HealthyProgram, ProgramData, RealEntry } from '../types';


const TFJS_EXAMPLES = 'https://github.com/tensorflow/tfjs-examples/blob/master';

// ---------------------------------------------------------------------------------------------
// Shared helpers

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Column means and (population) standard deviations of row-major data. */
function moments(rows: readonly number[][]): { mean: number[]; std: number[] } {
  const d = rows[0].length;
  const mean = new Array(d).fill(0);
  const std = new Array(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) std[j] += (r[j] - mean[j]) ** 2 / rows.length;
  return { mean, std: std.map((v) => Math.sqrt(v) || 1) };
}

const standardize = (rows: readonly number[][], m: { mean: number[]; std: number[] }) => rows.map((r) => r.map((v, j) => (v - m.mean[j]) / m.std[j]));

const matrix2d = (rows: readonly number[][]) => tf.tensor2d(rows as number[][], [rows.length, rows[0].length]);

/** Fashion-MNIST scaled to [0, 1] as the MNIST examples scale MNIST (`/ 255`), with one-hot labels. */
function fashion(n: number, o: { split?: 'train' | 'test'; offset?: number; flat?: boolean } = {}): { x: tf.Tensor; y: tf.Tensor2D; labels: number[] } {
  const raw = fashionMnist(n, o);
  const x = tf.div(raw.x, 255);
  raw.x.dispose();
  return { x, y: oneHot(raw.labels, 10), labels: raw.labels };
}

/** `n` Fashion-MNIST images (scaled to [0, 1]) whose label passes `keep`, labels mapped by `relabel`. */
function fashionWhere(n: number, keep: (label: number) => boolean, relabel: (label: number) => number, o: { split: 'train' | 'test'; offset: number }): { x: tf.Tensor4D; labels: number[] } {
  const chunk = Math.min(Math.ceil(n * 2.4) + 100, (o.split === 'train' ? 60000 : 10000) - o.offset);
  const raw = fashionMnist(chunk, o);
  const idx: number[] = [];
  for (let i = 0; i < chunk && idx.length < n; i++) if (keep(raw.labels[i])) idx.push(i);
  if (idx.length < n) throw new Error(`fashionWhere: only ${idx.length} of ${n} images`);
  const x = tf.tidy(() => tf.div(tf.gather(raw.x, idx), 255)) as tf.Tensor4D;
  raw.x.dispose();
  return { x, labels: idx.map((i) => relabel(raw.labels[i])) };
}

/**
 * Data for a program whose fits use different training data (pretraining on one task, retraining on
 * another). FitSpec carries no data, and runProgram passes `data.x`/`data.y` to every fit, reading them
 * at each fit; so `between(model, i)` swaps in phase i's tensors (and disposes phase i − 1's). Phase 0 is
 * what `data()` returns; the last phase's tensors and `eval` are disposed by the harness.
 */
function phased(makePhases: () => { phases: { x: tf.Tensor; y: tf.Tensor }[]; eval: { x: tf.Tensor; y: tf.Tensor } }) {
  let current: ProgramData | null = null;
  let rest: { x: tf.Tensor; y: tf.Tensor }[] = [];
  return {
    data(): ProgramData {
      const { phases, eval: ev } = makePhases();
      rest = phases.slice(1);
      current = { x: phases[0].x, y: phases[0].y, eval: ev };
      return current;
    },
    /** Call from `between` before fit i ≥ 1. */
    advance(i: number): void {
      const next = rest[i - 1];
      if (!current || !next) return;
      if (current.x !== next.x) tf.dispose([current.x as tf.Tensor, current.y as tf.Tensor]);
      current.x = next.x;
      current.y = next.y;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Iris (tfjs-examples/iris): 150 rows embedded from tfjs-examples/iris/data.js, which took them from
// https://archive.ics.uci.edu/ml/machine-learning-databases/iris/iris.data. [sepal length, sepal width,
// petal length, petal width, class].

const IRIS: readonly number[][] = [
  [5.1, 3.5, 1.4, 0.2, 0], [4.9, 3.0, 1.4, 0.2, 0], [4.7, 3.2, 1.3, 0.2, 0],
  [4.6, 3.1, 1.5, 0.2, 0], [5.0, 3.6, 1.4, 0.2, 0], [5.4, 3.9, 1.7, 0.4, 0],
  [4.6, 3.4, 1.4, 0.3, 0], [5.0, 3.4, 1.5, 0.2, 0], [4.4, 2.9, 1.4, 0.2, 0],
  [4.9, 3.1, 1.5, 0.1, 0], [5.4, 3.7, 1.5, 0.2, 0], [4.8, 3.4, 1.6, 0.2, 0],
  [4.8, 3.0, 1.4, 0.1, 0], [4.3, 3.0, 1.1, 0.1, 0], [5.8, 4.0, 1.2, 0.2, 0],
  [5.7, 4.4, 1.5, 0.4, 0], [5.4, 3.9, 1.3, 0.4, 0], [5.1, 3.5, 1.4, 0.3, 0],
  [5.7, 3.8, 1.7, 0.3, 0], [5.1, 3.8, 1.5, 0.3, 0], [5.4, 3.4, 1.7, 0.2, 0],
  [5.1, 3.7, 1.5, 0.4, 0], [4.6, 3.6, 1.0, 0.2, 0], [5.1, 3.3, 1.7, 0.5, 0],
  [4.8, 3.4, 1.9, 0.2, 0], [5.0, 3.0, 1.6, 0.2, 0], [5.0, 3.4, 1.6, 0.4, 0],
  [5.2, 3.5, 1.5, 0.2, 0], [5.2, 3.4, 1.4, 0.2, 0], [4.7, 3.2, 1.6, 0.2, 0],
  [4.8, 3.1, 1.6, 0.2, 0], [5.4, 3.4, 1.5, 0.4, 0], [5.2, 4.1, 1.5, 0.1, 0],
  [5.5, 4.2, 1.4, 0.2, 0], [4.9, 3.1, 1.5, 0.1, 0], [5.0, 3.2, 1.2, 0.2, 0],
  [5.5, 3.5, 1.3, 0.2, 0], [4.9, 3.1, 1.5, 0.1, 0], [4.4, 3.0, 1.3, 0.2, 0],
  [5.1, 3.4, 1.5, 0.2, 0], [5.0, 3.5, 1.3, 0.3, 0], [4.5, 2.3, 1.3, 0.3, 0],
  [4.4, 3.2, 1.3, 0.2, 0], [5.0, 3.5, 1.6, 0.6, 0], [5.1, 3.8, 1.9, 0.4, 0],
  [4.8, 3.0, 1.4, 0.3, 0], [5.1, 3.8, 1.6, 0.2, 0], [4.6, 3.2, 1.4, 0.2, 0],
  [5.3, 3.7, 1.5, 0.2, 0], [5.0, 3.3, 1.4, 0.2, 0], [7.0, 3.2, 4.7, 1.4, 1],
  [6.4, 3.2, 4.5, 1.5, 1], [6.9, 3.1, 4.9, 1.5, 1], [5.5, 2.3, 4.0, 1.3, 1],
  [6.5, 2.8, 4.6, 1.5, 1], [5.7, 2.8, 4.5, 1.3, 1], [6.3, 3.3, 4.7, 1.6, 1],
  [4.9, 2.4, 3.3, 1.0, 1], [6.6, 2.9, 4.6, 1.3, 1], [5.2, 2.7, 3.9, 1.4, 1],
  [5.0, 2.0, 3.5, 1.0, 1], [5.9, 3.0, 4.2, 1.5, 1], [6.0, 2.2, 4.0, 1.0, 1],
  [6.1, 2.9, 4.7, 1.4, 1], [5.6, 2.9, 3.6, 1.3, 1], [6.7, 3.1, 4.4, 1.4, 1],
  [5.6, 3.0, 4.5, 1.5, 1], [5.8, 2.7, 4.1, 1.0, 1], [6.2, 2.2, 4.5, 1.5, 1],
  [5.6, 2.5, 3.9, 1.1, 1], [5.9, 3.2, 4.8, 1.8, 1], [6.1, 2.8, 4.0, 1.3, 1],
  [6.3, 2.5, 4.9, 1.5, 1], [6.1, 2.8, 4.7, 1.2, 1], [6.4, 2.9, 4.3, 1.3, 1],
  [6.6, 3.0, 4.4, 1.4, 1], [6.8, 2.8, 4.8, 1.4, 1], [6.7, 3.0, 5.0, 1.7, 1],
  [6.0, 2.9, 4.5, 1.5, 1], [5.7, 2.6, 3.5, 1.0, 1], [5.5, 2.4, 3.8, 1.1, 1],
  [5.5, 2.4, 3.7, 1.0, 1], [5.8, 2.7, 3.9, 1.2, 1], [6.0, 2.7, 5.1, 1.6, 1],
  [5.4, 3.0, 4.5, 1.5, 1], [6.0, 3.4, 4.5, 1.6, 1], [6.7, 3.1, 4.7, 1.5, 1],
  [6.3, 2.3, 4.4, 1.3, 1], [5.6, 3.0, 4.1, 1.3, 1], [5.5, 2.5, 4.0, 1.3, 1],
  [5.5, 2.6, 4.4, 1.2, 1], [6.1, 3.0, 4.6, 1.4, 1], [5.8, 2.6, 4.0, 1.2, 1],
  [5.0, 2.3, 3.3, 1.0, 1], [5.6, 2.7, 4.2, 1.3, 1], [5.7, 3.0, 4.2, 1.2, 1],
  [5.7, 2.9, 4.2, 1.3, 1], [6.2, 2.9, 4.3, 1.3, 1], [5.1, 2.5, 3.0, 1.1, 1],
  [5.7, 2.8, 4.1, 1.3, 1], [6.3, 3.3, 6.0, 2.5, 2], [5.8, 2.7, 5.1, 1.9, 2],
  [7.1, 3.0, 5.9, 2.1, 2], [6.3, 2.9, 5.6, 1.8, 2], [6.5, 3.0, 5.8, 2.2, 2],
  [7.6, 3.0, 6.6, 2.1, 2], [4.9, 2.5, 4.5, 1.7, 2], [7.3, 2.9, 6.3, 1.8, 2],
  [6.7, 2.5, 5.8, 1.8, 2], [7.2, 3.6, 6.1, 2.5, 2], [6.5, 3.2, 5.1, 2.0, 2],
  [6.4, 2.7, 5.3, 1.9, 2], [6.8, 3.0, 5.5, 2.1, 2], [5.7, 2.5, 5.0, 2.0, 2],
  [5.8, 2.8, 5.1, 2.4, 2], [6.4, 3.2, 5.3, 2.3, 2], [6.5, 3.0, 5.5, 1.8, 2],
  [7.7, 3.8, 6.7, 2.2, 2], [7.7, 2.6, 6.9, 2.3, 2], [6.0, 2.2, 5.0, 1.5, 2],
  [6.9, 3.2, 5.7, 2.3, 2], [5.6, 2.8, 4.9, 2.0, 2], [7.7, 2.8, 6.7, 2.0, 2],
  [6.3, 2.7, 4.9, 1.8, 2], [6.7, 3.3, 5.7, 2.1, 2], [7.2, 3.2, 6.0, 1.8, 2],
  [6.2, 2.8, 4.8, 1.8, 2], [6.1, 3.0, 4.9, 1.8, 2], [6.4, 2.8, 5.6, 2.1, 2],
  [7.2, 3.0, 5.8, 1.6, 2], [7.4, 2.8, 6.1, 1.9, 2], [7.9, 3.8, 6.4, 2.0, 2],
  [6.4, 2.8, 5.6, 2.2, 2], [6.3, 2.8, 5.1, 1.5, 2], [6.1, 2.6, 5.6, 1.4, 2],
  [7.7, 3.0, 6.1, 2.3, 2], [6.3, 3.4, 5.6, 2.4, 2], [6.4, 3.1, 5.5, 1.8, 2],
  [6.0, 3.0, 4.8, 1.8, 2], [6.9, 3.1, 5.4, 2.1, 2], [6.7, 3.1, 5.6, 2.4, 2],
  [6.9, 3.1, 5.1, 2.3, 2], [5.8, 2.7, 5.1, 1.9, 2], [6.8, 3.2, 5.9, 2.3, 2],
  [6.7, 3.3, 5.7, 2.5, 2], [6.7, 3.0, 5.2, 2.3, 2], [6.3, 2.5, 5.0, 1.9, 2],
  [6.5, 3.0, 5.2, 2.0, 2], [6.2, 3.4, 5.4, 2.3, 2], [5.9, 3.0, 5.1, 1.8, 2],
];

/** data.js getIrisData(testSplit): per class, shuffle and hold out round(50 · testSplit) rows as test. */
function irisSplit(testSplit: number, seed: number): ProgramData {
  const next = rng(seed);
  const train: number[][] = [];
  const test: number[][] = [];
  for (let c = 0; c < 3; c++) {
    const rows = shuffled(IRIS.filter((r) => r[4] === c), next);
    const numTest = Math.round(rows.length * testSplit);
    train.push(...rows.slice(0, rows.length - numTest));
    test.push(...rows.slice(rows.length - numTest));
  }
  const feats = (rows: number[][]) => matrix2d(rows.map((r) => r.slice(0, 4)));
  return { x: feats(train), y: oneHot(train.map((r) => r[4]), 3), eval: { x: feats(test), y: oneHot(test.map((r) => r[4]), 3) } };
}

/**
 * tfjs-examples/iris/index.js trainModel(), with the page's defaults (40 epochs, learning rate 0.01):
 *
 *   model.add(tf.layers.dense({units: 10, activation: 'sigmoid', inputShape: [xTrain.shape[1]]}));
 *   model.add(tf.layers.dense({units: 3, activation: 'softmax'}));
 *   const optimizer = tf.train.adam(params.learningRate);
 *   model.compile({optimizer: optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy']});
 *   await model.fit(xTrain, yTrain, {epochs: params.epochs, validationData: [xTest, yTest], ...});
 *   // data.getIrisData(0.15)
 *
 * Raw features (cm, 0.1–7.9), a sigmoid hidden layer, tfjs's default batch of 32 on 126 rows.
 */
const irisTfjs = healthy({
  id: 'healthy/tfjs-examples-iris',
  source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/iris/index.js`, title: 'tfjs-examples: Iris flower classification (browser)' },
  port: 'As published (page defaults: 40 epochs, lr 0.01; fit\'s default batch 32). The 150 rows are embedded from iris/data.js; the per-class shuffle uses a seeded PRNG instead of tf.util.shuffle.',
  learns: { metric: 'accuracy', atLeast: 0.875, description: 'accuracy on the 24 held-out rows (≥ 21 right, chance 1/3); the example\'s Python twin (iris_test.py) asserts > 0.9 accuracy for the same model' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 10, activation: 'sigmoid', inputShape: [4] }));
      model.add(tfl.layers.dense({ units: 3, activation: 'softmax' }));
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    },
    data: () => irisSplit(0.15, 150),
    fit: { epochs: 40, batchSize: 32, validationData: 'eval' },
  },
});

/**
 * tfjs-examples/iris/python/iris.py train() (the Keras model the page can load), functional variant:
 *
 *   iris_x = keras.layers.Input((4,))
 *   dense1 = keras.layers.Dense(10, use_bias=True, name='Dense1', activation='sigmoid')(iris_x)
 *   dense2 = keras.layers.Dense(3, use_bias=True, name='Dense2', activation='softmax')(dense1)
 *   model.compile(loss='categorical_crossentropy', optimizer='adam')
 *   model.fit(data_x, data_y, batch_size=8, epochs=epochs)      # epochs default 100
 *   ... print('Accuracy on the training set: %g' % final_train_accuracy)
 *   # iris_test.py: self.assertGreater(final_train_accuracy, 0.9)
 */
const irisKeras = healthy({
  id: 'healthy/tfjs-examples-iris-keras-batch8',
  source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/iris/python/iris.py`, title: 'tfjs-examples: Iris Keras model trained in Python (batch 8)' },
  port: "As published: Keras 'adam' = tf.train.adam(0.001); all 150 rows, batch 8, 100 epochs (1,900 steps).",
  learns: { metric: 'accuracy', atLeast: 0.9, description: 'training-set accuracy, the quantity iris.py prints; iris_test.py asserts it is > 0.9' },
  program: {
    build() {
      const input = tfl.input({ shape: [4] });
      const dense1 = tfl.layers.dense({ units: 10, useBias: true, name: 'Dense1', activation: 'sigmoid' }).apply(input) as tfl.SymbolicTensor;
      const dense2 = tfl.layers.dense({ units: 3, useBias: true, name: 'Dense2', activation: 'softmax' }).apply(dense1) as tfl.SymbolicTensor;
      const model = tfl.model({ inputs: input, outputs: dense2 });
      model.compile({ loss: 'categoricalCrossentropy', optimizer: tf.train.adam(0.001) });
      return model;
    },
    data: () => ({ x: matrix2d(IRIS.map((r) => r.slice(0, 4))), y: oneHot(IRIS.map((r) => r[4]), 3) }),
    fit: { epochs: 100, batchSize: 8 },
  },
});

// ---------------------------------------------------------------------------------------------
// Tiny regressions from tfjs-examples

/**
 * tfjs-examples/getting-started/index.js (the js.tensorflow.org first example), six rows of y = 2x − 1:
 *
 *   model.add(tf.layers.dense({units: 1, inputShape: [1]}));
 *   model.compile({loss: 'meanSquaredError', optimizer: 'sgd'});
 *   const xs = tf.tensor2d([-1, 0, 1, 2, 3, 4], [6, 1]);
 *   const ys = tf.tensor2d([-3, -1, 1, 3, 5, 7], [6, 1]);
 *   await model.fit(xs, ys, {epochs: 250});
 *   // Should print approximately 39.
 *   model.predict(tf.tensor2d([20], [1, 1]))
 */
const gettingStarted = healthy({
  id: 'healthy/tfjs-examples-getting-started',
  source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/getting-started/index.js`, title: 'tfjs-examples: getting started (fit y = 2x − 1 on six points)' },
  port: "As published ('sgd' is tf.train.sgd(0.01) in tfjs; 250 epochs of one 6-row batch).",
  learns: {
    metric: 'custom',
    atLeast: 36,
    atMost: 42,
    description: 'the prediction at x = 20, which the example says "should print approximately 39"',
    measure: async (model) => {
      const out = tf.tidy(() => model.predict(tf.tensor2d([20], [1, 1])) as tf.Tensor);
      const v = (await out.data())[0];
      out.dispose();
      return v;
    },
  },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 1, inputShape: [1] }));
      model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
      return model;
    },
    data: () => ({ x: tf.tensor2d([-1, 0, 1, 2, 3, 4], [6, 1]), y: tf.tensor2d([-3, -1, 1, 3, 5, 7], [6, 1]) }),
    fit: { epochs: 250, batchSize: 32 },
  },
});

/**
 * tfjs-examples/polynomial-regression/index.js: a cubic (page defaults 6e-6, −2e-3, 0.1, 10) sampled at
 * 25 points across the 800-px canvas, powers of x and y standardised, fitted by one zero-initialised
 * linear unit with full-batch SGD:
 *
 *   for (let x = -canvas.width / 2; x < canvas.width / 2; x += canvas.width / 25) data.push([x, c0*x*x*x + ...]);
 *   const linearLayer = tf.layers.dense({units: 1, kernelInitializer: 'Zeros', useBias: false});
 *   const sgd = tf.train.sgd(learningRate);          // page default 0.5
 *   model.compile({optimizer: sgd, loss: 'meanSquaredError'});
 *   await model.fit(xData, yData, {batchSize: batchSize «= xyData.length», epochs: epochs «40»});
 *
 * A zero kernel (a "bad init" to a naive rule) is right for a linear model.
 */
function polynomialData(): ProgramData {
  const coeffs = [6e-6, -2e-3, 0.1, 10];
  const xs: number[] = [];
  for (let x = -400; x < 400; x += 800 / 25) xs.push(x);
  const ys = xs.map((x) => coeffs[0] * x ** 3 + coeffs[1] * x ** 2 + coeffs[2] * x + coeffs[3]);
  const sampleStd = (v: number[]) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return { m, s: Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) };
  };
  const cols = [1, 2, 3].map((p) => {
    const v = xs.map((x) => x ** p);
    const { m, s } = sampleStd(v);
    return v.map((e) => (e - m) / s);
  });
  const { m: ym, s: ys_ } = sampleStd(ys);
  const rows = xs.map((_, i) => [1, cols[0][i], cols[1][i], cols[2][i]]);
  return { x: matrix2d(rows), y: column(ys.map((y) => (y - ym) / ys_)) };
}

const polynomial = healthy({
  id: 'healthy/tfjs-examples-polynomial-regression-zeros',
  source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/polynomial-regression/index.js`, title: 'tfjs-examples: polynomial regression with a zero-initialised linear layer' },
  port: 'As published with the page defaults (coefficients 6e-6, −2e-3, 0.1, 10; lr 0.5; 40 epochs; batch = all 25 points).',
  learns: { metric: 'r2', atLeast: 0.95, description: 'R² of the fitted curve on the 25 standardised points; the page draws the fit through the points' },
  program: {
    build() {
      const input = tfl.input({ shape: [4] });
      const output = tfl.layers.dense({ units: 1, kernelInitializer: 'zeros', useBias: false }).apply(input) as tfl.SymbolicTensor;
      const model = tfl.model({ inputs: input, outputs: output });
      model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
      return model;
    },
    data: polynomialData,
    fit: { epochs: 40, batchSize: 25 },
  },
});

// ---------------------------------------------------------------------------------------------
// Boston housing: seeded synthetic suburbs with the 13 features at their real scales and a median value
// (in $1000s, 5–50, capped at 50 like the census data) that depends on them — mostly on rooms (RM) and
// lower-status share (LSTAT), nonlinearly, as in the real table. Calibrated on 5,000 rows: mean price ≈ 22, variance ≈ 75
// (real: 22.5, ≈ 84), a least-squares linear fit R² ≈ 0.71 (real ≈ 0.72), the noise floor R² ≈ 0.87.

const BOSTON_COLS = ['CRIM', 'ZN', 'INDUS', 'CHAS', 'NOX', 'RM', 'AGE', 'DIS', 'RAD', 'TAX', 'PTRATIO', 'B', 'LSTAT'];

function bostonRows(n: number, seed: number): { x: number[][]; y: number[] } {
  const next = rng(seed);
  const g = () => gaussian(next);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = g(); // urban / industrial
    const w = g(); // wealth
    const crim = clip(Math.exp(-1.2 + 1.8 * u + 0.6 * g()), 0.006, 89);
    const zn = u < -0.6 ? clip(Math.round((20 + 40 * (-u - 0.6) + 10 * g()) / 2.5) * 2.5, 12.5, 100) : 0;
    const indus = clip(11.1 + 6.9 * (0.8 * u + 0.6 * g()), 0.46, 27.7);
    const chas = next() < 0.07 ? 1 : 0;
    const nox = clip(0.555 + 0.116 * (0.85 * u + 0.5 * g()), 0.385, 0.871);
    const rm = clip(6.28 + 0.7 * (0.75 * w - 0.2 * u + 0.6 * g()), 3.56, 8.78);
    const age = clip(68.6 + 28 * (0.7 * u + 0.7 * g()), 2.9, 100);
    const dis = clip(3.8 * Math.exp(0.5 * (-0.85 * u + 0.5 * g())), 1.13, 12.1);
    const rad = u > 0.8 ? 24 : clip(Math.round(4.5 + 2 * (0.5 * u + g())), 1, 8);
    const tax = Math.round(clip(408 + 168 * (0.8 * u + 0.6 * g()), 187, 711));
    const ptratio = clip(18.5 + 2.16 * (0.5 * u - 0.4 * w + 0.75 * g()), 12.6, 22);
    const b = clip(396.9 - Math.abs(g()) * 40 * (u > 1 ? 2.5 : 0.4), 0.32, 396.9);
    const lstat = clip(12.65 * Math.exp(0.55 * (0.45 * u - 0.75 * w + 0.45 * g())), 1.73, 37.97);
    const medv =
      15.5 +
      30 * Math.exp(-0.16 * (lstat - 2)) +
      1.0 * (rm - 6.28) +
      9 * Math.max(0, rm - 6.8) ** 2 -
      0.5 * (ptratio - 18.5) +
      2.5 * chas -
      (1.0 * (nox - 0.555)) / 0.116 -
      0.5 * Math.sqrt(crim) +
      2.8 * g();
    x.push([crim, zn, indus, chas, nox, rm, age, dis, rad, tax, ptratio, b, lstat]);
    y.push(clip(Math.round(medv * 10) / 10, 5, 50));
  }
  return { x, y };
}

/**
 * tfjs-examples/boston-housing (the tfjs data set has 12 features: B is dropped): features standardised
 * with the training mean/std (normalization.js), the price target left in $1000s:
 *
 *   const NUM_EPOCHS = 200; const BATCH_SIZE = 40; const LEARNING_RATE = 0.01;
 *   model.compile({optimizer: tf.train.sgd(LEARNING_RATE), loss: 'meanSquaredError'});
 *   await model.fit(tensors.trainFeatures, tensors.trainTarget,
 *       {batchSize: BATCH_SIZE, epochs: NUM_EPOCHS, validationSplit: 0.2, ...});
 *   const result = model.evaluate(tensors.testFeatures, tensors.testTarget, {batchSize: BATCH_SIZE});
 *   // computeBaseline(): MSE of predicting the mean price
 */
function tfjsBostonData(): ProgramData {
  const all = bostonRows(333 + 173, 506);
  const drop = (r: number[]) => r.filter((_, j) => j !== 11);
  const train = all.x.slice(0, 333).map(drop);
  const test = all.x.slice(333).map(drop);
  const m = moments(train);
  return { x: matrix2d(standardize(train, m)), y: column(all.y.slice(0, 333)), eval: { x: matrix2d(standardize(test, m)), y: column(all.y.slice(333)) } };
}

const tfjsBostonPort =
  'Data substituted: 333 train / 173 test seeded synthetic suburbs (the sizes of the tfjs CSVs), 12 features at the real scales, price in $1000s (5–50) depending on them; standardised features as normalization.js does, target unscaled. Training as published (SGD 0.01, batch 40, 200 epochs, validationSplit 0.2).';

function tfjsBoston(name: string, title: string, hidden: number, atLeast: number, what: string): HealthyProgram {
  return healthy({
    id: `healthy/tfjs-examples-boston-housing-${name}`,
    source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/boston-housing/index.js`, title: `tfjs-examples: Boston housing, ${title}` },
    port: tfjsBostonPort,
    learns: { metric: 'r2', atLeast, description: `test R² of the price; ${what}` },
    program: {
      build() {
        const model = tfl.sequential();
        if (hidden === 0) model.add(tfl.layers.dense({ inputShape: [12], units: 1 }));
        for (let h = 0; h < hidden; h++) model.add(tfl.layers.dense({ ...(h === 0 ? { inputShape: [12] } : {}), units: 50, activation: 'sigmoid', kernelInitializer: 'leCunNormal' }));
        if (hidden > 0) model.add(tfl.layers.dense({ units: 1 }));
        model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
        return model;
      },
      data: tfjsBostonData,
      fit: { epochs: 200, batchSize: 40, validationSplit: 0.2 },
    },
  });
}

/** linearRegressionModel(): model.add(tf.layers.dense({inputShape: [bostonData.numFeatures], units: 1})); */
const bostonLinear = tfjsBoston('linear', 'linear regression (unscaled $1000s target)', 0, 0.6, 'the example prints the baseline MSE (predict the mean price) beside the final test MSE, and the linear model ends far below the baseline (R² ≥ 0.6 is MSE ≤ 0.4 × baseline)');
/** multiLayerPerceptronRegressionModel1Hidden(): dense 50 sigmoid leCunNormal → dense 1. */
const bostonMlp1 = tfjsBoston('mlp1', 'MLP with one hidden sigmoid layer', 1, 0.65, 'the example shows the one-hidden-layer MLP ending below the linear model\'s test loss');
/** multiLayerPerceptronRegressionModel2Hidden(): two dense 50 sigmoid leCunNormal → dense 1. */
const bostonMlp2 = tfjsBoston('mlp2', 'MLP with two hidden sigmoid layers', 2, 0.65, 'the example shows the two-hidden-layer MLP ending below the linear model\'s test loss');

/**
 * Deep Learning with Python (1st ed.), notebook 3.7 "Predicting house prices": Keras boston_housing
 * (404 train / 102 test, 13 features), features standardised, targets in $1000s:
 *
 *   model.add(layers.Dense(64, activation='relu', input_shape=(train_data.shape[1],)))
 *   model.add(layers.Dense(64, activation='relu'))
 *   model.add(layers.Dense(1))
 *   model.compile(optimizer='rmsprop', loss='mse', metrics=['mae'])
 *   # K-fold validation, k = 4, fold i:
 *   model.fit(partial_train_data, partial_train_targets, epochs=num_epochs «100», batch_size=1, verbose=0)
 *   # final model:
 *   model.fit(train_data, train_targets, epochs=80, batch_size=16, verbose=0)
 *   test_mse_score, test_mae_score = model.evaluate(test_data, test_targets)   # ≈ 2.5–2.7 ($1000s)
 */
function dlwpBostonData(fold: boolean): ProgramData {
  const all = bostonRows(404 + 102, 1970);
  const m = moments(all.x.slice(0, 404));
  const x = standardize(all.x, m);
  if (!fold) return { x: matrix2d(x.slice(0, 404)), y: column(all.y.slice(0, 404)), eval: { x: matrix2d(x.slice(404)), y: column(all.y.slice(404)) } };
  // fold 0 of 4: validation = the first 101 training rows, training = the other 303
  return { x: matrix2d(x.slice(101, 404)), y: column(all.y.slice(101, 404)), eval: { x: matrix2d(x.slice(0, 101)), y: column(all.y.slice(0, 101)) } };
}

function dlwpBostonModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ units: 64, activation: 'relu', inputShape: [13] }));
  model.add(tfl.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tfl.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'meanSquaredError', metrics: ['mae'] });
  return model;
}

const DLWP = 'https://github.com/fchollet/deep-learning-with-python-notebooks/blob/master/first_edition/3.7-predicting-house-prices.ipynb';
const DLWP_DATA = 'Data substituted: seeded synthetic suburbs (404 train / 102 test as in keras.datasets.boston_housing), 13 features at the real scales, standardised with the training mean/std; target in $1000s (5–50), unscaled as in the book.';

const dlwpBostonKfold = healthy({
  id: 'healthy/dlwp-boston-kfold-batch1',
  source: { kind: 'github-repo', url: DLWP, title: 'Deep Learning with Python, 3.7 Predicting house prices: K-fold run (batch size 1)' },
  port: `${DLWP_DATA} Fold 0 of the 4-fold loop (303 training rows, 101 validation rows); batch 1 as published, but 6,000 steps (≈ 20 of the 100 epochs) for the wasm budget — the book's validation MAE curve has flattened by then.`,
  learns: { metric: 'r2', atLeast: 0.7, description: 'R² on the held-out fold; the book reports fold MAEs of 2.1–2.9 ($1000s) on prices with std ≈ 9, i.e. R² ≈ 0.8' },
  program: { build: dlwpBostonModel, data: () => dlwpBostonData(true), fit: { epochs: 100, batchSize: 1, maxSteps: 6000 } },
});

const dlwpBostonFinal = healthy({
  id: 'healthy/dlwp-boston-final-batch16',
  source: { kind: 'github-repo', url: DLWP, title: 'Deep Learning with Python, 3.7 Predicting house prices: final model (80 epochs, batch 16)' },
  port: `${DLWP_DATA} Training as published: 80 epochs of batch 16 on all 404 rows (2,080 steps).`,
  learns: { metric: 'r2', atLeast: 0.7, description: 'test R²; the book\'s final test MAE ≈ 2.5–2.7 ($1000s) on prices with std ≈ 9, i.e. R² ≈ 0.8' },
  program: { build: dlwpBostonModel, data: () => dlwpBostonData(false), fit: { epochs: 80, batchSize: 16 } },
});

// ---------------------------------------------------------------------------------------------
// Abalone (tfjs-examples/abalone-node): the CSV the example commits, rings (1–29) as the target.

const ABALONE_CSV = path.resolve(__dirname, '../data/abalone.csv');

function abaloneData(): ProgramData {
  const lines = readFileSync(ABALONE_CSV, 'utf8').trim().split('\n').slice(1);
  const rows = lines.map((line) => {
    const f = line.split(',');
    return [f[0] === 'F' ? 0 : f[0] === 'M' ? 1 : 2, ...f.slice(1).map(Number)];
  });
  const mixed = shuffled(rows, rng(4177));
  const train = mixed.slice(0, 3500);
  const test = mixed.slice(3500);
  const xs = (r: number[][]) => matrix2d(r.map((v) => v.slice(0, 8)));
  const ys = (r: number[][]) => column(r.map((v) => v[8]));
  return { x: xs(train), y: ys(train), eval: { x: xs(test), y: ys(test) } };
}

/**
 * tfjs-examples/abalone-node model.js + train.js: raw features (sex coded 0/1/2, lengths and weights
 * 0–2.8), raw ring counts as the target:
 *
 *   model.add(tf.layers.dense({inputShape: inputShape, activation: 'sigmoid', units: 50}));
 *   model.add(tf.layers.dense({activation: 'sigmoid', units: 50}));
 *   model.add(tf.layers.dense({units: 1}));
 *   model.compile({optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError'});
 *   const trainBatches = Math.floor(3500 / batchSize);        // batch_size default 500, epochs 100
 *   const dataset = datasetObj.dataset.shuffle(1000).batch(batchSize);
 *   await model.fitDataset(dataset.take(trainBatches), {epochs: epochs, validationData: dataset.skip(trainBatches)});
 */
const abalone = healthy({
  id: 'healthy/tfjs-examples-abalone-node',
  source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/abalone-node/train.js`, title: 'tfjs-examples: abalone age regression in Node (sigmoid MLP, SGD, raw ring counts)' },
  port: 'Real data (abalone.csv from the example, 4,177 rows). fitDataset on shuffle(1000).batch(500).take(7) becomes fit on a fixed seeded 3,500-row training split (7 batches of 500, reshuffled each epoch); the remaining 677 rows are the eval set (the original reshuffles before take/skip each epoch, mixing its validation rows into training). 100 epochs as published.',
  learns: { metric: 'r2', atLeast: 0.25, description: 'held-out R² of the ring count: clearly better than the constant prediction (R² 0). The example only prints one prediction (true age 10); its slow SGD on raw features explains ≈ 0.3 of the variance after the 700 published steps (a well-tuned abalone MLP ≈ 0.5)' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ inputShape: [8], activation: 'sigmoid', units: 50 }));
      model.add(tfl.layers.dense({ activation: 'sigmoid', units: 50 }));
      model.add(tfl.layers.dense({ units: 1 }));
      model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
      return model;
    },
    data: abaloneData,
    fit: { epochs: 100, batchSize: 500 },
  },
});

// ---------------------------------------------------------------------------------------------
// MNIST programs, on Fashion-MNIST (installed; same shapes, 10 classes, harder: a net that reaches
// ≈ 98–99 % on MNIST reaches ≈ 85–91 % on Fashion-MNIST when fully trained).

const FASHION_NOTE = 'Fashion-MNIST stands in for MNIST (same 28×28×1 shape, 10 classes; pixels / 255 as the source does).';

/**
 * tfjs-examples/mnist/index.js, model type 'DenseNet' (page default 3 epochs):
 *
 *   model.add(tf.layers.flatten({inputShape: [IMAGE_H, IMAGE_W, 1]}));
 *   model.add(tf.layers.dense({units: 42, activation: 'relu'}));
 *   model.add(tf.layers.dense({units: 10, activation: 'softmax'}));
 *   const optimizer = 'rmsprop';
 *   model.compile({optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy']});
 *   const batchSize = 320; const validationSplit = 0.15;
 *   await model.fit(trainData.xs, trainData.labels, {batchSize, validationSplit, epochs: trainEpochs, ...});
 */
const tfjsMnistDense = healthy({
  id: 'healthy/tfjs-examples-mnist-dense',
  source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/mnist/index.js`, title: 'tfjs-examples: MNIST DenseNet (flatten → dense 42 relu → softmax, rmsprop, batch 320)' },
  needs: ['fashion-mnist'],
  port: `${FASHION_NOTE} 12,000 of the 55,000 training images (3 epochs of 32 batches of 320 after the 15 % validation split); test accuracy on 2,000 test images.`,
  learns: { metric: 'accuracy', atLeast: 0.75, description: 'test accuracy on 2,000 test images (chance 0.1); the example prints its final test accuracy, > 0.9 for this net on MNIST; on Fashion-MNIST the same 96 steps give ≈ 0.78' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
      model.add(tfl.layers.dense({ units: 42, activation: 'relu' }));
      model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
      model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    },
    data() {
      const train = fashion(12000);
      const test = fashion(2000, { split: 'test' });
      return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
    },
    fit: { epochs: 3, batchSize: 320, validationSplit: 0.15 },
  },
});

/**
 * tfjs-examples/mnist-transfer-cnn: python/mnist_transfer_cnn.py trains the model on digits 0–4
 * (optimizer 'adam', batch 128, 5 epochs) and the page loads it; index.js retrainModel() then, in the
 * default 'freeze-feature-layers' mode, freezes the 7 feature layers and retrains on 1,024 digits 5–9
 * (labels − 5, gte5_cutoff 1024):
 *
 *   feature_layers = [Conv2D(filters, kernel_size, padding='valid', input_shape=INPUT_SHAPE), Activation('relu'),
 *                     Conv2D(filters, kernel_size), Activation('relu'), MaxPooling2D(pool_size=pool_size),
 *                     Dropout(0.25), Flatten()]
 *   classification_layers = [Dense(128), Activation('relu'), Dropout(0.5), Dense(NUM_CLASSES), Activation('softmax')]
 *   // retrainModel():
 *   for (let i = 0; i < 7; ++i) this.model.layers[i].trainable = false;
 *   this.model.compile({loss: 'categoricalCrossentropy', optimizer: tf.train.adam(0.01), metrics: ['acc']});
 *   await this.model.fit(this.gte5TrainData.x, this.gte5TrainData.y,
 *       {batchSize: 128, epochs: epochs «page default 10», validationData: [this.gte5TestData.x, this.gte5TestData.y]});
 */
function transferModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'valid', inputShape: [28, 28, 1] }));
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3 }));
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.dropout({ rate: 0.25 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 128 }));
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.5 }));
  model.add(tfl.layers.dense({ units: 5 }));
  model.add(tfl.layers.activation({ activation: 'softmax' }));
  model.compile({ loss: 'categoricalCrossentropy', optimizer: tf.train.adam(0.001), metrics: ['accuracy'] });
  return model;
}

/** Phase 0: classes 0–4 (pretraining, as the Python script); phase 1 (and 2): classes 5–9 − 5 (the page's retraining data). */
function transferPhases(pretrain: number, gte5: number, phases: number) {
  return phased(() => {
    const lt5 = fashionWhere(pretrain, (l) => l < 5, (l) => l, { split: 'train', offset: 0 });
    const hi = fashionWhere(gte5, (l) => l >= 5, (l) => l - 5, { split: 'train', offset: 30000 });
    const test = fashionWhere(500, (l) => l >= 5, (l) => l - 5, { split: 'test', offset: 0 });
    const retrain = { x: hi.x as tf.Tensor, y: oneHot(hi.labels, 5) as tf.Tensor };
    return {
      phases: [{ x: lt5.x, y: oneHot(lt5.labels, 5) }, ...Array.from({ length: phases - 1 }, () => retrain)],
      eval: { x: test.x, y: oneHot(test.labels, 5) },
    };
  });
}

const freezeFeatures = (model: tfl.LayersModel, trainable: boolean) => {
  for (let i = 0; i < 7; ++i) model.layers[i].trainable = trainable;
};

const transferData = transferPhases(1024, 1024, 2);

const mnistTransfer = healthy({
  id: 'healthy/tfjs-examples-mnist-transfer-cnn',
  source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/mnist-transfer-cnn/index.js`, title: 'tfjs-examples: MNIST transfer CNN (freeze the feature layers, retrain on digits 5–9)' },
  needs: ['fashion-mnist'],
  port: `${FASHION_NOTE} The pretrained model the page downloads is trained here, as python/mnist_transfer_cnn.py does, by a first fit on Fashion classes 0–4 — 1,024 images, 1 epoch of batch 128 instead of all ≈ 30,000 for 5 epochs (wasm budget). Then between(): freeze layers 0–6, recompile with adam(0.01), and fit on 1,024 images of classes 5–9 (labels − 5) for 4 epochs of batch 128 (the page's epochs field defaults to 10; wasm budget), validating on 500 test images of classes 5–9. The two fits use different data: between() swaps ProgramData.x/y (see phased()).`,
  learns: { metric: 'accuracy', atLeast: 0.8, description: 'accuracy on 500 test images of classes 5–9 after retraining (chance 0.2); the page shows the retrained model classifying the new digits well (its validation accuracy curve); on Fashion 5–9 (sandal, shirt, sneaker, bag, boot) with the shortened pretraining it reaches ≈ 0.85' },
  program: {
    build: transferModel,
    data: transferData.data,
    fit: [
      { epochs: 1, batchSize: 128 },
      { epochs: 4, batchSize: 128, validationData: 'eval' },
    ],
    between(model, i) {
      transferData.advance(i);
      freezeFeatures(model, false);
      model.compile({ loss: 'categoricalCrossentropy', optimizer: tf.train.adam(0.01), metrics: ['acc'] });
    },
  },
});

const finetuneData = transferPhases(1024, 1024, 3);

/**
 * The Keras "Transfer learning & fine-tuning" guide's last step, applied to the mnist-transfer-cnn
 * program above: once the new head has converged on the new data with the base frozen, unfreeze the
 * base and train end to end with a very low learning rate.
 *
 *   # Unfreeze the base_model ...
 *   base_model.trainable = True
 *   model.compile(optimizer=keras.optimizers.Adam(1e-5),  # Low learning rate
 *                 loss=..., metrics=[...])
 *   epochs = 10
 *   model.fit(train_ds, epochs=epochs, validation_data=validation_ds)
 */
const transferFinetune = healthy({
  id: 'healthy/keras-io-transfer-learning-finetune',
  source: { kind: 'official-example', url: 'https://github.com/keras-team/keras-io/blob/master/guides/transfer_learning.py', title: 'Keras guide: Transfer learning & fine-tuning (unfreeze, recompile with Adam(1e-5), fit again)' },
  needs: ['fashion-mnist'],
  port: `Composite of two official sources: the guide's base is an ImageNet Xception (far over budget, no weights here), so its workflow is applied to tfjs-examples/mnist-transfer-cnn (entry above): pretraining fit on Fashion classes 0–4, frozen-feature retraining on 1,024 images of classes 5–9 with adam(0.01) for 3 epochs (the page's default is 10; budget), then the guide's fine-tuning round — all layers trainable, recompile with Adam(1e-5) — for 1 epoch (the guide: 10; budget). Validation on 500 test images of classes 5–9. ${FASHION_NOTE}`,
  learns: { metric: 'accuracy', atLeast: 0.8, description: 'accuracy on 500 test images of classes 5–9 after fine-tuning (chance 0.2); the guide reports that fine-tuning "gains us a nice improvement" over the frozen model; here the frozen retraining reaches ≈ 0.82 and one epoch at 1e-5 keeps it there' },
  program: {
    build: transferModel,
    data: finetuneData.data,
    fit: [
      { epochs: 1, batchSize: 128 },
      { epochs: 3, batchSize: 128, validationData: 'eval' },
      { epochs: 1, batchSize: 128, validationData: 'eval' },
    ],
    between(model, i) {
      finetuneData.advance(i);
      freezeFeatures(model, i === 2);
      model.compile({ loss: 'categoricalCrossentropy', optimizer: tf.train.adam(i === 1 ? 0.01 : 1e-5), metrics: ['acc'] });
    },
  },
});

/**
 * keras-io examples/vision/mnist_convnet.py ("A simple convnet that achieves ~99% test accuracy on MNIST"):
 *
 *   layers.Conv2D(32, kernel_size=(3, 3), activation="relu"), layers.MaxPooling2D(pool_size=(2, 2)),
 *   layers.Conv2D(64, kernel_size=(3, 3), activation="relu"), layers.MaxPooling2D(pool_size=(2, 2)),
 *   layers.Flatten(), layers.Dropout(0.5), layers.Dense(num_classes, activation="softmax"),
 *   batch_size = 128; epochs = 15
 *   model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
 *   model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1)
 */
const kerasMnistConvnet = healthy({
  id: 'healthy/keras-io-mnist-convnet',
  source: { kind: 'official-example', url: 'https://github.com/keras-team/keras-io/blob/master/examples/vision/mnist_convnet.py', title: 'keras-io: Simple MNIST convnet' },
  needs: ['fashion-mnist'],
  port: `${FASHION_NOTE} Keras 'adam' = tf.train.adam(0.001). 5,000 of the 60,000 training images and 2 of the 15 epochs (70 steps of batch 128 after the 10 % validation split), for the wasm budget; test accuracy on 2,000 test images.`,
  learns: { metric: 'accuracy', atLeast: 0.72, description: 'test accuracy; the example reaches ≈ 0.99 on MNIST after 15 epochs (≈ 0.91 on Fashion-MNIST); after 70 steps on Fashion it is ≈ 0.8' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: [3, 3], activation: 'relu' }));
      model.add(tfl.layers.maxPooling2d({ poolSize: [2, 2] }));
      model.add(tfl.layers.conv2d({ filters: 64, kernelSize: [3, 3], activation: 'relu' }));
      model.add(tfl.layers.maxPooling2d({ poolSize: [2, 2] }));
      model.add(tfl.layers.flatten());
      model.add(tfl.layers.dropout({ rate: 0.5 }));
      model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
      model.compile({ loss: 'categoricalCrossentropy', optimizer: tf.train.adam(0.001), metrics: ['accuracy'] });
      return model;
    },
    data() {
      const train = fashion(5000);
      const test = fashion(2000, { split: 'test' });
      return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
    },
    fit: { epochs: 2, batchSize: 128, validationSplit: 0.1 },
  },
});

/**
 * keras-team/keras examples/mnist_mlp.py ("Gets to 98.40% test accuracy after 20 epochs"):
 *
 *   model.add(Dense(512, activation='relu', input_shape=(784,)))
 *   model.add(Dropout(0.2))
 *   model.add(Dense(512, activation='relu'))
 *   model.add(Dropout(0.2))
 *   model.add(Dense(10, activation='softmax'))
 *   model.compile(loss='categorical_crossentropy', optimizer=RMSprop(), metrics=['accuracy'])
 *   history = model.fit(x_train, y_train, batch_size=batch_size «128», epochs=epochs «20»,
 *                       verbose=1, validation_data=(x_test, y_test))
 */
const kerasMnistMlp = healthy({
  id: 'healthy/keras-examples-mnist-mlp',
  source: { kind: 'official-example', url: 'https://github.com/keras-team/keras/blob/10bfb1c565582803982e2205d41b095bc929d4a4/examples/mnist_mlp.py', title: 'Keras examples: mnist_mlp.py (two Dense 512 relu + dropout, RMSprop)' },
  needs: ['fashion-mnist'],
  port: `${FASHION_NOTE} Flattened to 784. Keras RMSprop() = tf.train.rmsprop(0.001). 3,000 of the 60,000 training images and 3 of the 20 epochs (72 steps of batch 128), validating on 1,000 test images each epoch (validation_data=(x_test, y_test)), for the wasm budget.`,
  learns: { metric: 'accuracy', atLeast: 0.7, description: 'test accuracy; the example reports 0.984 on MNIST (≈ 0.89 on Fashion-MNIST fully trained); ≈ 0.75 after 72 steps on Fashion (chance 0.1)' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 512, activation: 'relu', inputShape: [784] }));
      model.add(tfl.layers.dropout({ rate: 0.2 }));
      model.add(tfl.layers.dense({ units: 512, activation: 'relu' }));
      model.add(tfl.layers.dropout({ rate: 0.2 }));
      model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
      model.compile({ loss: 'categoricalCrossentropy', optimizer: tf.train.rmsprop(0.001), metrics: ['accuracy'] });
      return model;
    },
    data() {
      const train = fashion(3000, { flat: true });
      const test = fashion(1000, { split: 'test', flat: true });
      return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
    },
    fit: { epochs: 3, batchSize: 128, validationData: 'eval' },
  },
});

/**
 * aymericdamien/TensorFlow-Examples examples/3_NeuralNetworks/neural_network_raw.py (TF1 low-level MLP):
 * every weight and bias drawn from N(0, 1), no hidden activation, softmax cross-entropy on logits:
 *
 *   learning_rate = 0.001; training_epochs = 15; batch_size = 100
 *   weights = {'h1': tf.Variable(tf.random_normal([n_input, n_hidden_1])), ...}   # 784 → 256 → 256 → 10
 *   biases = {'b1': tf.Variable(tf.random_normal([n_hidden_1])), ...}
 *   layer_1 = tf.add(tf.matmul(x, weights['h1']), biases['b1'])
 *   layer_2 = tf.add(tf.matmul(layer_1, weights['h2']), biases['b2'])
 *   out_layer = tf.matmul(layer_2, weights['out']) + biases['out']
 *   loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
 *   optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
 *
 * The initial logits are in the thousands and so is the first loss, yet Adam's scale-free steps make it learn.
 */
const nnRaw = healthy({
  id: 'healthy/tf-examples-neural-network-raw-normal1',
  source: { kind: 'github-repo', url: 'https://github.com/aymericdamien/TensorFlow-Examples/blob/master/examples/3_NeuralNetworks/neural_network_raw.py', title: 'TensorFlow-Examples: neural_network_raw.py (TF1 MLP with N(0, 1) weights and biases)' },
  needs: ['fashion-mnist'],
  port: `${FASHION_NOTE} Flattened to 784 (input_data's MNIST is [0, 1] floats). The raw variables become Dense layers with randomNormal(stddev 1) kernels and biases and no activation; the loss is tf.losses.softmaxCrossEntropy on the logits. 6,000 images, 3 of the 15 epochs (180 steps of batch 100), for the wasm budget.`,
  learns: { metric: 'accuracy', atLeast: 0.6, description: 'test accuracy on 1,000 test images (chance 0.1); the script prints its test accuracy, which for this linear-in-effect model is ≈ 0.9 on MNIST; the initial scale is huge, yet on Fashion-MNIST it reaches ≈ 0.7 in 180 steps (chance 0.1)' },
  program: {
    build() {
      const init = () => tfl.initializers.randomNormal({ mean: 0, stddev: 1 });
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 256, inputShape: [784], kernelInitializer: init(), biasInitializer: init() }));
      model.add(tfl.layers.dense({ units: 256, kernelInitializer: init(), biasInitializer: init() }));
      model.add(tfl.layers.dense({ units: 10, kernelInitializer: init(), biasInitializer: init() }));
      model.compile({ loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred), optimizer: tf.train.adam(0.001) });
      return model;
    },
    data() {
      const train = fashion(6000, { flat: true });
      const test = fashion(1000, { split: 'test', flat: true });
      return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
    },
    fit: { epochs: 3, batchSize: 100 },
  },
});

// ---------------------------------------------------------------------------------------------
// Bag-of-words text: seeded synthetic reviews / newswires as multi-hot vectors.

/** Cumulative Zipf weights over `n` ranks (p ∝ 1 / (rank + 2.7)). */
function zipfCdf(n: number): Float64Array {
  const cdf = new Float64Array(n);
  let s = 0;
  for (let r = 0; r < n; r++) {
    s += 1 / (r + 1 + 2.7);
    cdf[r] = s;
  }
  for (let r = 0; r < n; r++) cdf[r] /= s;
  return cdf;
}

function drawCdf(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * IMDB-like reviews as multi-hot vectors over `numWords` indices (0 pad, 1 start, 2 OOV, 3… words by
 * frequency rank, as keras.datasets.imdb / the tfjs sentiment data index them): review lengths log-normal
 * (median ≈ 180 words), words Zipf-distributed, and 400 mid-frequency sentiment words (half positive, half
 * negative) that make up ≈ 10 % of the tokens, 70 % of them of the review's polarity — strong enough that a
 * bag-of-words model trained on 2,000 reviews reaches ≈ 0.85, about what IMDB gives with 25,000.
 */
function imdbMultihot(n: number, seed: number, numWords = 10000): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const lex = rng(20000);
  const ranks = shuffled(Array.from({ length: 4000 }, (_, i) => 40 + i), lex).slice(0, 400);
  const positive = ranks.slice(0, 200);
  const negative = ranks.slice(200);
  const cdf = zipfCdf(numWords - 3);
  const next = rng(seed);
  const xs = new Float32Array(n * numWords);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    ys[i] = label;
    const len = clip(Math.round(Math.exp(5.2 + 0.6 * gaussian(next))), 20, 1200);
    xs[i * numWords + 1] = 1;
    for (let t = 0; t < len; t++) {
      let rank: number;
      if (next() < 0.1) {
        const own = next() < 0.7;
        const list = (label === 1) === own ? positive : negative;
        rank = list[Math.floor(next() * list.length)];
      } else rank = drawCdf(cdf, next());
      xs[i * numWords + 3 + rank] = 1;
    }
  }
  return { x: tf.tensor2d(xs, [n, numWords]), y: tf.tensor2d(ys, [n, 1]) };
}

/**
 * tfjs-examples/sentiment/train.js, model type 'multihot' (defaults: numWords 10000, optimizer 'adam',
 * epochs 10, batchSize 128, validationSplit 0.2):
 *
 *   model.add(tf.layers.dense({units: 16, activation: 'relu', inputShape: [vocabularySize]}));
 *   model.add(tf.layers.dense({units: 16, activation: 'relu'}));
 *   model.add(tf.layers.dense({units: 1, activation: 'sigmoid'}));
 *   model.compile({loss: 'binaryCrossentropy', optimizer: args.optimizer, metrics: ['acc']});
 *   await model.fit(xTrain, yTrain, {epochs: args.epochs, batchSize: args.batchSize, validationSplit: args.validationSplit, ...});
 */
const sentimentMultihot = healthy({
  id: 'healthy/tfjs-examples-sentiment-multihot',
  source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/sentiment/train.js`, title: 'tfjs-examples: IMDB sentiment, multihot model (Node training script)' },
  port: "Data substituted: seeded synthetic IMDB-like reviews (see imdbMultihot) as 10,000-word multi-hot vectors; 2,000 training reviews instead of 25,000 and 1,000 test reviews (memory and wasm budget). Training as published (adam 0.001, batch 128, 10 epochs, validationSplit 0.2: 130 steps).",
  learns: { metric: 'accuracy', atLeast: 0.78, description: 'test accuracy (chance 0.5); the multihot model reaches ≈ 0.88 on IMDB (as does Deep Learning with Python 3.5\'s twin of it)' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [10000] }));
      model.add(tfl.layers.dense({ units: 16, activation: 'relu' }));
      model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
      model.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['acc'] });
      return model;
    },
    data() {
      const train = imdbMultihot(2000, 25000);
      const test = imdbMultihot(1000, 25001);
      return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
    },
    fit: { epochs: 10, batchSize: 128, validationSplit: 0.2 },
  },
});

/**
 * Deep Learning with Python (1st ed.), notebook 4.4 "Overfitting and underfitting", the L2-regularised
 * IMDB model (the notebook uses the test set as validation data):
 *
 *   l2_model.add(layers.Dense(16, kernel_regularizer=regularizers.l2(0.001), activation='relu', input_shape=(10000,)))
 *   l2_model.add(layers.Dense(16, kernel_regularizer=regularizers.l2(0.001), activation='relu'))
 *   l2_model.add(layers.Dense(1, activation='sigmoid'))
 *   l2_model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc'])
 *   l2_model_hist = l2_model.fit(x_train, y_train, epochs=20, batch_size=512, validation_data=(x_test, y_test))
 *   # the unregularised twin: val_acc 0.88 after epoch 1, then overfits; the L2 model stays near 0.88
 *
 * fit's loss includes 0.001 · Σw² over a 10,000 × 16 kernel, so it sits above the data loss.
 */
const dlwpImdbL2 = healthy({
  id: 'healthy/dlwp-imdb-l2-regularized',
  source: { kind: 'github-repo', url: 'https://github.com/fchollet/deep-learning-with-python-notebooks/blob/master/first_edition/4.4-overfitting-and-underfitting.ipynb', title: 'Deep Learning with Python, 4.4 Overfitting and underfitting: the L2-regularised IMDB model' },
  port: "Data substituted: seeded synthetic IMDB-like reviews (imdbMultihot), 2,000 training and 1,000 test reviews instead of 25,000 each; Keras 'rmsprop' = tf.train.rmsprop(0.001); 10 of the 20 epochs of batch 512 (40 steps), validating on the test reviews each epoch, for the wasm budget.",
  learns: { metric: 'accuracy', atLeast: 0.75, description: 'test accuracy (chance 0.5); the notebook\'s IMDB models reach val_acc ≈ 0.86–0.89' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 16, kernelRegularizer: tfl.regularizers.l2({ l2: 0.001 }), activation: 'relu', inputShape: [10000] }));
      model.add(tfl.layers.dense({ units: 16, kernelRegularizer: tfl.regularizers.l2({ l2: 0.001 }), activation: 'relu' }));
      model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
      model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'binaryCrossentropy', metrics: ['acc'] });
      return model;
    },
    data() {
      const train = imdbMultihot(2000, 44000);
      const test = imdbMultihot(1000, 44001);
      return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
    },
    fit: { epochs: 10, batchSize: 512, validationData: 'eval' },
  },
});

/** Reuters-21578 topic frequencies in keras.datasets.reuters' training split (46 topics; topics 3 and 4 are "earn" and "acq"). */
const REUTERS_TOPIC_COUNTS = [55, 432, 74, 3159, 1949, 17, 48, 16, 139, 101, 124, 390, 49, 172, 26, 20, 444, 39, 66, 549, 269, 100, 15, 41, 62, 92, 24, 15, 48, 19, 45, 39, 32, 11, 50, 10, 49, 19, 19, 24, 36, 30, 13, 21, 12, 18];

/**
 * Reuters-like newswires as binary bag-of-words over the `maxWords` most frequent words
 * (Tokenizer.sequences_to_matrix(mode="binary")): topics drawn with the real topic frequencies (35 %
 * "earn"), lengths log-normal (median ≈ 110 words), words Zipf-distributed, and each topic owning 12
 * characteristic words (6 of them shared with a sibling topic) that make up 8 % of its tokens.
 */
function reutersMultihot(n: number, seed: number, maxWords = 1000): { x: tf.Tensor2D; y: tf.Tensor2D; labels: number[] } {
  const topicRng = rng(21578);
  const topicWords = REUTERS_TOPIC_COUNTS.map(() => Array.from({ length: 6 }, () => 20 + Math.floor(topicRng() * (maxWords - 20))));
  const words = topicWords.map((own, t) => [...own, ...topicWords[(t + 1) % topicWords.length]]);
  const total = REUTERS_TOPIC_COUNTS.reduce((a, b) => a + b, 0);
  const topicCdf = new Float64Array(REUTERS_TOPIC_COUNTS.length);
  REUTERS_TOPIC_COUNTS.reduce((acc, c, i) => ((topicCdf[i] = (acc + c) / total), acc + c), 0);
  const cdf = zipfCdf(maxWords);
  const next = rng(seed);
  const xs = new Float32Array(n * maxWords);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const topic = drawCdf(topicCdf, next());
    labels.push(topic);
    const len = clip(Math.round(Math.exp(4.7 + 0.6 * gaussian(next))), 10, 800);
    for (let t = 0; t < len; t++) {
      const w = next() < 0.08 ? words[topic][Math.floor(next() * 12)] : drawCdf(cdf, next());
      xs[i * maxWords + w] = 1;
    }
  }
  return { x: tf.tensor2d(xs, [n, maxWords]), y: oneHot(labels, 46), labels };
}

/**
 * keras-team/keras examples/reuters_mlp.py as first published (Keras 0.x): a 46-topic MLP with
 * init='normal' (Keras 0.x/1: N(0, 0.05)), batch normalisation and Adadelta, batch 16:
 *
 *   max_words = 10000; batch_size = 16
 *   X_train = tokenizer.sequences_to_matrix(X_train, mode="binary")
 *   model.add(Dense(max_words, 256, init='normal'))
 *   model.add(Activation('relu'))
 *   model.add(BatchNormalization(input_shape=(256,))) # try without batch normalization (doesn't work as well!)
 *   model.add(Dropout(0.5))
 *   model.add(Dense(256, nb_classes, init='normal'))
 *   model.add(Activation('softmax'))
 *   model.compile(loss='categorical_crossentropy', optimizer='adadelta')
 *   model.fit(X_train, Y_train, nb_epoch=5, batch_size=batch_size)
 */
const reutersMlp = healthy({
  id: 'healthy/keras-examples-reuters-mlp-init-normal',
  source: { kind: 'official-example', url: 'https://github.com/keras-team/keras/blob/0b96fc2855a835e86b36c5255daab44f57af8624/examples/reuters_mlp.py', title: "Keras examples (0.x): reuters_mlp.py — init='normal', BatchNormalization, Adadelta, batch 16" },
  port: "Data substituted: seeded synthetic Reuters-like newswires with the real 46-topic frequencies (see reutersMultihot), 2,500 training and 1,000 test wires; the vocabulary is the 1,000 most frequent words (the later versions of this example use max_words = 1000) instead of 10,000, for the wasm budget. Keras 0.x mapped: init='normal' = randomNormal(stddev 0.05) with zero bias; BatchNormalization(epsilon 1e-6, momentum 0.9) = its 0.x defaults; 'adadelta' = tf.train.adadelta(1.0, 0.95, 1e-6) (Keras 0.x defaults). 5 epochs of batch 16 as published (785 steps).",
  learns: { metric: 'accuracy', atLeast: 0.65, description: 'test accuracy (46 topics; the majority topic is 35 %); Keras\'s Reuters MLPs reach ≈ 0.8 on the real wires' },
  program: {
    build() {
      const normal = () => tfl.initializers.randomNormal({ mean: 0, stddev: 0.05 });
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ inputShape: [1000], units: 256, kernelInitializer: normal() }));
      model.add(tfl.layers.activation({ activation: 'relu' }));
      model.add(tfl.layers.batchNormalization({ epsilon: 1e-6, momentum: 0.9 }));
      model.add(tfl.layers.dropout({ rate: 0.5 }));
      model.add(tfl.layers.dense({ units: 46, kernelInitializer: normal() }));
      model.add(tfl.layers.activation({ activation: 'softmax' }));
      model.compile({ loss: 'categoricalCrossentropy', optimizer: tf.train.adadelta(1.0, 0.95, 1e-6) });
      return model;
    },
    data() {
      const train = reutersMultihot(2500, 8982);
      const test = reutersMultihot(1000, 2246);
      return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
    },
    fit: { epochs: 5, batchSize: 16 },
  },
});

// ---------------------------------------------------------------------------------------------
// Tables

/**
 * Website-phishing-like rows: 30 features coded −1/1 or −1/0/1 as in the UCI "Phishing Websites" data
 * (SSLfinal_State, URL_of_Anchor, web_traffic …), 44 % phishing. Each site has a latent legitimacy
 * (label ± 1 plus a per-site N(0, 0.5) shift) that 5 strong, 10 medium and 15 weak features reflect
 * through noisy thresholds; a good classifier reaches ≈ 0.94, as on the real data.
 */
function phishingRows(n: number, seed: number): { x: number[][]; y: number[] } {
  const spec = rng(1102);
  const feats = Array.from({ length: 30 }, (_, j) => ({ w: j < 5 ? 1.2 + 0.8 * spec() : j < 15 ? 0.4 + 0.4 * spec() : 0.2 * spec(), ternary: spec() < 0.3, flip: spec() < 0.5 }));
  const next = rng(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const phishing = next() < 0.44 ? 1 : 0;
    const s = (phishing ? -1 : 1) + 0.5 * gaussian(next);
    x.push(
      feats.map((f) => {
        const v = f.w * s * (f.flip ? -1 : 1) + gaussian(next);
        return f.ternary ? (v > 0.6 ? 1 : v < -0.6 ? -1 : 0) : v > 0 ? 1 : -1;
      }),
    );
    y.push(phishing);
  }
  return { x, y };
}

/**
 * tfjs-examples/website-phishing/index.js (features z-scored with the training statistics,
 * utils.normalizeDataset):
 *
 *   const epochs = 400; const batchSize = 350;
 *   model.add(tf.layers.dense({inputShape: [data.numFeatures], units: 100, activation: 'sigmoid'}));
 *   model.add(tf.layers.dense({units: 100, activation: 'sigmoid'}));
 *   model.add(tf.layers.dense({units: 1, activation: 'sigmoid'}));
 *   model.compile({optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']});
 *   await model.fit(trainData.data, trainData.target, {batchSize, epochs, validationSplit: 0.2, ...});
 *   // plots the test-set ROC curve and its AUC every 100 epochs
 */
const phishing = healthy({
  id: 'healthy/tfjs-examples-website-phishing-long',
  source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/website-phishing/index.js`, title: 'tfjs-examples: website phishing detection (sigmoid MLP, 400 epochs)' },
  port: 'Data substituted: seeded synthetic phishing-site rows (see phishingRows), 1,400 training rows instead of ≈ 8,800 and 1,000 test rows; z-scored as the example does. Training as published: 400 epochs of batch 350 after the 20 % validation split (1,600 steps, a long run).',
  learns: { metric: 'accuracy', atLeast: 0.88, description: 'test accuracy at threshold 0.5 (44 % phishing); the example tracks the test-set ROC curve and AUC; MLPs classify the UCI phishing sites at ≈ 0.94–0.96, and the synthetic rows allow ≈ 0.95' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ inputShape: [30], units: 100, activation: 'sigmoid' }));
      model.add(tfl.layers.dense({ units: 100, activation: 'sigmoid' }));
      model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
      model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      return model;
    },
    data() {
      const train = phishingRows(1400, 11055);
      const test = phishingRows(1000, 11056);
      const m = moments(train.x);
      return { x: matrix2d(standardize(train.x, m)), y: column(train.y), eval: { x: matrix2d(standardize(test.x, m)), y: column(test.y) } };
    },
    fit: { epochs: 400, batchSize: 350, validationSplit: 0.2 },
  },
});

// Baseball pitch types (tfjs-examples/baseball-node/pitch_type.js): min-max constants from the example.
const PITCH_RANGES: [number, number][] = [
  [-18.885, 18.065], // vx0
  [-152.463, -86.374], // vy0
  [-15.5146078412997, 9.974], // vz0
  [-48.0287647107959, 30.592], // ax
  [9.397, 49.18], // ay
  [-49.339, 2.95522851438373], // az
  [59, 104.4], // start_speed
];

/**
 * PITCHf/x-like pitches of the example's 7 classes (2-seam, 4-seam, sinker, cutter, slider, changeup,
 * curveball), balanced as its CSV is: per class a typical start speed (mph), horizontal and vertical
 * break accelerations (ft/s², mirrored for left-handed pitchers) and release velocities, with
 * pitcher-to-pitcher spread, so that neighbouring fastball types overlap as in the real data.
 */
function pitchRows(perClass: number, seed: number): { x: number[][]; labels: number[] } {
  // [speed, ax, az, vz0] means per class (right-handed pitcher)
  const means = [
    [92.5, -15, -20, -5.5],
    [94, -7, -14, -4.5],
    [91.5, -17, -24, -6],
    [89, 2, -20, -5],
    [85, 5, -30, -3.5],
    [84, -13, -26, -4],
    [78, 6, -40, -1],
  ];
  const next = rng(seed);
  const g = () => gaussian(next);
  const x: number[][] = [];
  const labels: number[] = [];
  for (let c = 0; c < 7; c++) {
    for (let i = 0; i < perClass; i++) {
      const lefty = next() < 0.3 ? 1 : 0;
      const side = lefty ? -1 : 1;
      const speed = means[c][0] + 2 * g();
      const ax = side * (means[c][1] + 4 * g());
      const az = means[c][2] + 4 * g();
      const vz0 = means[c][3] + 1.5 * g();
      const vx0 = side * (5 + 2.5 * g()) - 0.1 * ax;
      const vy0 = -1.47 * speed + 0.5 * g();
      const ay = 26 + 0.12 * (speed - 85) + 2.5 * g();
      const raw = [vx0, vy0, vz0, ax, ay, az, speed];
      x.push([...raw.map((v, j) => (v - PITCH_RANGES[j][0]) / (PITCH_RANGES[j][1] - PITCH_RANGES[j][0])), lefty]);
      labels.push(c);
    }
  }
  return { x, labels };
}

/**
 * tfjs-examples/baseball-node pitch_type.js + server.js: features min-max normalised with the training
 * constants, integer labels, 10 calls of fitDataset(trainingData, {epochs: 1}) on shuffle().batch(100):
 *
 *   model.add(tf.layers.dense({units: 250, activation: 'relu', inputShape: [8]}));
 *   model.add(tf.layers.dense({units: 175, activation: 'relu'}));
 *   model.add(tf.layers.dense({units: 150, activation: 'relu'}));
 *   model.add(tf.layers.dense({units: NUM_PITCH_CLASSES, activation: 'softmax'}));
 *   model.compile({optimizer: tf.train.adam(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']});
 *   for (var i = 0; i < numTrainingIterations «10»; i++) await pitch_type.model.fitDataset(pitch_type.trainingData, {epochs: 1});
 */
const baseball = healthy({
  id: 'healthy/tfjs-examples-baseball-pitch-type',
  source: { kind: 'official-example', url: `${TFJS_EXAMPLES}/baseball-node/pitch_type.js`, title: 'tfjs-examples: baseball pitch-type classifier (Node, sparse categorical cross-entropy, 10 fit calls)' },
  port: 'Data substituted: seeded synthetic PITCHf/x-like pitches (see pitchRows), 300 per class for training (2,100 rows instead of 7,000) and 100 per class for testing (700, as published), normalised with the example\'s min-max constants. Ten fit calls of one epoch of batch 100, as server.js does (fitDataset on shuffle().batch(100) → fit with shuffle).',
  learns: { metric: 'accuracy', atLeast: 0.6, description: 'test accuracy over the 7 pitch types (chance 0.14); the example reports per-class training and test accuracy after each fit call, the fastball sub-types being the confusable ones' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 250, activation: 'relu', inputShape: [8] }));
      model.add(tfl.layers.dense({ units: 175, activation: 'relu' }));
      model.add(tfl.layers.dense({ units: 150, activation: 'relu' }));
      model.add(tfl.layers.dense({ units: 7, activation: 'softmax' }));
      model.compile({ optimizer: tf.train.adam(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    },
    data() {
      const train = pitchRows(300, 7000);
      const test = pitchRows(100, 700);
      return { x: matrix2d(train.x), y: column(train.labels), eval: { x: matrix2d(test.x), y: column(test.labels) } };
    },
    fit: Array.from({ length: 10 }, () => ({ epochs: 1, batchSize: 100 })),
  },
});

/**
 * Credit-card-fraud-like rows: Time (s, 0–172,792, increasing), V1–V28 (PCA components, std falling from
 * ≈ 1.96 to ≈ 0.33), Amount (log-normal, median ≈ 22), 1 % fraud. Frauds are shifted by several
 * standard deviations in V3, V4, V10, V11, V12, V14, V17 (the components that separate fraud in the real
 * data), a fifth of them only weakly, so that recall saturates below 1 as in the example.
 */
function fraudRows(n: number, seed: number, fraudShare: number): { x: number[][]; y: number[] } {
  const next = rng(seed);
  const g = () => gaussian(next);
  const std = Array.from({ length: 28 }, (_, k) => 1.96 - (1.63 * k) / 27);
  const shift: Record<number, number> = { 2: -5, 3: 3.5, 9: -5, 10: 3, 11: -6, 13: -7, 16: -5 };
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const fraud = next() < fraudShare ? 1 : 0;
    const strength = fraud ? (next() < 0.2 ? 0.25 : 0.8 + 0.4 * next()) : 0;
    const v = std.map((s, k) => s * (g() + (shift[k] ?? 0) * strength * (1 + 0.3 * g())));
    const amount = Math.exp(3.1 + 1.4 * g()) * (fraud ? 1.5 : 1);
    x.push([(172792 * i) / n, ...v, Math.round(amount * 100) / 100]);
    y.push(fraud);
  }
  return { x, y };
}

/**
 * keras-io examples/structured_data/imbalanced_classification.py (credit card fraud):
 *
 *   weight_for_0 = 1.0 / counts[0]
 *   weight_for_1 = 1.0 / counts[1]
 *   mean = np.mean(train_features, axis=0); train_features -= mean; ... std = np.std(train_features, axis=0); train_features /= std
 *   keras.layers.Dense(256, activation="relu"), keras.layers.Dense(256, activation="relu"), keras.layers.Dropout(0.3),
 *   keras.layers.Dense(256, activation="relu"), keras.layers.Dropout(0.3), keras.layers.Dense(1, activation="sigmoid"),
 *   model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=metrics)
 *   class_weight = {0: weight_for_0, 1: weight_for_1}
 *   model.fit(train_features, train_targets, batch_size=2048, epochs=30, verbose=2, callbacks=callbacks,
 *             validation_data=(val_features, val_targets), class_weight=class_weight)
 *   # "out of 56,961 validation transactions ... correctly identifying 66 of them as fraudulent, missing 9
 *   #  ... at the cost of incorrectly flagging 441 legitimate transactions"
 *
 * The class weights are ≈ 1/4,000 and ≈ 1/40 here (1/227,000 and 1/400 in the source), so fit's weighted
 * loss is tiny (≈ 1e-4) while the model learns.
 */
const FRAUD_TRAIN = 4096;
const fraud = (() => {
  const train = fraudRows(FRAUD_TRAIN, 284807, 0.01);
  const positives = train.y.filter((v) => v === 1).length;
  return healthy({
    id: 'healthy/keras-io-imbalanced-classification-class-weight',
    source: { kind: 'official-example', url: 'https://github.com/keras-team/keras-io/blob/master/examples/structured_data/imbalanced_classification.py', title: 'keras-io: Imbalanced classification: credit card fraud detection (class_weight = 1/count)' },
    port: `Data substituted: seeded synthetic transactions with the 30 columns of the Kaggle table (see fraudRows), standardised with the training mean/std; 4,096 training rows (2 batches of 2,048) and 4,000 validation rows instead of 227,846 / 56,961, and 1 % fraud instead of 0.17 % so that the subset holds ≈ 40 frauds. 8 of the 30 epochs (16 steps), for the wasm budget (a 256-wide MLP on batches of 2,048 costs ≈ 1 s a step here). class_weight as the source computes it: {0: 1/${FRAUD_TRAIN - positives}, 1: 1/${positives}}.`,
    learns: {
      metric: 'custom',
      atLeast: 0.85,
      description: 'balanced accuracy (mean of fraud recall and legitimate recall at threshold 0.5) on the validation rows; the source\'s result is recall 66/75 = 0.88 with 441 false alarms in 56,886 (0.992), i.e. 0.94',
      measure: async (model, data) => {
        const ev = data.eval!;
        const pred = tf.tidy(() => tf.greater(tf.reshape(model.predict(ev.x as tf.Tensor, { batchSize: 1024 }) as tf.Tensor, [-1]), 0.5));
        const [p, t] = await Promise.all([pred.data(), (ev.y as tf.Tensor).data()]);
        pred.dispose();
        let tp = 0, pos = 0, tn = 0, neg = 0;
        for (let i = 0; i < t.length; i++) {
          if (t[i] > 0.5) { pos++; if (p[i]) tp++; } else { neg++; if (!p[i]) tn++; }
        }
        return (tp / pos + tn / neg) / 2;
      },
    },
    program: {
      build() {
        const model = tfl.sequential();
        model.add(tfl.layers.dense({ units: 256, activation: 'relu', inputShape: [30] }));
        model.add(tfl.layers.dense({ units: 256, activation: 'relu' }));
        model.add(tfl.layers.dropout({ rate: 0.3 }));
        model.add(tfl.layers.dense({ units: 256, activation: 'relu' }));
        model.add(tfl.layers.dropout({ rate: 0.3 }));
        model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
        model.compile({ optimizer: tf.train.adam(1e-2), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
        return model;
      },
      data() {
        const t = fraudRows(FRAUD_TRAIN, 284807, 0.01);
        const v = fraudRows(4000, 56961, 0.01);
        const m = moments(t.x);
        return { x: matrix2d(standardize(t.x, m)), y: column(t.y), eval: { x: matrix2d(standardize(v.x, m)), y: column(v.y) } };
      },
      fit: { epochs: 8, batchSize: 2048, validationData: 'eval', classWeight: { 0: 1 / (FRAUD_TRAIN - positives), 1: 1 / positives } },
    },
  });
})();

/**
 * Keras 1 documentation, "Getting started with the Keras Sequential model", example "MLP for binary
 * classification" (the guide shows no fit call for it; its neighbouring examples fit with nb_epoch=20,
 * batch_size=16):
 *
 *   model.add(Dense(64, input_dim=20, init='uniform', activation='relu'))
 *   model.add(Dropout(0.5))
 *   model.add(Dense(64, activation='relu'))
 *   model.add(Dropout(0.5))
 *   model.add(Dense(1, activation='sigmoid'))
 *   model.compile(loss='binary_crossentropy', optimizer='rmsprop', metrics=['accuracy'])
 *
 * (The guide's multi-class MLP — init='uniform', tanh, SGD(lr=0.1, momentum=0.9, nesterov=True) — was
 * ported too and diverges in tfjs on learnable 20-feature data, loss ≈ 5 after 20 epochs; it is not a
 * healthy program and is left out.)
 */
function guideMlpData(n: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const task = rng(64);
  const w = Array.from({ length: 20 }, () => gaussian(task));
  const next = rng(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 20 }, () => next());
    const score = w.reduce((a, v, j) => a + v * (x[j] - 0.5), 0) + 2 * (x[0] - 0.5) * (x[1] - 0.5) + 0.3 * gaussian(next);
    labels.push(score > 0 ? 1 : 0);
    rows.push(x);
  }
  return { x: matrix2d(rows), y: column(labels) };
}

const keras1GuideMlp = healthy({
  id: 'healthy/keras1-guide-binary-mlp-init-uniform',
  source: { kind: 'official-example', url: 'https://github.com/keras-team/keras/blob/1.2.2/docs/templates/getting-started/sequential-model-guide.md', title: "Keras 1 docs, Sequential model guide: MLP for binary classification (init='uniform', rmsprop)" },
  port: "The guide leaves the data unspecified (its Keras 2 edition uses np.random.random((1000, 20))): seeded 20-feature rows uniform on [0, 1], labelled by a fixed linear score with a small interaction and noise; 1,000 training and 500 test rows. Keras 1 mapped: init='uniform' = randomUniform(−0.05, 0.05) with zero bias (first layer; the others keep the glorotUniform default); 'rmsprop' = tf.train.rmsprop(0.001). Fit as the guide's neighbouring examples: 20 epochs of batch 16 (1,260 steps).",
  learns: { metric: 'accuracy', atLeast: 0.8, description: 'test accuracy (balanced classes, chance 0.5); the labels are ≈ 0.95 predictable and the dropout-0.5 MLP reaches ≈ 0.9' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 64, inputDim: 20, kernelInitializer: tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }), activation: 'relu' }));
      model.add(tfl.layers.dropout({ rate: 0.5 }));
      model.add(tfl.layers.dense({ units: 64, activation: 'relu' }));
      model.add(tfl.layers.dropout({ rate: 0.5 }));
      model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
      model.compile({ loss: 'binaryCrossentropy', optimizer: tf.train.rmsprop(0.001), metrics: ['accuracy'] });
      return model;
    },
    data() {
      const train = guideMlpData(1000, 1000);
      const test = guideMlpData(500, 500);
      return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
    },
    fit: { epochs: 20, batchSize: 16 },
  },
});

/**
 * The classic Keras XOR script (AIAScience/deep-learning-intro xor.py; the same program circulates in
 * many tutorials with nb_epoch=1000): four rows, online SGD (batch 1):
 *
 *   X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]); y = np.array([[0], [1], [1], [0]])
 *   model.add(Dense(8, input_dim=2)); model.add(Activation("tanh"))
 *   model.add(Dense(1)); model.add(Activation("sigmoid"))
 *   sgd = SGD(lr=0.1)
 *   model.compile(loss="binary_crossentropy", optimizer=sgd)
 *   model.fit(X, y, batch_size=1, epochs=500, verbose=0)
 *   print(model.predict(X))
 */
const xor = healthy({
  id: 'healthy/keras-xor-batch1',
  source: { kind: 'github-repo', url: 'https://github.com/AIAScience/deep-learning-intro/blob/master/xor.py', title: 'Keras XOR with a tanh hidden layer and online SGD (batch 1, 500 epochs)' },
  port: 'As published (Keras 2 Dense defaults glorotUniform / zero bias, as tfjs): 500 epochs of batch 1 on the 4 rows (2,000 steps).',
  learns: { metric: 'accuracy', atLeast: 1, description: 'all four XOR rows on the right side of 0.5, which is what the script\'s printed predictions show' },
  program: {
    build() {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 8, inputDim: 2 }));
      model.add(tfl.layers.activation({ activation: 'tanh' }));
      model.add(tfl.layers.dense({ units: 1 }));
      model.add(tfl.layers.activation({ activation: 'sigmoid' }));
      model.compile({ loss: 'binaryCrossentropy', optimizer: tf.train.sgd(0.1) });
      return model;
    },
    data: () => ({ x: tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]), y: tf.tensor2d([[0], [1], [1], [0]]) }),
    fit: { epochs: 500, batchSize: 1 },
  },
});

export const PROGRAMS: RealEntry[] = [
  irisTfjs,
  irisKeras,
  gettingStarted,
  polynomial,
  bostonLinear,
  bostonMlp1,
  bostonMlp2,
  dlwpBostonKfold,
  dlwpBostonFinal,
  abalone,
  tfjsMnistDense,
  mnistTransfer,
  transferFinetune,
  kerasMnistConvnet,
  kerasMnistMlp,
  nnRaw,
  sentimentMultihot,
  dlwpImdbL2,
  reutersMlp,
  phishing,
  baseball,
  fraud,
  keras1GuideMlp,
  xor,
];
