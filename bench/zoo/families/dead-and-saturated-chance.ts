/**
 * chance_plateau families: a classifier whose loss settles at the level of one that ignores its input.
 * Confirmation for every family (confirmChance in dead-and-saturated-common.ts): final training
 * accuracy within noise of chance, the mean loss of the last 100 steps within 5% of ln C or the label
 * prior's entropy, and those 100 steps flat.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bars, binary, blobs, cifarSlice, mapX, mapY, oneHot, rng, spirals, standardizeX, type ZooData } from '../data';
import { cnn, constant, mlp, optimizer } from '../models';
import { all } from '../oracles';
import { confirmChance } from './dead-and-saturated-common';
import { confirmDead } from './dead-and-saturated-dead';
import { drawOpt, widths, type LrRanges } from './common';
import type { Family } from './family';

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
 * ReLU/tanh units; adam/rmsprop/momentum/sgd at ordinary learning rates; batch 32–128. (Wide nets,
 * small data and many epochs memorise random labels; confirmation rejects those draws.)
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
    return {
      what: `${dataKind} (${classes} classes, ${n} samples) with random labels${skewed ? ` (class 0 share ${major.toFixed(2)})` : ''}, ${act} ${hidden.join('×')}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () =>
        dataKind === 'binary'
          ? mlp({ inputDim: dims, hidden, act, out: 1, outAct: 'sigmoid', loss: 'binaryCrossentropy', optimizer: optimizer(opt, lr) })
          : mlp({ inputDim: dims, hidden, act, out: classes, optimizer: optimizer(opt, lr) }),
      data: () => {
        const base = dataKind === 'binary' ? binary(n, { dims, seed: dataSeed }) : dataKind === 'blobs' ? blobs(n, { dims, classes, seed: dataSeed }) : spirals(n, { classes, seed: dataSeed });
        const shuffled = randomLabels(base, classes, labelSeed, dataKind === 'binary', major);
        return dataKind === 'spirals' ? shuffled : standardizeX(shuffled);
      },
      fit: { batchSize },
    };
  },
  confirm: confirmChance,
};

/**
 * Real-world fault: the inputs carry no information any more — a preprocessing bug multiplies them by
 * zero (a mask or a scale of 0), replaces every sample by the same row (a broadcast of the mean), or
 * "normalises" them by a huge constant (÷1e6: the pixels or features survive only in the 6th decimal).
 * Ranges: blobs (4–16 dims, 3–6 classes), spirals, or bar images through a small CNN; MLP 1–3 hidden
 * layers of 16–64, adam/rmsprop/momentum, batch 16–128.
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
    return {
      what: `${bug} inputs, ${dataKind === 'bars' ? `bars CNN ${filters.join('/')}` : `${dataKind} (${classes} classes) MLP ${hidden.join('×')}`}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () =>
        dataKind === 'bars'
          ? cnn({ inputShape: [12, 12, 1], filters, dense: 32, optimizer: optimizer(opt, lr) })
          : mlp({ inputDim: dims, hidden, out: classes, optimizer: optimizer(opt, lr) }),
      data: () => mapX(dataKind === 'bars' ? bars(480, { seed }) : dataKind === 'blobs' ? blobs(960, { dims, classes, seed }) : spirals(900, { seed }), transform),
      fit: { batchSize, ...(dataKind === 'bars' ? { maxSteps: 200 } : {}) },
    };
  },
  confirm: confirmChance,
};

/**
 * Real-world fault: the network is dead end to end — every ReLU of a hidden layer starts below zero
 * (hidden biases at −3…−10, or conv biases of a bars CNN), so the output layer sees a constant and
 * can only learn the label prior. Both pathologies are measured: the dead layer (confirmDead) and the
 * chance plateau (confirmChance). MLP 1–3 hidden layers / bars CNN; adam/rmsprop/momentum/sgd; batch 16–128.
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
    return {
      what: `bias ${bias.toFixed(1)}, ${arch === 'cnn' ? 'bars CNN 8/16' : `${dataKind} (${classes} classes) MLP ${hidden.join('×')}`}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () =>
        arch === 'cnn'
          ? cnn({ inputShape: [12, 12, 1], filters: [8, 16], dense: 32, convBias: [constant(bias), constant(0)], optimizer: optimizer(opt, lr) })
          : mlp({ inputDim: dims, hidden, out: classes, bias: constant(bias), optimizer: optimizer(opt, lr) }),
      data: () => (dataKind === 'bars' ? bars(480, { seed }) : dataKind === 'blobs' ? blobs(960, { dims, classes, seed }) : spirals(900, { seed })),
      fit: { batchSize, ...(arch === 'cnn' ? { maxSteps: 200 } : {}) },
    };
  },
  confirm: (ctx) => all(confirmDead(ctx), confirmChance(ctx)),
};

/**
 * Real-world fault on CIFAR-10: labels shuffled away from their images (a broken join between the
 * image files and the label CSV). A small CNN (filters 8/16) on 2,000–3,000 images at ordinary
 * learning rates, 200 steps: too few epochs to memorise, nothing to generalise. Adam/momentum, batch 32 (cost).
 * Measured: on 1,000 images Adam starts memorising within 200 steps (training accuracy 0.17–0.19), so
 * the slices are 2,000–3,000 images (2–6 epochs).
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
    };
  },
  confirm: confirmChance,
};

export const CHANCE_PLATEAU_FAMILIES: Family[] = [chanceRandomLabels, chanceInputsLost, chanceDeadNetwork, chanceCifarRandomLabels];
