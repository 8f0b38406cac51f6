/**
 * chance_plateau families: a classifier whose loss settles at the level of one that ignores its input.
 *
 * Confirmation, every family (../outcome.ts, `failure: 'finite'`): the buggy run fails to learn with
 * finite numbers by the standard criterion — its cross-entropy is not below 0.9 × the entropy of the
 * label prior, or its accuracy is not 10 points over the majority share — AND its fixed twin, named per
 * family, trained for the same steps, learns by the same criterion. Where the fix is to the labels
 * (`intended`), the buggy model is judged on the real labels too. Noted, not gated: the logged loss
 * at the start and the end.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bars, binary, blobs, cifarSlice, mapX, mapY, oneHot, rng, spirals, standardizeX, type ZooData } from '../data';
import { cnn, constant, mlp, optimizer } from '../models';
import { byOutcome, lossPath } from '../outcome';
import { deadNote } from './dead-and-saturated-dead';
import { drawOpt, widths, type LrRanges } from './common';
import type { Family } from './family';

const confirmChance = byOutcome({ failure: 'finite', describe: lossPath });

/** Ordinary learning rates: these families' faults are in the data or the network, not the step size. */
const USUAL_LRS: Required<LrRanges> = { adam: [3e-4, 3e-3], rmsprop: [3e-4, 3e-3], momentum: [3e-3, 3e-2], sgd: [0.01, 0.1] };

/**
 * Labels redrawn independently of the inputs (a broken join / a shuffled label column): class 0 with
 * probability `major`, the others uniformly (major = 1/C: uniform).
 */
function randomLabels(d: ZooData & { labels: number[] }, classes: number, seed: number, binaryColumn: boolean, major = 1 / classes): ZooData {
  const next = rng(seed);
  const labels = d.labels.map(() => (next() < major ? 0 : 1 + Math.floor(next() * (classes - 1))));
  return mapY(d, () => (binaryColumn ? tf.tensor2d(labels, [labels.length, 1]) : oneHot(labels, classes)));
}

/**
 * Real-world fault: the labels no longer belong to their inputs — a shuffled label column, a join on
 * the wrong key, labels read from another file. Nothing in x predicts y, so the best a network can do
 * is the label prior. Half the variants have a skewed prior (class 0 drawn with probability 0.4–0.8,
 * so the plateau is the prior's entropy, not ln C). Ranges: blobs (4–16 dims, 3–6 classes, standardised), spirals (3–5 classes) or
 * a binary sigmoid classifier with coin-flip labels (standardised); 900–1,920 samples; MLPs of 1–2 hidden layers of 16–64
 * ReLU/tanh units; adam/rmsprop/momentum/sgd at ordinary learning rates; batch 32–128. Fixed twin:
 * the real labels (the buggy model is judged on them too).
 */
export const chanceRandomLabels: Family = {
  id: 'chance_plateau/labels-independent-of-inputs',
  expected: ['chance_plateau'],
  kind: 'fit',
  what: 'MLP (1–2 hidden layers of 16–64 ReLU/tanh units) trained on labels drawn independently of the inputs (uniform or skewed prior, class 0 share 0.4–0.8): blobs, spirals or coin-flip binary; adam/rmsprop/momentum/sgd; batch 32–128',
  sample(d) {
    const dataKind = d.pick(['blobs', 'spirals', 'binary'] as const);
    const classes = dataKind === 'binary' ? 2 : dataKind === 'blobs' ? d.int(3, 6) : d.int(3, 5);
    const dims = dataKind === 'spirals' ? 2 : d.int(4, 16);
    const hidden = widths(d, d.int(1, 2), [16, 32, 64]);
    const act = d.pick(['relu', 'tanh'] as const);
    const { name: opt, lr } = drawOpt(d, USUAL_LRS);
    const batchSize = d.pick([32, 64, 128]);
    const n = d.pick([960, 1440, 1920]);
    const dataSeed = d.seed();
    const labelSeed = d.seed();
    const skewed = d.next() < 0.5;
    const major = skewed ? d.uniform(0.4, 0.8) : 1 / classes;
    const base = () => (dataKind === 'binary' ? binary(n, { dims, seed: dataSeed }) : dataKind === 'blobs' ? blobs(n, { dims, classes, seed: dataSeed }) : spirals(n, { classes, seed: dataSeed }));
    const build = () =>
      dataKind === 'binary'
        ? mlp({ inputDim: dims, hidden, act, out: 1, outAct: 'sigmoid', loss: 'binaryCrossentropy', optimizer: optimizer(opt, lr) })
        : mlp({ inputDim: dims, hidden, act, out: classes, optimizer: optimizer(opt, lr) });
    return {
      what: `${dataKind} (${classes} classes, ${n} samples) with random labels${skewed ? ` (class 0 share ${major.toFixed(2)})` : ''}, ${act} ${hidden.join('×')}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build,
      data: () => {
        const shuffled = randomLabels(base(), classes, labelSeed, dataKind === 'binary', major);
        return dataKind === 'spirals' ? shuffled : standardizeX(shuffled);
      },
      fit: { batchSize },
      twin: { fix: 'the real labels', build, intended: true, data: () => (dataKind === 'spirals' ? base() : standardizeX(base())) },
    };
  },
  confirm: confirmChance,
};

/**
 * Real-world fault: the inputs carry no information any more — a preprocessing bug multiplies them by
 * zero (a mask or a scale of 0), replaces every sample by the same row (a broadcast of the mean), or
 * "normalises" them by a huge constant (÷1e6: the pixels or features survive only in the 6th decimal).
 * Ranges: blobs (4–16 dims, 3–6 classes), spirals, or bar images through a small CNN; MLP 1–3 hidden
 * layers of 16–64, adam/rmsprop/momentum, batch 16–128. Fixed twin: the inputs as they were.
 */
export const chanceInputsLost: Family = {
  id: 'chance_plateau/inputs-lost-in-preprocessing',
  expected: ['chance_plateau'],
  kind: 'fit',
  what: 'inputs zeroed, replaced by one constant row, or divided by 1e6 before training (blobs/spirals MLP or bars CNN); adam/rmsprop/momentum; batch 16–128',
  sample(d) {
    const bug = d.pick(['zeroed', 'constant-row', 'divided-1e6'] as const);
    const dataKind = d.pick(['blobs', 'spirals', 'bars'] as const);
    const classes = dataKind === 'blobs' ? d.int(3, 6) : 3;
    const dims = dataKind === 'blobs' ? d.int(4, 16) : 2;
    const hidden = widths(d, d.int(1, 3), [16, 32, 64]);
    const filters = d.pick([[8], [8, 16], [16]]);
    const { name: opt, lr } = drawOpt(d, { adam: USUAL_LRS.adam, rmsprop: USUAL_LRS.rmsprop, momentum: USUAL_LRS.momentum });
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    const transform = (x: tf.Tensor): tf.Tensor => {
      if (bug === 'zeroed') return tf.mul(x, 0);
      if (bug === 'divided-1e6') return tf.div(x, 1e6);
      const row = tf.slice(x, 0, 1);
      return tf.mul(tf.onesLike(x), row);
    };
    const build = () =>
      dataKind === 'bars' ? cnn({ inputShape: [12, 12, 1], filters, dense: 32, optimizer: optimizer(opt, lr) }) : mlp({ inputDim: dims, hidden, out: classes, optimizer: optimizer(opt, lr) });
    const original = () => (dataKind === 'bars' ? bars(480, { seed }) : dataKind === 'blobs' ? blobs(960, { dims, classes, seed }) : spirals(900, { seed }));
    return {
      what: `${bug} inputs, ${dataKind === 'bars' ? `bars CNN ${filters.join('/')}` : `${dataKind} (${classes} classes) MLP ${hidden.join('×')}`}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build,
      data: () => mapX(original(), transform),
      fit: { batchSize, ...(dataKind === 'bars' ? { maxSteps: 200 } : {}) },
      twin: { fix: 'the inputs as they were', build, data: original },
    };
  },
  confirm: confirmChance,
};

/**
 * Real-world fault: the network is dead end to end — every ReLU of a hidden layer starts below zero
 * (hidden biases at −3…−10, or conv biases of a bars CNN), so the output layer sees a constant and
 * can only learn the label prior. MLP 1–3 hidden layers / bars CNN; adam/rmsprop/momentum/sgd; batch
 * 16–128. Fixed twin: zero biases. Noted: the dead share of each ReLU layer.
 */
export const chanceDeadNetwork: Family = {
  id: 'chance_plateau/dead-network',
  expected: ['chance_plateau', 'dead_relu'],
  kind: 'fit',
  what: 'every unit of a hidden ReLU layer starts dead (MLP hidden bias or bars-CNN conv bias −3…−10), so the output only learns the prior; adam/rmsprop/momentum/sgd; batch 16–128',
  sample(d) {
    const bias = -d.uniform(3, 10);
    const arch = d.pick(['mlp', 'mlp', 'cnn'] as const);
    const dataKind = arch === 'cnn' ? 'bars' : d.pick(['blobs', 'spirals'] as const);
    const classes = dataKind === 'blobs' ? d.int(2, 6) : 3;
    const dims = dataKind === 'blobs' ? d.int(4, 16) : 2;
    const hidden = widths(d, d.int(1, 3), [16, 32, 64]);
    const { name: opt, lr } = drawOpt(d, USUAL_LRS);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    const build = (b: number) =>
      arch === 'cnn'
        ? cnn({ inputShape: [12, 12, 1], filters: [8, 16], dense: 32, convBias: [constant(b), constant(0)], optimizer: optimizer(opt, lr) })
        : mlp({ inputDim: dims, hidden, out: classes, bias: constant(b), optimizer: optimizer(opt, lr) });
    const data = () => (dataKind === 'bars' ? bars(480, { seed }) : dataKind === 'blobs' ? blobs(960, { dims, classes, seed }) : spirals(900, { seed }));
    return {
      what: `bias ${bias.toFixed(1)}, ${arch === 'cnn' ? 'bars CNN 8/16' : `${dataKind} (${classes} classes) MLP ${hidden.join('×')}`}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () => build(bias),
      data,
      fit: { batchSize, ...(arch === 'cnn' ? { maxSteps: 200 } : {}) },
      twin: { fix: 'zero biases', build: () => build(0), data },
    };
  },
  confirm: byOutcome({ failure: 'finite', describe: (ctx) => `${deadNote(ctx)}; ${lossPath(ctx)}` }),
};

/**
 * Real-world fault on CIFAR-10: labels shuffled away from their images (a broken join between the
 * image files and the label CSV). A small CNN (filters 8/16) on 2,000–3,000 images at ordinary
 * learning rates, 200 steps: too few epochs to memorise, nothing to generalise. Adam/momentum, batch 32 (cost).
 * Measured: on 1,000 images Adam starts memorising within 200 steps (training accuracy 0.17–0.19), so
 * the slices are 2,000–3,000 images (2–6 epochs). Fixed twin: the real labels (the buggy model is
 * judged on them too).
 */
export const chanceCifarRandomLabels: Family = {
  id: 'chance_plateau/cifar-shuffled-labels',
  expected: ['chance_plateau'],
  kind: 'fit',
  what: 'CIFAR-10 CNN (filters 8/16, 2,000–3,000 images) trained on labels drawn independently of the images; adam/momentum; batch 32; 200 steps',
  count: { tune: 3, heldout: 6 },
  sample(d) {
    const n = d.pick([2000, 2500, 3000]);
    const offset = d.int(0, 3000 - n);
    const opt = d.pick(['adam', 'momentum'] as const);
    const lr = opt === 'adam' ? d.logUniform(3e-4, 2e-3) : d.logUniform(3e-3, 2e-2);
    const batchSize = 32;
    const dense = d.pick([32, 64]);
    const seed = d.seed();
    return {
      what: `${n} images from ${offset}, random labels, dense ${dense}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () => cnn({ inputShape: [32, 32, 3], filters: [8, 16], dense, out: 10, optimizer: optimizer(opt, lr) }),
      data: () => cifarSlice(n, { offset, labels: 'random', seed }),
      fit: { batchSize, maxSteps: 200 },
      twin: { fix: 'the real labels', intended: true, build: () => cnn({ inputShape: [32, 32, 3], filters: [8, 16], dense, out: 10, optimizer: optimizer(opt, lr) }), data: () => cifarSlice(n, { offset }) },
    };
  },
  confirm: confirmChance,
};

export const CHANCE_PLATEAU_FAMILIES: Family[] = [chanceRandomLabels, chanceInputsLost, chanceDeadNetwork, chanceCifarRandomLabels];
