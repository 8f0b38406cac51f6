/**
 * Bug reports from two sources (see bench/real/README.md for the rules):
 *
 *  1. TensorFlow.js users' own reports: GitHub issues of tensorflow/tfjs (and its predecessor
 *     deeplearn.js, tensorflow/tfjs-core), of libraries built on tfjs (ml5.js, epfml/disco) and of
 *     tfjs example repositories, where a tfjs model did not learn and the thread documents the cause
 *     and the fix.
 *  2. The DeepFD benchmark (Cao et al., ICSE 2022; ArabelaTso/DeepFD, Benchmark-with-patches.xlsx):
 *     the Stack Overflow posts that the DeepLocalize benchmark does not share (those are ported in
 *     programs/deeplocalize.ts). The Stack Overflow pages themselves could not be read from here: these
 *     entries are ported from the benchmark's patch (buggy lines, fixed lines) and its ground-truth
 *     fault types, with the rest of the program made conventional, as each entry's `port` says.
 *
 * LEFT OUT (looked at, not kept):
 *  - DeepFD posts shared with DeepLocalize: all 30 DeepFD rows 1–30 and the ten GitHub rows
 *    (gol_nn, FacialKeypointsDetection, MovieReviews_Keras, Traffic-Sign-Classifier,
 *    kaggle-melbourne_properties, keras-super-resolution, keras_catsdogs, DDOS-ML-Detection, kerasma,
 *    Averaging_Neural_Networks) — ported by the DeepLocalize worker.
 *  - DeepFD #47 (SO 37213388): the only fix is `nb_epochs = 2 → 10` ("train longer": no cnn-doctor code).
 *  - DeepFD #35 (SO 39810655): the sheet says the original already reaches high accuracy and the fix
 *    (categorical → sparse categorical cross-entropy) barely changes it: not a failing program.
 *  - DeepFD #36 (SO 41327601): the sheet says performance becomes worse after the repair.
 *  - DeepFD #38 (SO 41947039): "Wrong Preprocess" with no patch in the sheet: nothing to port.
 *  - DeepFD #32 (SO 59282996): a masked Bidirectional LSTM (RNN, avoided on wasm); the fix mixes a
 *    relabelling of padded targets with 10 → 30 epochs.
 *  - DeepFD #33 (SO 58237726): a Conv3D model built from Lambda reshapes (no tfjs Lambda layer); the
 *    fix rewrites the model and the data pipeline.
 *  - DeepFD #31 (SO 56380303), #37 (SO 41600519), #39 (SO 41977498), #42 (SO 44998910): the patch is
 *    an optimizer / loss / epoch swap whose effect depends entirely on the unseen model and data
 *    (#39 and #42 also "train longer"); a conventional port would be invented, not ported.
 *  - tensorflow/tfjs#2664 (MNIST net with MSE loss "hard to train"): it learns (≈ 220 errors vs 140):
 *    not a failing program.
 *  - tensorflow/tfjs#3913, #5162, tensorflow/tensorflow#48710: a converted model fed unnormalised
 *    images at predict time — an inference bug, not training.
 *  - tensorflow/tensorflow#18493 and tensorflow/tfjs#8302 (getting-started regression diverging for
 *    x up to 24–26), tensorflow/tfjs#2518, #2770, #1515: no cause or fix documented in the thread.
 *  - ml5js/ml5-library#990 (constant inputs and outputs → NaN): same cause as the two ml5 entries kept,
 *    with a data set that has nothing to learn; ml5js/ml5-library#1132 / #596: the same NaN bug again.
 *  - ml5js/ml5-library#1044: wrong label names at predict time (the model learns).
 *  - tensorflow/tfjs-core#429 (deeplearn.js complementary-colour demo stuck predicting one colour; fix:
 *    batch 300 → 30, SGD 0.042 → 0.42): ported verbatim from PAIR-code/deeplearnjs, but the documented fix
 *    does not learn in tfjs either (seeded run: loss flat at the constant-prediction level, R² −0.38 vs
 *    −1.9 buggy; the relu output units die) — dropped (rule 4).
 *  - datascience.stackexchange.com/q/55931 (tfjs sigmoid net on 1..9): the answer could not be read.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { column, fashionMnist, gaussian, oneHot, rng, pimaLikeTable } from '../data';
import { splitOf } from '../outcome';
import type { BugReport, ProgramData, RealEntry } from '../types';

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/** Fashion-MNIST images of the given classes, `perClass` of each, raw 0–255 pixels; sorted by class when `sorted`. */
function fashionClasses(
  classes: readonly number[],
  perClass: number,
  o: { split?: 'train' | 'test'; flat?: boolean; sorted?: boolean; scan?: number } = {},
): { x: tf.Tensor; labels: number[] } {
  const split = o.split ?? 'train';
  const scan = o.scan ?? (split === 'train' ? 20000 : 10000);
  const pool = fashionMnist(scan, { split, flat: true });
  const px = pool.x.dataSync();
  const picked: number[][] = classes.map(() => []);
  for (let i = 0; i < pool.labels.length; i++) {
    const c = classes.indexOf(pool.labels[i]);
    if (c >= 0 && picked[c].length < perClass) picked[c].push(i);
  }
  pool.x.dispose();
  let order: { idx: number; cls: number }[] = [];
  if (o.sorted) picked.forEach((list, c) => list.forEach((idx) => order.push({ idx, cls: c })));
  else for (let k = 0; k < perClass; k++) picked.forEach((list, c) => order.push({ idx: list[k], cls: c }));
  order = order.filter((e) => e.idx !== undefined);
  const out = new Float32Array(order.length * 784);
  order.forEach((e, j) => out.set(px.subarray(e.idx * 784, (e.idx + 1) * 784), j * 784));
  const x = o.flat ? tf.tensor2d(out, [order.length, 784]) : tf.tensor4d(out, [order.length, 28, 28, 1]);
  return { x, labels: order.map((e) => e.cls) };
}

/** Fashion-MNIST, the first n images, pixels / 255, one-hot labels. */
function fashionUnit(n: number, o: { split?: 'train' | 'test'; flat?: boolean } = {}): { x: tf.Tensor; y: tf.Tensor2D; labels: number[] } {
  const raw = fashionMnist(n, { split: o.split, flat: o.flat });
  const x = tf.tidy(() => tf.div(raw.x, 255));
  raw.x.dispose();
  return { x, y: oneHot(raw.labels, 10), labels: raw.labels };
}

const scale = (t: tf.Tensor, by: number) => tf.tidy(() => tf.div(t, by));

// ---------------------------------------------------------------------------------------------
// 1. TensorFlow.js users' reports
// ---------------------------------------------------------------------------------------------

/**
 * tensorflow/tfjs-core#879 "This training is useless" (deeplearn.js 0.5, the TF "Deep MNIST" CNN):
 *
 *     const LEARNING_RATE = 0.2; const BATCH_SIZE = 64; const TRAIN_STEPS = 100;
 *     weight_variable: dl.truncatedNormal(shape, 0, 0.1); bias_variable: dl.fill(shape, 0.1)
 *     conv 5×5×32 'same' → relu → maxPool 2 → conv 5×5×64 → relu → maxPool 2 → fc 7·7·64→1024 relu → fc 1024→10
 *     predict(x) = softmax(fc2)      // then: dl.softmaxCrossEntropy(labels, predict(x))
 *     const optimizer = dl.train.sgd(LEARNING_RATE);
 *
 * dsmilkov: "dl.softmaxCrossEntropy expects the pre-softmax *logits* as a 2nd argument, so you have to
 * remove the `softmax` call in your predict function. Lower the learning rate to 0.01/0.03."
 */
function deepMnistCnn(softmaxOutput: boolean, lr: number): tfl.LayersModel {
  const w = () => tfl.initializers.truncatedNormal({ stddev: 0.1 });
  const b = () => tfl.initializers.constant({ value: 0.1 });
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: w(), biasInitializer: b() }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid' }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: w(), biasInitializer: b() }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid' }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 1024, activation: 'relu', kernelInitializer: w(), biasInitializer: b() }));
  m.add(tfl.layers.dense({ units: 10, activation: softmaxOutput ? 'softmax' : 'linear', kernelInitializer: w(), biasInitializer: b() }));
  m.compile({ optimizer: tf.train.sgd(lr), loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred), metrics: ['accuracy'] });
  return m;
}

function deepMnistData(): ProgramData {
  const train = fashionUnit(896);
  const test = fashionUnit(500, { split: 'test' });
  return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
}

const tfjsCore879: BugReport = {
  kind: 'bug',
  id: 'tfjs-core-879-double-softmax',
  split: splitOf('tfjs-core-879-double-softmax'),
  source: { kind: 'github-issue', url: 'https://github.com/tensorflow/tfjs-core/issues/879', title: 'This training is useless (deeplearn.js MNIST CNN: softmax output fed to softmaxCrossEntropy, SGD 0.2)' },
  cause: 'The prediction already goes through softmax and is then passed to softmaxCrossEntropy, which expects logits (softmax applied twice); and the SGD learning rate 0.2 is too high.',
  fix: 'Remove the softmax from the prediction (feed logits to softmaxCrossEntropy) and lower the learning rate to 0.03.',
  codes: ['output_loss_mismatch', 'lr_too_high'],
  port:
    'deeplearn.js ops mapped to tfjs-layers (conv2d/maxPooling2d/dense with truncatedNormal(0.1) kernels and 0.1 biases; the loss is tf.losses.softmaxCrossEntropy on the model output). MNIST (from the PNG sprite, /255) → Fashion-MNIST /255. Batch 64 as in the source, but 14 steps (896 images) instead of TRAIN_STEPS = 100: this CNN takes ≈ 1.2 s a step on wasm. (At the full 100 steps the buggy program stays at 0.09 and the fixed one reaches 0.77.) The fix uses 0.03, one of the two rates the maintainer suggested.',
  learns: { metric: 'accuracy', atLeast: 0.5, description: 'test accuracy on 500 Fashion-MNIST test images; the source reports no number ("this training is useless" vs "it is right"), so: five times chance (0.1)' },
  needs: ['fashion-mnist'],
  buggy: { build: () => deepMnistCnn(true, 0.2), data: deepMnistData, fit: { epochs: 1, batchSize: 64, maxSteps: 14 } },
  fixed: { build: () => deepMnistCnn(false, 0.03), data: deepMnistData, fit: { epochs: 1, batchSize: 64, maxSteps: 14 } },
};

/**
 * tensorflow/tfjs#5976 "Shuffle true with validation set takes pre-shuffled data for validation set"
 * (jasonmayes): an MLP trained on MNIST with `shuffle: true, validationSplit: 0.2` "overfits with
 * validation accuracy staying close to 0 … the validation data is being set aside PRIOR to the
 * shuffle". Workaround: "MANUALLY shuffling the training data arrays before I convert them to Tensors
 * (using tf.util.shuffleCombo(INPUTS, OUTPUTS))". His data file is ordered by digit, so the last 20 %
 * (the validation split) holds only the last classes and they are never trained on.
 */
function mayesMlp(): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [784], units: 32, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 16, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function sortedMnistData(shuffleFirst: boolean): () => ProgramData {
  return () => {
    const all = fashionClasses([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 400, { flat: true, sorted: true });
    let labels = all.labels;
    let x = scale(all.x, 255);
    all.x.dispose();
    if (shuffleFirst) {
      // tf.util.shuffleCombo(INPUTS, OUTPUTS) on the arrays before making tensors.
      const rows = Array.from({ length: labels.length }, (_, i) => i);
      tf.util.shuffle(rows);
      const gathered = tf.gather(x, rows);
      x.dispose();
      x = gathered;
      labels = rows.map((i) => labels[i]);
    }
    const test = fashionUnit(1000, { split: 'test', flat: true });
    return { x, y: oneHot(labels, 10), eval: { x: test.x, y: test.y } };
  };
}

const tfjs5976: BugReport = {
  kind: 'bug',
  id: 'tfjs-5976-validation-split-sorted',
  split: splitOf('tfjs-5976-validation-split-sorted'),
  source: { kind: 'github-issue', url: 'https://github.com/tensorflow/tfjs/issues/5976', title: 'Shuffle true with validation set takes pre-shuffled data for validation set' },
  cause: 'fit takes the validationSplit from the end of the data before shuffling, and the data is ordered by class, so the last classes are held out and never trained on.',
  fix: 'Shuffle inputs and outputs together (tf.util.shuffleCombo) before building the tensors.',
  codes: ['label_problems'],
  port:
    'The issue links a demo rather than showing the model: the MLP is the one of the author’s TF.js course demo (784 → 32 relu → 16 relu → 10 softmax, adam, categoricalCrossentropy, inputs / 255, batch 512, 50 epochs, shuffle true, validationSplit 0.2), written conventionally. MNIST ordered by digit → 4,000 Fashion-MNIST training images ordered by class (400 per class); the fixed twin shuffles them first (tf.util.shuffle, seeded by the harness).',
  learns: { metric: 'accuracy', atLeast: 0.75, description: 'accuracy on 1,000 Fashion-MNIST test images of all ten classes; a model that never saw two classes stays below 0.8 × its per-class accuracy' },
  needs: ['fashion-mnist'],
  buggy: { build: mayesMlp, data: sortedMnistData(false), fit: { epochs: 50, batchSize: 512, validationSplit: 0.2 } },
  fixed: { build: mayesMlp, data: sortedMnistData(true), fit: { epochs: 50, batchSize: 512, validationSplit: 0.2 } },
};

/**
 * tensorflow/tfjs#918 "Trivial program does not learning during training after refresh" (ToonTalk):
 *
 *     model.add(tf.layers.dense({units: 1, inputShape: [1], activation: 'relu'}));
 *     model.compile({loss: 'meanSquaredError', optimizer: 'sgd'});
 *     const xs = tf.tensor2d([1, 2, 3, 4], [4, 1]); const ys = tf.tensor2d([1, 3, 5, 7], [4, 1]);
 *     model.fit(xs, ys, {epochs: 10, callbacks})
 *
 * "sometimes there is no learning (loss stays at 21 from epoch 0). It differs from the getting-started
 * example only in the addition of activation: 'relu' … activation: 'relu' may be critical here". With a
 * negative initial kernel the single ReLU output is 0 for every input and gets no gradient: loss 21 =
 * mean(y²) for ever. The fix is the getting-started model: no activation on the output unit.
 */
function toonTalk(activation: 'relu' | 'linear'): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ units: 1, inputShape: [1], activation }));
  m.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
  return m;
}

const toonTalkData = (): ProgramData => ({ x: column([1, 2, 3, 4]), y: column([1, 3, 5, 7]) });

const tfjs918: BugReport = {
  kind: 'bug',
  id: 'tfjs-918-relu-output-unit',
  split: splitOf('tfjs-918-relu-output-unit'),
  source: { kind: 'github-issue', url: 'https://github.com/tensorflow/tfjs/issues/918', title: 'Trivial program does not learning during training after refresh (relu on the single output unit)' },
  cause: "The single output unit has activation 'relu'; when its initial weight is negative the output is 0 for every input, the unit is dead and the loss stays at 21.",
  fix: "Remove activation: 'relu' from the output unit (the getting-started model).",
  codes: ['dead_relu', 'output_loss_mismatch'],
  port: "Verbatim (tfjs 'sgd' = lr 0.01, 10 epochs, default batch 32 → one step per epoch). The report says it fails only sometimes (when the initial kernel is negative); the harness's seed for this entry decides which.",
  learns: { metric: 'r2', atLeast: 0.9, description: 'R² on the four training points; the getting-started model fits the line y = 2x − 1 closely' },
  buggy: { build: () => toonTalk('relu'), data: toonTalkData, fit: { epochs: 10, batchSize: 32 } },
  fixed: { build: () => toonTalk('linear'), data: toonTalkData, fit: { epochs: 10, batchSize: 32 } },
};

/**
 * tensorflow/tfjs#259 "Bug: Training does not appear to be occuring" (FreezePhoenix): 300-d word
 * vectors in, 300-d vectors out, "it always returns an array which corresponds the most with the vector
 * for the word 'in'. I may be using a linear model". caisq: "the loss value decreases over the three
 * epochs. But the change was very small. Have you tried increasing the learning rate? If you do
 * `this.model.compile({loss: "meanSquaredError", optimizer: 'sgd'})`, the learning rate you get from the
 * default SGD is a relatively small value … try `const optimizer = tf.train.sgd(1);`".
 */
function wordVecModel(optimizer: 'sgd' | tf.Optimizer): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ units: 300, inputShape: [300] }));
  m.compile({ loss: 'meanSquaredError', optimizer });
  return m;
}

/** 1,000 word-vector pairs: GloVe-like 300-d inputs (per-dimension sd 0.4), the target is a fixed linear map of the input. */
function wordVecData(): ProgramData {
  const n = 1000;
  const d = 300;
  const next = rng(259);
  const xs = new Float32Array(n * d);
  for (let i = 0; i < xs.length; i++) xs[i] = gaussian(next) * 0.4;
  const a = new Float32Array(d * d);
  for (let i = 0; i < a.length; i++) a[i] = gaussian(next) / Math.sqrt(d);
  const x = tf.tensor2d(xs, [n, d]);
  const y = tf.tidy(() => tf.matMul(x, tf.tensor2d(a, [d, d])));
  return { x, y };
}

const tfjs259: BugReport = {
  kind: 'bug',
  id: 'tfjs-259-sgd-lr-too-low',
  split: splitOf('tfjs-259-sgd-lr-too-low'),
  source: { kind: 'github-issue', url: 'https://github.com/tensorflow/tfjs/issues/259', title: 'Bug: Training does not appear to be occuring (300→300 word-vector model, default SGD)' },
  cause: "The default 'sgd' optimizer's learning rate is too small for this model: the loss decreases only very slightly over the three epochs.",
  fix: 'Use a larger learning rate: tf.train.sgd(1).',
  codes: ['lr_too_low'],
  port:
    "The CodePen is not in the thread: the model is written as the thread describes it (one linear Dense 300 → 300, meanSquaredError, 'sgd', default batch 32). The word-vector pairs are synthetic: 1,000 GloVe-scale 300-d vectors (sd 0.4 per dimension) mapped to targets by a fixed random linear map. Both programs train 30 epochs instead of the source's three (the maintainer also suggests more training): even with 10× the source's budget the default SGD barely moves the loss, while sgd(1) fits.",
  learns: { metric: 'r2', atLeast: 0.5, description: 'R² of the 300-d predictions on the training pairs after 30 epochs' },
  buggy: { build: () => wordVecModel('sgd'), data: wordVecData, fit: { epochs: 30, batchSize: 32 } },
  fixed: { build: () => wordVecModel(tf.train.sgd(1)), data: wordVecData, fit: { epochs: 30, batchSize: 32 } },
};

/**
 * ml5.js NeuralNetwork (built on tfjs), task 'classification', as in ml5 0.5.0 (src/NeuralNetwork/index.js)
 * and ml5-next-gen: dense(hiddenUnits 16, relu) → dense(classes, softmax), loss 'categoricalCrossentropy',
 * optimizer tf.train.sgd(learningRate 0.2); train() defaults epochs 10, batchSize 32, validationSplit 0.1.
 * `normalizeData()` min–max scales every input with normalizeValue(v, min, max) = (v − min) / (max − min):
 * a column whose values are all equal gives 0 / 0 = NaN.
 */
function ml5Classifier(inputs: number, classes: number): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [inputs], units: 16, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: classes, activation: 'softmax' }));
  m.compile({ optimizer: tf.train.sgd(0.2), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

/** ml5's normalizeData per column; `guard` is ml5-next-gen PR #208: "When min is equal to max, set everything to 0". */
function ml5Normalize(rows: number[][], guard: boolean): tf.Tensor2D {
  const cols = rows[0].length;
  const min = Array.from({ length: cols }, (_, c) => Math.min(...rows.map((r) => r[c])));
  const max = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => r[c])));
  const out = rows.map((r) => r.map((v, c) => (guard && max[c] === min[c] ? 0 : (v - min[c]) / (max[c] - min[c]))));
  return tf.tensor2d(out);
}

/**
 * ml5js/ml5-website-archive#154 "Quickstart example for NeuralNetwork not working" (ml5 0.4.3 / 0.5.0):
 * the docs' "Creating data in real-time" example —
 *
 *     const data = [{r:255, g:0, b:0, color:'red-ish'}, {r:254, g:0, b:0, color:'red-ish'}, {r:253, g:0, b:0, color:'red-ish'},
 *                   {r:0, g:0, b:255, color:'blue-ish'}, {r:0, g:0, b:254, color:'blue-ish'}, {r:0, g:0, b:253, color:'blue-ish'}];
 *     const options = {inputs: ['r', 'g', 'b'], outputs: ['color'], task: 'classification', debug: true};
 *     nn.addData(inputs, output) …; nn.normalizeData(); nn.train(finishedTraining);
 *
 * "the result comes out as red-ish: NaN … confidence: NaN". The reporter: "Commenting out line 24 and 25
 * [g and b] actually makes the training run … On @0.5.0 this then also provides a correct prediction."
 * joeyklee: "If all of the values of `g` are '0' then the normalization runs into some issues which may
 * be leading to the problem that the training isn't occurring."
 */
const quickstartRows = [
  [255, 0, 0], [254, 0, 0], [253, 0, 0],
  [0, 0, 255], [0, 0, 254], [0, 0, 253],
];
const quickstartLabels = [0, 0, 0, 1, 1, 1];

const ml5Quickstart = (onlyR: boolean) => (): ProgramData => {
  const rows = onlyR ? quickstartRows.map((r) => [r[0]]) : quickstartRows;
  return { x: ml5Normalize(rows, false), y: oneHot(quickstartLabels, 2), eval: { x: ml5Normalize(rows, false), y: oneHot(quickstartLabels, 2) } };
};

const ml5Website154: BugReport = {
  kind: 'bug',
  id: 'gh-ml5js-ml5-website-archive-154-constant-column-nan',
  split: splitOf('gh-ml5js-ml5-website-archive-154-constant-column-nan'),
  source: { kind: 'github-issue', url: 'https://github.com/ml5js/ml5-website-archive/issues/154', title: 'Quickstart example for NeuralNetwork not working (all-zero g column → NaN after normalizeData)' },
  cause: 'Every g value is 0, so normalizeData divides 0 by (max − min) = 0 and the g column becomes NaN; training produces NaN outputs.',
  fix: 'Leave the constant inputs out (the reporter keeps only r), so no column is normalised by a zero range.',
  codes: ['input_not_normalized'],
  port: 'ml5 0.5.0 NeuralNetwork written out in tfjs-layers with its classification defaults (dense 16 relu → softmax, categoricalCrossentropy, sgd 0.2; train(): 10 epochs, batch 32, validationSplit 0.1); normalizeData re-implemented as ml5 does it; the docs example’s six colours as data.',
  learns: { metric: 'accuracy', atLeast: 0.99, description: 'accuracy on the six colours of the example (it classifies them back); the fixed net gets all six' },
  buggy: { build: () => ml5Classifier(3, 2), data: ml5Quickstart(false), fit: { epochs: 10, batchSize: 32, validationSplit: 0.1 } },
  fixed: { build: () => ml5Classifier(1, 2), data: ml5Quickstart(true), fit: { epochs: 10, batchSize: 32, validationSplit: 0.1 } },
};

/**
 * ml5js/ml5-next-gen#204 "`normalizeData()` does not handle only zeros in one of the inputs to the
 * neural net" (jchwenger): in examples/neuralNetwork-color-classifier, "comment out all examples for one
 * class, e.g. all the 'blue-ish' objects, training fails with infinite loss, because the normalized data
 * has NaNs in the third coordinate of xs". ziyuan-linn: "the code uses (value - min) / (max - min) … This
 * will divide by zero if min == max, which is the source of the NaN". Fixed by PR #208 (commit 8241125):
 * `normalizeValue(value, min, max) { if (min === max) { return 0; } … }`. The example:
 *
 *     let data = [{ r: 255, g: 0, b: 0, color: "red-ish" }, … { r: 0, g: 253, b: 0, color: "green-ish" },
 *                 /* blue-ish rows commented out *\/];
 *     classifier = ml5.neuralNetwork({ task: "classification", debug: true });
 *     classifier.addData([item.r, item.g, item.b], [item.color]); classifier.normalizeData();
 *     classifier.train({ epochs: 32, batchSize: 12 }, finishedTraining);
 */
const colorRows = [
  [255, 0, 0], [254, 0, 0], [253, 0, 0],
  [0, 255, 0], [0, 254, 0], [0, 253, 0],
];
const colorLabels = [0, 0, 0, 1, 1, 1];

const ml5NextGen = (guard: boolean) => (): ProgramData => ({
  x: ml5Normalize(colorRows, guard),
  y: oneHot(colorLabels, 2),
  eval: { x: ml5Normalize(colorRows, guard), y: oneHot(colorLabels, 2) },
});

const ml5NextGen204: BugReport = {
  kind: 'bug',
  id: 'gh-ml5js-ml5-next-gen-204-zero-column-nan',
  split: splitOf('gh-ml5js-ml5-next-gen-204-zero-column-nan'),
  source: { kind: 'github-issue', url: 'https://github.com/ml5js/ml5-next-gen/issues/204', title: '`normalizeData()` does not handle only zeros in one of the inputs to the neural net' },
  cause: 'With the blue-ish examples removed every b value is 0, so min-max normalisation computes 0 / 0 and the b column of xs is NaN; the loss becomes infinite/NaN.',
  fix: 'Guard the normalisation against min == max (PR #208): a constant column is set to 0 instead of NaN.',
  codes: ['input_not_normalized'],
  port: 'The color-classifier example verbatim, blue-ish rows commented out as the reporter did; ml5-next-gen NeuralNetwork written out in tfjs-layers with its classification defaults (dense 16 relu → softmax, categoricalCrossentropy, sgd 0.2, validationSplit 0.1) and the example’s epochs 32, batchSize 12.',
  learns: { metric: 'accuracy', atLeast: 0.99, description: 'accuracy on the example’s six colours; the fixed net classifies all six' },
  buggy: { build: () => ml5Classifier(3, 2), data: ml5NextGen(false), fit: { epochs: 32, batchSize: 12, validationSplit: 0.1 } },
  fixed: { build: () => ml5Classifier(3, 2), data: ml5NextGen(true), fit: { epochs: 32, batchSize: 12, validationSplit: 0.1 } },
};

/**
 * epfml/disco#615 "Training on Titanic has a NaN loss" (tfjs): "the loss is NaN at every epoch. The
 * output of `model.predict` is only composed of NaN values." A refactoring "dropped support for tabular
 * data preprocessing". Fix (commit 8a2e846c "Fix #615, titanic training having NaN loss"): a Sanitize
 * preprocessing `xs.map(i => i === undefined ? 0 : i)` (missing CSV cells, e.g. Age, were NaN) and
 * `learningRate: 0.001`. The task:
 *
 *     inputColumns: ['Age', 'SibSp', 'Parch', 'Fare', 'Pclass'], outputColumns: ['Survived'],
 *     dense(124, relu, leCunNormal) → dense(64, relu) → dense(32, relu) → dense(1, sigmoid)
 *     optimizer: 'sgd', loss: 'binaryCrossentropy', epochs: 20, batchSize: 30, validationSplit: 0.2
 */
function disco(lr: number | 'sgd'): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [5], units: 124, activation: 'relu', kernelInitializer: 'leCunNormal' }));
  m.add(tfl.layers.dense({ units: 64, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 32, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
  m.compile({ optimizer: lr === 'sgd' ? 'sgd' : tf.train.sgd(lr), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

/**
 * A seeded stand-in for titanic_train.csv (891 rows): Pclass 1/2/3 (24/21/55 %), Age ~ 30 ± 14 with
 * 20 % missing (empty cells), SibSp, Parch small counts, Fare skewed by class (up to ~500);
 * survival 62 % / 47 % / 24 % by class, higher for children and high fares (≈ 38 % overall).
 */
function titanicRows(): { rows: (number | undefined)[][]; survived: number[] } {
  const next = rng(615);
  const rows: (number | undefined)[][] = [];
  const survived: number[] = [];
  for (let i = 0; i < 891; i++) {
    const u = next();
    const pclass = u < 0.24 ? 1 : u < 0.45 ? 2 : 3;
    const age = Math.min(80, Math.max(0.42, 30 + gaussian(next) * 14 - (pclass - 2) * 4));
    const sibsp = next() < 0.68 ? 0 : next() < 0.75 ? 1 : Math.floor(next() * 5) + 1;
    const parch = next() < 0.76 ? 0 : Math.floor(next() * 3) + 1;
    const base = pclass === 1 ? 60 : pclass === 2 ? 20 : 10;
    const fare = Math.min(512, base * Math.exp(gaussian(next) * 0.6) * (1 + 0.2 * (sibsp + parch)));
    const logit = (pclass === 1 ? 0.9 : pclass === 2 ? 0 : -1.35) + (age < 12 ? 1.2 : 0) - 0.015 * (age - 30) + 0.006 * (fare - base) - 0.25 * Math.max(0, sibsp - 2);
    survived.push(next() < 1 / (1 + Math.exp(-logit * 2.2)) ? 1 : 0);
    rows.push([next() < 0.2 ? undefined : Math.round(age), sibsp, parch, Math.round(fare * 100) / 100, pclass]);
  }
  return { rows, survived };
}

const discoData = (sanitize: boolean) => (): ProgramData => {
  const { rows, survived } = titanicRows();
  // tf.tensor2d turns an undefined cell into NaN, as the unsanitised dataset did.
  const xs = rows.map((r) => r.map((v) => (v === undefined ? (sanitize ? 0 : NaN) : v)));
  return { x: tf.tensor2d(xs), y: column(survived) };
};

const disco615: BugReport = {
  kind: 'bug',
  id: 'gh-epfml-disco-615-titanic-nan',
  split: splitOf('gh-epfml-disco-615-titanic-nan'),
  source: { kind: 'github-issue', url: 'https://github.com/epfml/disco/issues/615', title: 'Training on Titanic has a NaN loss (missing CSV values reach the model as NaN)' },
  cause: 'The tabular preprocessing was dropped, so missing cells (e.g. Age) reach the model as NaN and the loss and predictions are NaN.',
  fix: 'Add a Sanitize preprocessing that replaces missing values by 0, and set learningRate 0.001 (commit 8a2e846c).',
  codes: ['input_not_normalized'],
  port: "The disco task's model, loss, optimizer, epochs, batch and validationSplit verbatim ('sgd' = lr 0.01 before the fix, 0.001 after). titanic_train.csv is not on this machine: a seeded 891-row table with the same five columns, scales, missing-Age rate and survival rates stands in.",
  learns: { metric: 'accuracy', atLeast: 0.66, description: 'training accuracy on the 891 rows; above the 0.62 of always predicting "died" (what NaN outputs amount to)' },
  buggy: { build: () => disco('sgd'), data: discoData(false), fit: { epochs: 20, batchSize: 30, validationSplit: 0.2 } },
  fixed: { build: () => disco(0.001), data: discoData(true), fit: { epochs: 20, batchSize: 30, validationSplit: 0.2 } },
};

/**
 * shiffman/Tensorflow-JS-Examples#5 "Doodle Classifier loss is damn high": "In your doodle classification
 * example using cnn the loss is very high and in each iteration it is not reducing. I made some changes
 * in the model like changed optimizer to 'rmsprop' and loss metric as 'MeanSquaredError', then the model
 * is performing good with 95.5% accuracy". The example (03_DoodleClassifier/classifier.js, data.js):
 *
 *     conv2d({inputShape: [28, 28, 1], kernelSize: 5, filters: 8, strides: 1, activation: 'relu', kernelInitializer: 'VarianceScaling'})
 *     maxPooling2d({poolSize: [2, 2], strides: [2, 2]}); conv2d({kernelSize: 5, filters: 16, …}); maxPooling2d(…)
 *     flatten(); dense({units: CLASSES, kernelInitializer: 'VarianceScaling', activation: 'softmax'})
 *     const LEARNING_RATE = 0.15; const optimizer = tf.train.sgd(LEARNING_RATE);
 *     compile({optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy']})
 *     batch.data = tf.tensor2d(batchData, [batchSize, IMAGE_SIZE])   // raw Uint8 bytes 0–255
 *     for (i < total / 100) model.fit(batch_i, labels_i, {batchSize: 100, epochs: 1})
 */
function doodle(fixed: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], kernelSize: 5, filters: 8, strides: 1, activation: 'relu', kernelInitializer: 'varianceScaling' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }));
  m.add(tfl.layers.conv2d({ kernelSize: 5, filters: 16, strides: 1, activation: 'relu', kernelInitializer: 'varianceScaling' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 3, kernelInitializer: 'varianceScaling', activation: 'softmax' }));
  m.compile({ optimizer: fixed ? 'rmsprop' : tf.train.sgd(0.15), loss: fixed ? 'meanSquaredError' : 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function doodleData(): ProgramData {
  // cats / rainbows / trains (1,000 QuickDraw bitmaps each) → three Fashion-MNIST classes, raw bytes.
  const train = fashionClasses([1, 7, 8], 1000);
  const test = fashionClasses([1, 7, 8], 300, { split: 'test' });
  return { x: train.x, y: oneHot(train.labels, 3), eval: { x: test.x, y: oneHot(test.labels, 3) } };
}

const shiffman5: BugReport = {
  kind: 'bug',
  id: 'gh-shiffman-tensorflow-js-examples-5-doodle-sgd',
  split: splitOf('gh-shiffman-tensorflow-js-examples-5-doodle-sgd'),
  source: { kind: 'github-issue', url: 'https://github.com/shiffman/Tensorflow-JS-Examples/issues/5', title: 'Doodle Classifier loss is damn high (SGD 0.15 on raw 0–255 doodle bytes)' },
  cause: 'The SGD(0.15) optimizer (with categorical cross-entropy) on the raw doodle bytes does not train: the loss stays very high.',
  fix: "Change the optimizer to 'rmsprop' and the loss to 'meanSquaredError' (the reporter's change, 95.5 % accuracy).",
  codes: ['lr_too_high'],
  port: 'Model and training loop verbatim from the repository (30 fits of one batch of 100 = one epoch of batch 100 over the shuffled 3,000 images). QuickDraw cats / rainbows / trains (1,000 each, raw 0–255 bytes) → Fashion-MNIST trouser / sneaker / bag (1,000 each, raw 0–255). The reporter names no cause; the fix replaces SGD 0.15 by RMSprop (lr 0.001), so the code is lr_too_high.',
  learns: { metric: 'accuracy', atLeast: 0.85, description: 'accuracy on 900 held-out images of the three classes (the reporter’s fixed model: 95.5 %)' },
  needs: ['fashion-mnist'],
  buggy: { build: () => doodle(false), data: doodleData, fit: { epochs: 1, batchSize: 100 } },
  fixed: { build: () => doodle(true), data: doodleData, fit: { epochs: 1, batchSize: 100 } },
};

// ---------------------------------------------------------------------------------------------
// 2. DeepFD benchmark posts (not shared with DeepLocalize)
// ---------------------------------------------------------------------------------------------


/** Keras `init='normal'` / `RandomNormal()` default: N(0, 0.05). */
const kerasNormal = () => tfl.initializers.randomNormal({ mean: 0, stddev: 0.05 });

/** The seeded Pima-like table (bench/real/data.ts) with this group's label weights. */
const pimaTable = (n: number, seed: number) => pimaLikeTable(n, seed, { glucose: 0.045, bmi: 0.09 });

/**
 * DeepFD #41 — https://stackoverflow.com/questions/42800203. Patch (ground truth: Activation):
 *
 *     -- model.add(Dense(1, activation='softmax'))
 *     ++ model.add(Dense(1, activation='sigmoid'))
 *
 * A softmax over a single unit is identically 1: the classifier says "positive" for every input.
 */
function pimaNet(out: 'softmax' | 'sigmoid'): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [8], units: 12, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 8, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 1, activation: out }));
  m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

const pimaData = (): ProgramData => {
  const train = pimaTable(768, 4280);
  const test = pimaTable(300, 4281);
  return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
};

const so42800203: BugReport = {
  kind: 'bug',
  id: 'so-42800203-softmax-one-unit',
  split: splitOf('so-42800203-softmax-one-unit'),
  source: { kind: 'benchmark', url: 'https://stackoverflow.com/questions/42800203', title: 'Keras binary classifier with a softmax on its single output unit', via: 'DeepFD #41 (ArabelaTso/DeepFD Benchmark-with-patches.xlsx, post 42800203)' },
  cause: 'The single output unit goes through softmax, which is 1 for every input, so the classifier cannot learn.',
  fix: "Use activation 'sigmoid' on the single output unit.",
  codes: ['output_loss_mismatch'],
  port:
    'The post could not be read here: only the patched line comes from the source (via DeepFD). The rest is the conventional Keras binary classifier of that time (Dense 12 relu → Dense 8 relu → Dense 1, adam, binary_crossentropy, batch 10) on a seeded Pima-like table (768 rows, 8 raw columns, about a third positive); 50 epochs instead of the tutorial’s 150.',
  learns: { metric: 'accuracy', atLeast: 0.7, description: 'accuracy on 300 held-out rows; above the ≈ 0.62 of always answering the majority class' },
  buggy: { build: () => pimaNet('softmax'), data: pimaData, fit: { epochs: 50, batchSize: 10 } },
  fixed: { build: () => pimaNet('sigmoid'), data: pimaData, fit: { epochs: 50, batchSize: 10 } },
};

/** A regression table: k standardised features, a target in the hundreds (mean ≈ 200, sd ≈ 60), mildly non-linear. */
function bigTargetTable(n: number, k: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const coef = rng(51181393);
  const w = Array.from({ length: k }, () => gaussian(coef));
  const next = rng(seed);
  const rows: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = Array.from({ length: k }, () => gaussian(next));
    const lin = r.reduce((s, v, j) => s + v * w[j], 0) / Math.sqrt(k);
    ys.push(200 + 56 * lin + 12 * Math.tanh(r[0] * r[1]) + gaussian(next) * 8);
    rows.push(r);
  }
  return { x: tf.tensor2d(rows), y: column(ys) };
}

/**
 * DeepFD #45 — https://stackoverflow.com/questions/51181393. Patch (ground truth: Learning rate):
 *
 *     -- model.compile(optimizer = 'rmsprop', loss = 'mean_squared_error', metrics = ['accuracy'])
 *     ++ model.compile(optimizer=optimizers.RMSprop(lr=0.1), loss='mean_squared_error', metrics=['mae'])
 *
 * Keras RMSprop() is lr 1e-3: each step moves a weight by about 1e-3, far too little to reach targets
 * in the hundreds within the training run.
 */
function rmspropRegressor(lr: number): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [6], units: 32, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 1 }));
  m.compile({ optimizer: tf.train.rmsprop(lr), loss: 'meanSquaredError' });
  return m;
}

const rmspropData = (): ProgramData => {
  const train = bigTargetTable(1000, 6, 51181);
  const test = bigTargetTable(300, 6, 51182);
  return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
};

const so51181393: BugReport = {
  kind: 'bug',
  id: 'so-51181393-rmsprop-lr-too-low',
  split: splitOf('so-51181393-rmsprop-lr-too-low'),
  source: { kind: 'benchmark', url: 'https://stackoverflow.com/questions/51181393', title: "Keras regression with optimizer='rmsprop' (default learning rate) does not fit", via: 'DeepFD #45 (ArabelaTso/DeepFD Benchmark-with-patches.xlsx, post 51181393)' },
  cause: 'The default RMSprop learning rate (1e-3) is too low: the regression barely moves within the training run.',
  fix: 'RMSprop(lr=0.1).',
  codes: ['lr_too_low'],
  port:
    "The post could not be read here: the compile line comes from the source (via DeepFD; the 'accuracy' metric of the original is left out, tfjs cannot compute it for regression). The rest is conventional: Dense 32 relu → Dense 1 on a seeded table of 6 standardised features and a target around 200 (sd ≈ 60); 20 epochs of batch 32.",
  learns: { metric: 'r2', atLeast: 0.7, description: 'R² on 300 held-out rows' },
  buggy: { build: () => rmspropRegressor(0.001), data: rmspropData, fit: { epochs: 20, batchSize: 32 } },
  fixed: { build: () => rmspropRegressor(0.1), data: rmspropData, fit: { epochs: 20, batchSize: 32 } },
};

/** House-like rows: area (500–4,500 sq ft), rooms, age (years), distance (m); price in dollars. */
function housesRaw(n: number, seed: number): { xs: number[][]; ys: number[] } {
  const next = rng(seed);
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const area = 500 + next() * 4000;
    const rooms = Math.max(1, Math.round(area / 700 + gaussian(next)));
    const age = Math.floor(next() * 80);
    const dist = 200 + next() * 20000;
    const price = 40000 + 110 * area + 6000 * rooms - 900 * age - 3 * dist + gaussian(next) * 25000;
    xs.push([area, rooms, age, dist]);
    ys.push(price);
  }
  return { xs, ys };
}

function minMax(values: number[][], ref: number[][]): number[][] {
  const cols = ref[0].length;
  const lo = Array.from({ length: cols }, (_, c) => Math.min(...ref.map((r) => r[c])));
  const hi = Array.from({ length: cols }, (_, c) => Math.max(...ref.map((r) => r[c])));
  return values.map((r) => r.map((v, c) => (v - lo[c]) / (hi[c] - lo[c])));
}

/**
 * DeepFD #46 — https://stackoverflow.com/questions/47932589. Patch (ground truth: Missing Preprocess):
 *
 *     ++ train_x = (train_x - np.min(train_x)) / (np.max(train_x) - np.min(train_x))
 *     ++ train_y = (train_y - np.min(train_y)) / (np.max(train_y) - np.min(train_y))
 */
function houseNet(): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [4], units: 32, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 1 }));
  m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  return m;
}

const houseData = (scaled: boolean) => (): ProgramData => {
  const train = housesRaw(800, 47932);
  const test = housesRaw(300, 47933);
  if (!scaled) return { x: tf.tensor2d(train.xs), y: column(train.ys), eval: { x: tf.tensor2d(test.xs), y: column(test.ys) } };
  // np.min / np.max over the whole array, as in the patch (one min and max for all of train_x).
  const flat = (rows: number[][]) => rows.flat();
  const xlo = Math.min(...flat(train.xs));
  const xhi = Math.max(...flat(train.xs));
  const ylo = Math.min(...train.ys);
  const yhi = Math.max(...train.ys);
  const sx = (rows: number[][]) => tf.tensor2d(rows.map((r) => r.map((v) => (v - xlo) / (xhi - xlo))));
  const sy = (ys: number[]) => column(ys.map((v) => (v - ylo) / (yhi - ylo)));
  return { x: sx(train.xs), y: sy(train.ys), eval: { x: sx(test.xs), y: sy(test.ys) } };
};

const so47932589: BugReport = {
  kind: 'bug',
  id: 'so-47932589-unscaled-x-and-y',
  split: splitOf('so-47932589-unscaled-x-and-y'),
  source: { kind: 'benchmark', url: 'https://stackoverflow.com/questions/47932589', title: 'Keras regression on raw inputs and targets does not train', via: 'DeepFD #46 (ArabelaTso/DeepFD Benchmark-with-patches.xlsx, post 47932589)' },
  cause: 'Neither the inputs nor the targets are scaled (missing preprocessing).',
  fix: 'Min-max scale train_x and train_y (with the array-wide np.min / np.max of the patch).',
  codes: ['input_not_normalized'],
  port:
    "The post could not be read here: the two preprocessing lines come from the source (via DeepFD). The rest is conventional: a seeded house table (area in sq ft, rooms, age, distance in metres; price in dollars), Dense 32 relu → Dense 1, 'sgd' (0.01), mse, 30 epochs of batch 32. R² is unchanged by the affine target scaling, so both twins are measured in their own target units.",
  learns: { metric: 'r2', atLeast: 0.5, description: 'R² on 300 held-out rows' },
  buggy: { build: houseNet, data: houseData(false), fit: { epochs: 30, batchSize: 32 } },
  fixed: { build: houseNet, data: houseData(true), fit: { epochs: 30, batchSize: 32 } },
};

/**
 * DeepFD #43 — https://stackoverflow.com/questions/46642627. Patch (ground truth: Optimizer, Learning
 * rate, Loss, Missing Preprocess):
 *
 *     ++ X = (X - np.max(X)) / np.max(X)
 *     ++ Y = (Y - np.max(Y)) / np.max(Y)
 *     -- opt = optimizers.SGD(lr=0.01)            ++ opt = optimizers.Adam()
 *     -- model.compile(loss='binary_crossentropy', optimizer=opt, metrics=['mse'])
 *     ++ model.compile(loss='mse', optimizer=opt, metrics=['mse'])
 */
function sgdBceRegressor(fixed: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [4], units: 32, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 16, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 1 }));
  m.compile({ optimizer: fixed ? tf.train.adam(0.001) : tf.train.sgd(0.01), loss: fixed ? 'meanSquaredError' : 'binaryCrossentropy' });
  return m;
}

const maxScaledHouses = (fixed: boolean) => (): ProgramData => {
  const train = housesRaw(800, 46642);
  const test = housesRaw(300, 46643);
  if (!fixed) return { x: tf.tensor2d(train.xs), y: column(train.ys), eval: { x: tf.tensor2d(test.xs), y: column(test.ys) } };
  const xmax = Math.max(...train.xs.flat());
  const ymax = Math.max(...train.ys);
  const sx = (rows: number[][]) => tf.tensor2d(rows.map((r) => r.map((v) => (v - xmax) / xmax)));
  const sy = (ys: number[]) => column(ys.map((v) => (v - ymax) / ymax));
  return { x: sx(train.xs), y: sy(train.ys), eval: { x: sx(test.xs), y: sy(test.ys) } };
};

const so46642627: BugReport = {
  kind: 'bug',
  id: 'so-46642627-raw-data-sgd-bce-regression',
  split: splitOf('so-46642627-raw-data-sgd-bce-regression'),
  source: { kind: 'benchmark', url: 'https://stackoverflow.com/questions/46642627', title: 'Keras regression on raw data with SGD(0.01) and binary_crossentropy', via: 'DeepFD #43 (ArabelaTso/DeepFD Benchmark-with-patches.xlsx, post 46642627)' },
  cause: 'The data is not scaled, SGD(lr=0.01) is too aggressive for it, and binary_crossentropy is used for a real-valued target.',
  fix: 'Scale X and Y by their maximum ((v − max) / max), use Adam, and the mse loss.',
  codes: ['input_not_normalized', 'lr_too_high', 'output_loss_mismatch'],
  port:
    'The post could not be read here: the preprocessing, optimizer and compile lines come from the source (via DeepFD). The rest is conventional: the seeded house table of so-47932589 (4 raw columns, price in dollars), Dense 32 relu → Dense 16 relu → Dense 1 (linear), 30 epochs of batch 32.',
  learns: { metric: 'r2', atLeast: 0.5, description: 'R² on 300 held-out rows (in each twin’s own target units; R² is unchanged by the affine scaling)' },
  buggy: { build: () => sgdBceRegressor(false), data: maxScaledHouses(false), fit: { epochs: 100, batchSize: 32 } },
  fixed: { build: () => sgdBceRegressor(true), data: maxScaledHouses(true), fit: { epochs: 100, batchSize: 32 } },
};

/**
 * DeepFD #40 — https://stackoverflow.com/questions/42514960. Patch (ground truth: Activation):
 *
 *     -- autoencoder = Dense(inputs * 2, activation='relu')(inputLayer)    ++ … activation='tanh'
 *     -- autoencoder = Dense(inputs * 2, activation='relu')(autoencoder)   ++ … activation='tanh'
 *     -- autoencoder = Dense(bottleNeck, activation='relu')(autoencoder)   ++ … activation='tanh'
 *     -- autoencoder = Dense(inputs * 2, activation='relu')(autoencoder)   ++ … activation='tanh'
 *     -- autoencoder = Dense(inputs * 2, activation='relu')(autoencoder)   ++ … activation='tanh'
 *     -- autoencoder = Dense(inputs, activation='sigmoid')(autoencoder)    ++ … activation='tanh'
 *
 * "The accuracy didn't increase while the loss increase". The data takes negative values, which a
 * sigmoid output cannot produce.
 */
const AE_INPUTS = 20;
const AE_BOTTLENECK = 5;

function autoencoder(act: 'relu' | 'tanh', out: 'sigmoid' | 'tanh'): tfl.LayersModel {
  const input = tfl.input({ shape: [AE_INPUTS] });
  let h = tfl.layers.dense({ units: AE_INPUTS * 2, activation: act }).apply(input) as tfl.SymbolicTensor;
  h = tfl.layers.dense({ units: AE_INPUTS * 2, activation: act }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.dense({ units: AE_BOTTLENECK, activation: act }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.dense({ units: AE_INPUTS * 2, activation: act }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.dense({ units: AE_INPUTS * 2, activation: act }).apply(h) as tfl.SymbolicTensor;
  const out2 = tfl.layers.dense({ units: AE_INPUTS, activation: out }).apply(h) as tfl.SymbolicTensor;
  const m = tfl.model({ inputs: input, outputs: out2 });
  m.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: ['accuracy'] });
  return m;
}

/** Rows of 20 features in (−1, 1) driven by 5 latent factors; the mixing matrix is fixed, the rows depend on `seed`. */
function latentRows(n: number, seed: number): tf.Tensor2D {
  const mix = rng(42514);
  const w = Array.from({ length: AE_BOTTLENECK * AE_INPUTS }, () => gaussian(mix) * 0.7);
  const next = rng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: AE_BOTTLENECK }, () => gaussian(next));
    rows.push(Array.from({ length: AE_INPUTS }, (_, j) => Math.tanh(z.reduce((s, v, k) => s + v * w[k * AE_INPUTS + j], 0) + gaussian(next) * 0.05)));
  }
  return tf.tensor2d(rows);
}

const aeData = (): ProgramData => {
  const x = latentRows(2000, 1);
  const t = latentRows(500, 2);
  return { x, y: x.clone(), eval: { x: t, y: t.clone() } };
};

const so42514960: BugReport = {
  kind: 'bug',
  id: 'so-42514960-sigmoid-autoencoder-negative-data',
  split: splitOf('so-42514960-sigmoid-autoencoder-negative-data'),
  source: { kind: 'benchmark', url: 'https://stackoverflow.com/questions/42514960', title: 'Keras dense autoencoder (relu layers, sigmoid output) does not reconstruct its input', via: 'DeepFD #40 (ArabelaTso/DeepFD Benchmark-with-patches.xlsx, post 42514960)' },
  cause: 'The relu layers and the sigmoid output cannot reproduce the data, which takes negative values (activation fault).',
  fix: "Use activation 'tanh' in every layer, the output included.",
  codes: ['output_loss_mismatch'],
  port:
    'The post could not be read here: the six layer lines come from the source (via DeepFD). inputs = 20 and bottleNeck = 5 are chosen; adam, mse with an accuracy metric, 30 epochs of batch 32 are conventional; the data is seeded: 20 features in (−1, 1) (tanh of 5 latent factors).',
  learns: { metric: 'r2', atLeast: 0.8, description: 'reconstruction R² on held-out rows' },
  buggy: { build: () => autoencoder('relu', 'sigmoid'), data: aeData, fit: { epochs: 30, batchSize: 32 } },
  fixed: { build: () => autoencoder('tanh', 'tanh'), data: aeData, fit: { epochs: 30, batchSize: 32 } },
};

/**
 * DeepFD #34 — https://stackoverflow.com/questions/37624102. Patch (ground truth: Learning rate):
 *
 *     -- sgd = SGD(lr=0.1, decay=1e-6, momentum=0.9, nesterov=True)
 *     ++ sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
 *
 * "The loss do decrease" after the fix. That optimizer line is the one of the Keras 1 documentation's
 * "VGG-like convnet" example, ported here as the model.
 */
function vggLike(lr: number): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'valid', activation: 'relu' }));
  m.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.dropout({ rate: 0.25 }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'valid', activation: 'relu' }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.dropout({ rate: 0.25 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 256, activation: 'relu' }));
  m.add(tfl.layers.dropout({ rate: 0.5 }));
  m.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: tf.train.momentum(lr, 0.9, true), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function vggData(): ProgramData {
  const train = fashionUnit(3072);
  const test = fashionUnit(500, { split: 'test' });
  return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
}

const so37624102: BugReport = {
  kind: 'bug',
  id: 'so-37624102-sgd-lr-0.1',
  split: splitOf('so-37624102-sgd-lr-0.1'),
  source: { kind: 'benchmark', url: 'https://stackoverflow.com/questions/37624102', title: 'Keras CNN with SGD(lr=0.1, momentum=0.9, nesterov=True) does not train', via: 'DeepFD #34 (ArabelaTso/DeepFD Benchmark-with-patches.xlsx, post 37624102)' },
  cause: 'The SGD learning rate 0.1 (with Nesterov momentum 0.9) is too high.',
  fix: 'SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True).',
  codes: ['lr_too_high'],
  port:
    'The post could not be read here: the optimizer lines come from the source (via DeepFD); the model is the Keras 1 docs "VGG-like convnet" whose optimizer line this is (conv 32-32-pool-dropout-64-64-pool-dropout-dense 256-dropout-softmax 10, categorical_crossentropy), on Fashion-MNIST / 255 (28×28×1). decay=1e-6 is left out (no effect over a hundred steps). One epoch of batch 32 over 3,072 images (96 steps) for the time budget: ≈ 0.2 s a step on wasm; at twice as many steps the buggy twin is still at chance (loss 2.27 → 1.78 → 2.34) and the fixed one at 0.72.',
  learns: { metric: 'accuracy', atLeast: 0.5, description: 'test accuracy on 500 Fashion-MNIST test images; five times chance' },
  needs: ['fashion-mnist'],
  buggy: { build: () => vggLike(0.1), data: vggData, fit: { epochs: 1, batchSize: 32 } },
  fixed: { build: () => vggLike(0.01), data: vggData, fit: { epochs: 1, batchSize: 32 } },
};

/**
 * DeepFD #44 — https://stackoverflow.com/questions/46995209. Patch (ground truth: Activation, Missing
 * Preprocess, Layer Properties, Missing/Redundant/Wrong Layers):
 *
 *     ++ X = (X - np.max(X)) / np.max(X)
 *     -- model.add(Dense(10, input_dim=input_dim, activation='tanh'))
 *     ++ model.add(Dense(10, input_dim=input_dim, activation='relu'))
 *     ++ model.add(Dense(25, input_dim=input_dim, activation='relu'))
 *     -- model.add(Dense(90, activation='tanh'))
 *     -- model.add(Dense(10, activation='relu'))   × 9
 */
function deepStack(fixed: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  if (fixed) {
    m.add(tfl.layers.dense({ inputShape: [8], units: 10, activation: 'relu' }));
    m.add(tfl.layers.dense({ units: 25, activation: 'relu' }));
  } else {
    m.add(tfl.layers.dense({ inputShape: [8], units: 10, activation: 'tanh' }));
    m.add(tfl.layers.dense({ units: 90, activation: 'tanh' }));
    for (let i = 0; i < 9; i++) m.add(tfl.layers.dense({ units: 10, activation: 'relu' }));
  }
  m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
  m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

const deepStackData = (scaled: boolean) => (): ProgramData => {
  const train = pimaTable(768, 4699);
  const test = pimaTable(300, 4700);
  if (!scaled) return { x: train.x, y: train.y, eval: { x: test.x, y: test.y } };
  const max = tf.max(train.x).dataSync()[0]; // np.max(X): one maximum over the whole array
  const sx = (t: tf.Tensor) => tf.tidy(() => tf.div(tf.sub(t, max), max));
  const out = { x: sx(train.x), y: train.y, eval: { x: sx(test.x), y: test.y } };
  train.x.dispose();
  test.x.dispose();
  return out;
};

const so46995209: BugReport = {
  kind: 'bug',
  id: 'so-46995209-deep-narrow-stack-raw-inputs',
  split: splitOf('so-46995209-deep-narrow-stack-raw-inputs'),
  source: { kind: 'benchmark', url: 'https://stackoverflow.com/questions/46995209', title: 'Keras classifier with raw inputs and a deep stack of narrow tanh/relu layers does not learn', via: 'DeepFD #44 (ArabelaTso/DeepFD Benchmark-with-patches.xlsx, post 46995209)' },
  cause: 'The inputs are not scaled and the network is a deep stack of narrow layers (tanh, then nine Dense(10, relu)) that does not train (activation / layer faults).',
  fix: 'Scale X ((X − max) / max) and replace the stack by Dense(10, relu) → Dense(25, relu).',
  codes: ['input_not_normalized', 'vanishing_gradients', 'dead_relu'],
  port:
    'The post could not be read here: the preprocessing line and the hidden layers come from the source (via DeepFD). The output layer, loss and data are not in the patch: a conventional binary head (Dense 1 sigmoid, binary_crossentropy, adam) on the seeded Pima-like table of so-42800203 (8 raw columns); 30 epochs of batch 10.',
  learns: { metric: 'accuracy', atLeast: 0.7, description: 'accuracy on 300 held-out rows; above the majority-class rate (≈ 0.62)' },
  buggy: { build: () => deepStack(false), data: deepStackData(false), fit: { epochs: 30, batchSize: 10 } },
  fixed: { build: () => deepStack(true), data: deepStackData(true), fit: { epochs: 30, batchSize: 10 } },
};

export const PROGRAMS: RealEntry[] = [
  tfjsCore879, tfjs5976, tfjs918, tfjs259, ml5Website154, ml5NextGen204, disco615, shiffman5,
  so42800203, so51181393, so47932589, so46642627, so42514960, so37624102, so46995209,
];
