/**
 * dead_relu families: ReLU units (channels for conv layers) that stop firing on every input and so get
 * no gradient again.
 *
 * Confirmation, every family (../outcome.ts, `failure: 'finite'` — a run that went NaN is a nan_loss
 * case, not this one): the buggy run fails to learn with finite numbers by the standard criterion
 * (cross-entropy not below 0.9 × the label prior's entropy, or accuracy not 10 points over the
 * majority share) AND its fixed twin, named per family, trained for the same steps, learns by the same
 * criterion. Noted, not gated: each ReLU layer's share of units (channels) ≤ 0 on every training
 * sample (up to 512) after the run.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { bars, blobs, cifarSlice, spirals, standardizeX } from '../data';
import { cnn, compile, constant, logitsLoss, mlp, optimizer } from '../models';
import { deadUnitFraction, pct, reluLayers } from '../oracles';
import { byOutcome, lossPath } from '../outcome';
import type { ConfirmContext, Family } from './family';

/** Note: each ReLU layer's share of units silent on every training sample after the run. */
export function deadNote({ model, data }: ConfirmContext): string {
  const layers = reluLayers(model);
  return `dead units after the run: ${layers.map((l) => `${l} ${pct(deadUnitFraction(model, l, data.x))}`).join(', ') || 'no ReLU layer'}`;
}

const confirmDead = byOutcome({ failure: 'finite', describe: (ctx) => `${deadNote(ctx)}; ${lossPath(ctx)}` });

/**
 * Real-world fault: hidden biases initialised at a large negative constant (a bias initialiser copied
 * from a sigmoid/gating network, or a "constant(-1)" scaled up by a config typo) on standardised inputs,
 * so every pre-activation starts below zero. Ranges: bias −3…−12, 1–3 hidden layers of 16–96 units,
 * blobs (4–16 dims) or spirals, adam/rmsprop/momentum/sgd, batch 16–128. Fixed twin: zero biases
 * (tfjs's default).
 */
export const deadNegativeHiddenBias: Family = {
  id: 'dead_relu/negative-hidden-bias',
  expected: ['dead_relu'],
  kind: 'fit',
  what: 'ReLU MLP whose hidden biases start at −(3…12) on standardised blobs/spirals; 1–3 hidden layers of 16–96 units; adam/rmsprop/momentum/sgd; batch 16–128',
  sample(d) {
    const bias = -d.uniform(3, 12);
    const depth = d.int(1, 3);
    const hidden = Array.from({ length: depth }, () => d.pick([16, 32, 64, 96]));
    const opt = d.pick(['adam', 'rmsprop', 'momentum', 'sgd'] as const);
    const lr = opt === 'sgd' ? d.logUniform(0.01, 0.1) : opt === 'momentum' ? d.logUniform(3e-3, 3e-2) : d.logUniform(3e-4, 3e-3);
    const batchSize = d.pick([16, 32, 64, 128]);
    const dataKind = d.pick(['blobs', 'spirals'] as const);
    const seed = d.seed();
    const inputDim = dataKind === 'blobs' ? d.int(4, 16) : 2;
    const classes = d.int(3, 5);
    return {
      what: `bias ${bias.toFixed(1)}, hidden ${hidden.join('×')}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}, ${dataKind} (${classes} classes)`,
      build: () => mlp({ inputDim, hidden, out: classes, bias: constant(bias), optimizer: optimizer(opt, lr) }),
      data: () => (dataKind === 'blobs' ? blobs(960, { dims: inputDim, classes, seed }) : spirals(900, { classes, seed })),
      fit: { batchSize },
      twin: {
        fix: 'zero biases',
        build: () => mlp({ inputDim, hidden, out: classes, optimizer: optimizer(opt, lr) }),
        data: () => (dataKind === 'blobs' ? blobs(960, { dims: inputDim, classes, seed }) : spirals(900, { classes, seed })),
      },
    };
  },
  confirm: confirmDead,
};

/**
 * Real-world fault: a conv layer whose bias initialiser is a large negative constant (copied from a
 * gating layer, or a "−1" meant for a sigmoid), so every channel of that layer is below zero on every
 * image position. Bar images (12×12 or 16×16, pixels 0–1), 1–2 conv layers of 4–16 filters, the
 * negative bias −3…−10 on conv1 or conv2, adam/rmsprop/momentum, batch 16–64. Fixed twin: zero biases.
 */
export const deadConvBias: Family = {
  id: 'dead_relu/conv-negative-bias',
  expected: ['dead_relu'],
  kind: 'fit',
  what: 'bars CNN (1–2 conv layers of 4–16 filters) whose conv1 or conv2 biases start at −(3…10); adam/rmsprop/momentum; batch 16–64',
  sample(d) {
    const bias = -d.uniform(3, 10);
    const convs = d.int(1, 2);
    const filters = Array.from({ length: convs }, () => d.pick([4, 8, 16]));
    const where = convs === 1 ? 0 : d.int(0, 1);
    const size = d.pick([12, 16]);
    const opt = d.pick(['adam', 'rmsprop', 'momentum'] as const);
    const lr = opt === 'momentum' ? d.logUniform(3e-3, 3e-2) : d.logUniform(5e-4, 5e-3);
    const batchSize = d.pick([16, 32, 64]);
    const dense = d.pick([16, 32]);
    const seed = d.seed();
    return {
      what: `conv${where + 1} bias ${bias.toFixed(1)}, filters ${filters.join('/')}, dense ${dense}, ${size}×${size} bars, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () =>
        cnn({
          inputShape: [size, size, 1],
          filters,
          dense,
          convBias: filters.map((_, i) => constant(i === where ? bias : 0)),
          optimizer: optimizer(opt, lr),
        }),
      data: () => bars(480, { size, seed }),
      fit: { batchSize, maxSteps: 200 },
      twin: { fix: 'zero biases', build: () => cnn({ inputShape: [size, size, 1], filters, dense, optimizer: optimizer(opt, lr) }), data: () => bars(480, { size, seed }) },
    };
  },
  confirm: confirmDead,
};

/**
 * Real-world fault: a learning rate far too high for a ReLU MLP trained on logits — SGD with momentum
 * 0.9 at lr 0.5–2 or momentum 0.99 at 0.05–0.2, plain SGD at 3–6 on spirals ("lr = 1" copied from a
 * linear model, or a decimal point in the wrong place). The first big updates throw the hidden biases
 * and kernels to where every pre-activation is negative for every input, and those units never come
 * back; the weights stay finite. Standardised inputs (spirals, or blobs standardised per feature), 2–3
 * hidden layers of 32–128 units, softmax cross-entropy on logits, batch 16–64. Measured and left
 * out: Adam at 0.3–1 kills only 60–88% of a layer; SGD ≥ 5 on blobs mostly diverges to NaN. Units die
 * progressively here, some as late as step 150–250. Fixed twin: a usual learning rate for the same
 * optimizer (momentum 0.9 at 0.01, momentum 0.99 at 1e-3, plain SGD at 0.3 on spirals).
 */
export const deadHighLr: Family = {
  id: 'dead_relu/lr-too-high-kills-units',
  expected: ['dead_relu'],
  kind: 'fit',
  what: 'ReLU MLP on logits (2–3 hidden layers of 32–128) with a far too high learning rate (momentum 0.9 at 0.5–2 / 0.99 at 0.05–0.2, sgd 3–6 on spirals) on standardised spirals/blobs; batch 16–64',
  sample(d) {
    const depth = d.int(2, 3);
    const hidden = Array.from({ length: depth }, () => d.pick([32, 64, 128]));
    const opt = d.pick(['momentum', 'momentum', 'momentum-0.99', 'sgd'] as const);
    const lr = opt === 'momentum' ? d.logUniform(0.5, 2) : opt === 'momentum-0.99' ? d.logUniform(0.05, 0.2) : d.logUniform(3, 6);
    const batchSize = d.pick([16, 32, 64]);
    const dataKind = opt === 'sgd' ? 'spirals' : d.pick(['blobs', 'spirals'] as const);
    const seed = d.seed();
    const inputDim = dataKind === 'blobs' ? d.int(4, 12) : 2;
    const make = () => (opt === 'sgd' ? tf.train.sgd(lr) : tf.train.momentum(lr, opt === 'momentum' ? 0.9 : 0.99));
    const usual = () => (opt === 'sgd' ? tf.train.sgd(0.3) : opt === 'momentum' ? tf.train.momentum(0.01, 0.9) : tf.train.momentum(1e-3, 0.99));
    const data = () => (dataKind === 'blobs' ? standardizeX(blobs(960, { dims: inputDim, seed })) : spirals(900, { seed }));
    return {
      what: `${opt} ${lr.toPrecision(2)}, hidden ${hidden.join('×')}, batch ${batchSize}, ${dataKind === 'blobs' ? `standardised ${inputDim}-d blobs` : 'spirals'}`,
      build: () => mlp({ inputDim, hidden, outAct: 'linear', loss: logitsLoss, optimizer: make() }),
      data,
      fit: { batchSize },
      twin: { fix: 'a usual learning rate', build: () => mlp({ inputDim, hidden, outAct: 'linear', loss: logitsLoss, optimizer: usual() }), data },
    };
  },
  confirm: confirmDead,
};

/**
 * Real-world fault on CIFAR-10: a conv layer whose kernels are drawn with a large negative mean (an
 * initialiser written as randomNormal({ mean: −m }) / randomUniform(−a, 0) "to keep activations small")
 * on images scaled to 0–1 — every window of positive pixels gives a negative pre-activation — or
 * conv2's biases at −(4…10). 256–600 images, filters 8/16, adam/momentum, batch 32–64. Fixed twin:
 * He init and zero biases throughout.
 */
export const deadCifarConv: Family = {
  id: 'dead_relu/cifar-conv-negative-init',
  expected: ['dead_relu'],
  kind: 'fit',
  what: 'CIFAR-10 CNN (filters 8/16, 256–600 images in 0–1) whose conv1 kernels have mean −(0.05…0.5) or whose conv2 biases start at −(4…10); adam/momentum; batch 32–64',
  count: { tune: 3, heldout: 6 },
  sample(d) {
    const mode = d.pick(['kernel-mean', 'conv2-bias'] as const);
    const mean = -d.logUniform(0.05, 0.5);
    const bias = -d.uniform(4, 10);
    const n = d.pick([256, 384, 512, 600]);
    const offset = d.int(0, 2999 - n);
    const opt = d.pick(['adam', 'momentum'] as const);
    const lr = opt === 'adam' ? d.logUniform(3e-4, 3e-3) : d.logUniform(3e-3, 3e-2);
    const batchSize = d.pick([32, 64]);
    const fixed = () => {
      const m = tfl.sequential();
      [8, 16].forEach((filters, i) => {
        m.add(tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: i === 0 ? [32, 32, 3] : undefined, kernelInitializer: 'heNormal', name: `conv${i + 1}` }));
        m.add(tfl.layers.maxPooling2d({ poolSize: 2, name: `pool${i + 1}` }));
      });
      m.add(tfl.layers.flatten({ name: 'flatten' }));
      m.add(tfl.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal', name: 'fc1' }));
      m.add(tfl.layers.dense({ units: 10, activation: 'softmax', name: 'output' }));
      return compile(m, optimizer(opt, lr), 'categoricalCrossentropy');
    };
    return {
      what: `${mode === 'kernel-mean' ? `conv1 kernel mean ${mean.toFixed(2)}` : `conv2 bias ${bias.toFixed(1)}`}, ${n} images, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () => {
        const m = tfl.sequential();
        const init = (i: number) => (mode === 'kernel-mean' && i === 0 ? tfl.initializers.randomNormal({ mean, stddev: Math.abs(mean) / 3 }) : 'heNormal');
        [8, 16].forEach((filters, i) => {
          m.add(
            tfl.layers.conv2d({
              filters,
              kernelSize: 3,
              padding: 'same',
              activation: 'relu',
              inputShape: i === 0 ? [32, 32, 3] : undefined,
              kernelInitializer: init(i),
              biasInitializer: mode === 'conv2-bias' && i === 1 ? constant(bias) : 'zeros',
              name: `conv${i + 1}`,
            }),
          );
          m.add(tfl.layers.maxPooling2d({ poolSize: 2, name: `pool${i + 1}` }));
        });
        m.add(tfl.layers.flatten({ name: 'flatten' }));
        m.add(tfl.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal', name: 'fc1' }));
        m.add(tfl.layers.dense({ units: 10, activation: 'softmax', name: 'output' }));
        return compile(m, optimizer(opt, lr), 'categoricalCrossentropy');
      },
      data: () => cifarSlice(n, { offset }),
      fit: { batchSize, maxSteps: 150 },
      twin: { fix: 'He init, zero biases', build: fixed, data: () => cifarSlice(n, { offset }) },
    };
  },
  confirm: confirmDead,
};

export const DEAD_RELU_FAMILIES: Family[] = [deadNegativeHiddenBias, deadConvBias, deadHighLr, deadCifarConv];
