/**
 * HEALTHY control families (expected: []): correct training setups a careful user would write, drawn
 * over realistic ranges — the false-alarm side of the benchmark. They deliberately include the hard,
 * near-the-boundary healthy cases a sloppy diagnostic would flag: naturally sparse ReLU CNNs, partial
 * (< 90%) ReLU death under Adam, slow learners, noisy small-batch runs, deep He-initialised stacks,
 * saturating tanh/sigmoid units, BatchNorm, logits losses, imbalanced binary labels, and checkups at
 * ordinary (not tuned-high) learning rates.
 *
 * Every fit family is confirmed by `learns()` (healthy-util.ts): finite losses and weights, tail-mean
 * loss (last 30 steps) ≤ 70% of max(the head mean, the constant predictor's loss), the trained loss
 * ≤ 70% of the constant predictor's, and classification accuracy clearly above the majority rate.
 * Variants that do not learn are not scored. More healthy setups — the way people train outside
 * tutorials — are in healthy-field.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { binary, blobs, oneHot, regression, rng, spirals, standardizeX, zscore, type ZooData } from '../data';
import { logitsLoss, mlp, optimizer, regressor } from '../models';
import { drawOpt, optLabel, widths, type LrRanges } from './common';
import type { Draw, Family } from './family';
import { HEALTHY_CNN_FAMILIES } from './healthy-cnn';
import { HEALTHY_CHECKUP_FAMILIES } from './healthy-checkup';
import { HEALTHY_FIELD_FAMILIES } from './healthy-field';
import { learns, SENSIBLE_LR } from './healthy-util';

type Init = 'heNormal' | 'heUniform' | 'glorotUniform' | 'glorotNormal';

/** Classification data for an MLP: blobs (raw or standardised) or spirals. */
interface ClsData {
  kind: 'blobs' | 'spirals';
  inputDim: number;
  classes: number;
  label: string;
  make(): ZooData;
}

function drawBlobs(d: Draw, o: { spread?: [number, number]; standardize?: number; dims?: [number, number] } = {}): ClsData {
  const classes = d.int(3, 5);
  const [dLo, dHi] = o.dims ?? [4, 16];
  const dims = d.int(dLo, dHi);
  const [sLo, sHi] = o.spread ?? [1.2, 1.8];
  const spread = d.uniform(sLo, sHi);
  const std = d.next() < (o.standardize ?? 0.5);
  const n = d.pick([720, 960, 1200]);
  const seed = d.seed();
  return {
    kind: 'blobs',
    inputDim: dims,
    classes,
    label: `blobs ${n}×${dims} ${classes} cls spread ${spread.toFixed(1)}${std ? ' z-scored' : ''}`,
    make: () => {
      const b = blobs(n, { classes, dims, spread, seed });
      return std ? standardizeX(b) : b;
    },
  };
}

function drawSpirals(d: Draw): ClsData {
  const noise = d.uniform(0.1, 0.25);
  const n = d.pick([600, 900, 1200]);
  const seed = d.seed();
  return { kind: 'spirals', inputDim: 2, classes: 3, label: `spirals ${n} noise ${noise.toFixed(2)}`, make: () => spirals(n, { noise, seed }) };
}

/**
 * healthy/relu-mlp — the everyday ReLU MLP classifier. Blobs (3–5 classes, 4–16 dims, raw feature std
 * ≈ 2.5 or z-scored) with Adam/RMSProp 3e-4…3e-3, SGD 0.01…0.1, momentum 3e-3…3e-2; or spirals (a
 * non-linear boundary people train with larger steps) with Adam/RMSProp 2e-3…1e-2, SGD 0.1…1,
 * momentum 0.01…0.1. 1–4 hidden layers of 16–128 units (spirals ≥ 32), He or Glorot init, one in five
 * with Dense → BatchNorm → ReLU blocks, softmax +
 * categorical cross-entropy or linear logits + softmax cross-entropy, batch 16–128. One variant in ten
 * zero-initialises the output layer (a common choice for classifier heads: the network starts at
 * exactly uniform predictions and the first step gives the head its scale).
 */
const reluMlp: Family = {
  id: 'healthy/relu-mlp',
  expected: [],
  kind: 'fit',
  what: 'ReLU MLP classifier on blobs or spirals, 1–4 hidden layers, He/Glorot init, optional BatchNorm, softmax or logits loss, sensible LRs for adam/rmsprop/sgd/momentum, batch 16–128',
  sample(d) {
    const data = d.next() < 0.6 ? drawBlobs(d) : drawSpirals(d);
    const depth = d.int(1, 4);
    const hidden = widths(d, depth, data.kind === 'spirals' ? [32, 64, 128] : [16, 32, 64, 128]);
    const init = d.pick<Init>(['heNormal', 'heUniform', 'glorotUniform', 'glorotNormal']);
    const logits = d.next() < 0.3;
    const zeroHead = d.next() < 0.1;
    const batchNorm = d.next() < 0.2;
    const ranges: LrRanges = data.kind === 'spirals' ? { adam: [2e-3, 1e-2], rmsprop: [2e-3, 1e-2], sgd: [0.1, 1], momentum: [0.01, 0.1] } : SENSIBLE_LR;
    const opt = drawOpt(d, ranges);
    const batchSize = d.pick([16, 32, 64, 128]);
    return {
      what: `${data.label}, relu ${hidden.join('×')} ${init}${batchNorm ? ' + BN' : ''}${zeroHead ? ', zero-init output' : ''}, ${logits ? 'logits' : 'softmax'}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () =>
        mlp({
          inputDim: data.inputDim,
          hidden,
          init,
          batchNorm,
          outInit: zeroHead ? 'zeros' : undefined,
          out: data.classes,
          outAct: logits ? 'linear' : 'softmax',
          loss: logits ? logitsLoss : undefined,
          optimizer: optimizer(opt.name, opt.lr),
        }),
      data: data.make,
      fit: { batchSize },
    };
  },
  confirm: learns(),
};

/**
 * healthy/deep-relu-mlp — deep but correctly initialised: 6–10 He-initialised ReLU layers of 32–64
 * units (optionally Dense → BatchNorm → ReLU), on z-scored blobs or spirals, Adam/RMSProp 3e-4…2e-3,
 * momentum 3e-3…1.2e-2, SGD 0.01…0.05, batch 16–64. He init keeps the activation scale through depth, so
 * gradients neither vanish nor explode; a diagnostic that flags depth itself would fire here.
 */
const deepReluMlp: Family = {
  id: 'healthy/deep-relu-mlp',
  expected: [],
  kind: 'fit',
  what: '6–10 layer He-initialised ReLU MLP (optionally BatchNorm), z-scored blobs or spirals, adam/rmsprop/momentum/sgd at sensible LRs, batch 16–64',
  sample(d) {
    const data = d.next() < 0.65 ? drawBlobs(d, { standardize: 1, dims: [6, 16] }) : drawSpirals(d);
    const depth = d.int(6, 10);
    const width = d.pick([32, 48, 64]);
    const hidden = Array(depth).fill(width) as number[];
    const init = d.pick<Init>(['heNormal', 'heUniform']);
    const batchNorm = d.next() < 0.35;
    // momentum tops out at 1.2e-2: a 9 × 128 stack at momentum 1.8e-2, batch 16, measured a real divergence
    // (loss 0.17 → 12.9, outputs pinned) — that region is the lr_too_high fault, not a healthy control.
    const opt = drawOpt(d, { adam: [3e-4, 2e-3], rmsprop: [3e-4, 2e-3], momentum: [3e-3, 1.2e-2], sgd: [0.01, 0.05] });
    const batchSize = d.pick([16, 32, 64]);
    return {
      what: `${data.label}, relu ${depth}×${width} ${init}${batchNorm ? ' + BN' : ''}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => mlp({ inputDim: data.inputDim, hidden, init, batchNorm, out: data.classes, optimizer: optimizer(opt.name, opt.lr) }),
      data: data.make,
      fit: { batchSize },
    };
  },
  confirm: learns(),
};

/**
 * healthy/smooth-activation-mlp — shallow tanh or sigmoid nets (1–2 hidden layers of 16–64 units,
 * Glorot init); tanh on blobs or spirals, sigmoid on blobs (measured: sigmoid nets on spirals do not
 * get off the chance level within 300 steps at these LRs, so they could not be confirmed as learning). tanh: Adam 1e-3…1e-2, SGD 0.1…0.5, momentum 0.01…0.05; sigmoid
 * (smaller gradients, people use larger steps): Adam 2e-3…1e-2, SGD 0.3…1.5, momentum 0.03…0.1.
 * Batch 16–64. Their units partly saturate and their gradients shrink by ≤ 4× per sigmoid layer —
 * ordinary, not a vanishing-gradient fault at this depth.
 */
const smoothMlp: Family = {
  id: 'healthy/smooth-activation-mlp',
  expected: [],
  kind: 'fit',
  what: 'shallow tanh/sigmoid MLP (1–2 layers, Glorot) on blobs (tanh also spirals), adam/sgd/momentum at the LRs these activations need, batch 16–64',
  sample(d) {
    const act = d.pick(['tanh', 'sigmoid'] as const);
    const data = act === 'sigmoid' || d.next() < 0.5 ? drawBlobs(d) : drawSpirals(d);
    const hidden = widths(d, d.int(1, 2), [16, 32, 64]);
    const ranges: LrRanges =
      act === 'tanh' ? { adam: [1e-3, 1e-2], sgd: [0.1, 0.5], momentum: [0.01, 0.05] } : { adam: [2e-3, 1e-2], sgd: [0.3, 1.5], momentum: [0.03, 0.1] };
    const opt = drawOpt(d, ranges);
    const batchSize = d.pick([16, 32, 64]);
    return {
      what: `${data.label}, ${act} ${hidden.join('×')}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => mlp({ inputDim: data.inputDim, hidden, act, out: data.classes, optimizer: optimizer(opt.name, opt.lr) }),
      data: data.make,
      fit: { batchSize },
    };
  },
  confirm: learns(),
};

/** Replaces a share of the labels of one-hot data by a different, seeded random class (annotation noise). */
function flipLabels(d: ZooData, share: number, seed: number): ZooData {
  if (share <= 0) return d;
  const next = rng(seed);
  const classes = d.y.shape[1]!;
  const ids = Array.from(tf.tidy(() => tf.argMax(d.y, -1)).dataSync() as Int32Array);
  const noisy = ids.map((c) => (next() < share ? (c + 1 + Math.floor(next() * (classes - 1))) % classes : c));
  const y = oneHot(noisy, classes);
  d.y.dispose();
  return { x: d.x, y };
}

/**
 * healthy/slow-or-noisy — runs that look unimpressive but are fine. Slow: hard, overlapping blobs
 * (spread 2–2.6, z-scored) at a low LR (Adam/RMSProp 1.5e-4…4e-4, SGD 5e-3…2e-2, momentum 1e-3…3e-3),
 * batch 32–128. Noisy: batch 16 at an ordinary LR (Adam 1e-3…3e-3, SGD 0.03…0.1) on overlapping blobs
 * with 0–15% of labels flipped (annotation noise): the loss jumps from batch to batch and stays well
 * above zero. Both are classic false-alarm bait for plateau, divergence and chance-level rules.
 */
const slowOrNoisy: Family = {
  id: 'healthy/slow-or-noisy',
  expected: [],
  kind: 'fit',
  what: 'slow learners (low LR on overlapping z-scored blobs, batch 32–128) or noisy small-batch runs (batch 16, 0–15% flipped labels), ReLU MLP 1–3 layers',
  sample(d) {
    const slow = d.next() < 0.5;
    const data = drawBlobs(d, { spread: slow ? [2.0, 2.6] : [1.6, 2.2], standardize: 1, dims: [6, 16] });
    const hidden = widths(d, d.int(1, 3), [32, 64, 128]);
    const opt = slow ? drawOpt(d, { adam: [1.5e-4, 4e-4], rmsprop: [1.5e-4, 4e-4], sgd: [5e-3, 2e-2], momentum: [1e-3, 3e-3] }) : drawOpt(d, { adam: [1e-3, 3e-3], sgd: [0.03, 0.1] });
    const batchSize = slow ? d.pick([32, 64, 128]) : 16;
    const noise = slow ? 0 : d.uniform(0, 0.15);
    const seed = d.seed();
    return {
      what: `${slow ? 'slow' : 'noisy'}: ${data.label}${noise ? `, ${(100 * noise).toFixed(0)}% labels flipped` : ''}, relu ${hidden.join('×')}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => mlp({ inputDim: data.inputDim, hidden, out: data.classes, optimizer: optimizer(opt.name, opt.lr) }),
      data: () => flipLabels(data.make(), noise, seed),
      fit: { batchSize },
    };
  },
  confirm: learns(),
};

/**
 * healthy/regression-mse — MSE regression on a linear-plus-sine target with standardised x and a
 * z-scored target (4–12 features, 512–1024 samples). ReLU or tanh MLP, 1–3 layers of 16–64 units,
 * optionally BatchNorm; Adam/RMSProp 3e-4…3e-3, SGD 0.01…0.1, momentum 3e-3…3e-2; batch 16–128.
 * There is no chance level or accuracy: confirmation is the loss falling (and staying finite).
 */
const regressionMse: Family = {
  id: 'healthy/regression-mse',
  expected: [],
  kind: 'fit',
  what: 'MSE regression, z-scored target, relu/tanh MLP 1–3 layers (optionally BatchNorm), sensible LRs, batch 16–128',
  sample(d) {
    const dims = d.int(4, 12);
    const n = d.pick([512, 768, 1024]);
    const act = d.next() < 0.7 ? ('relu' as const) : ('tanh' as const);
    const hidden = widths(d, d.int(1, 3), [16, 32, 64]);
    const batchNorm = d.next() < 0.3;
    const opt = drawOpt(d, SENSIBLE_LR);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    return {
      what: `regression ${n}×${dims}, ${act} ${hidden.join('×')}${batchNorm ? ' + BN' : ''}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => regressor({ inputDim: dims, hidden, act, batchNorm, optimizer: optimizer(opt.name, opt.lr) }),
      data: () => {
        const r = regression(n, { dims, seed });
        return { x: r.x, y: zscore(r.y) };
      },
      fit: { batchSize },
    };
  },
  confirm: learns(),
};

const sigmoidLogitsLoss = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => tf.losses.sigmoidCrossEntropy(yTrue, yPred);

/**
 * healthy/binary-classifier — one-output binary classifiers: sigmoid + binary cross-entropy, or a
 * linear output with sigmoid cross-entropy on logits. Two Gaussian classes in 4–16 dims, balanced or
 * mildly imbalanced (70/30 either way); ReLU MLP 1–3 layers of 16–64 units; sensible LRs; batch 16–128.
 * A fresh sigmoid starts near 0.5, and the imbalanced runs first learn the prior (loss ln 2 → 0.61)
 * before they separate the classes.
 */
const binaryClassifier: Family = {
  id: 'healthy/binary-classifier',
  expected: [],
  kind: 'fit',
  what: 'binary classifier (sigmoid + BCE or logits + sigmoid cross-entropy), balanced or 70/30, ReLU MLP 1–3 layers, sensible LRs, batch 16–128',
  sample(d) {
    const dims = d.int(4, 16);
    const n = d.pick([640, 960, 1280]);
    const share = d.pick([0.5, 0.5, 0.7, 0.3]);
    const hidden = widths(d, d.int(1, 3), [16, 32, 64]);
    const logits = d.next() < 0.3;
    const opt = drawOpt(d, SENSIBLE_LR);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    return {
      what: `binary ${n}×${dims} positives ${(100 * share).toFixed(0)}%, relu ${hidden.join('×')}, ${logits ? 'logits' : 'sigmoid'}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () =>
        mlp({ inputDim: dims, hidden, out: 1, outAct: logits ? 'linear' : 'sigmoid', loss: logits ? sigmoidLogitsLoss : 'binaryCrossentropy', optimizer: optimizer(opt.name, opt.lr) }),
      data: () => binary(n, { dims, seed, positiveShare: share }),
      fit: { batchSize },
    };
  },
  confirm: learns(),
};

export const HEALTHY_FAMILIES: Family[] = [reluMlp, deepReluMlp, smoothMlp, slowOrNoisy, regressionMse, binaryClassifier, ...HEALTHY_CNN_FAMILIES, ...HEALTHY_CHECKUP_FAMILIES, ...HEALTHY_FIELD_FAMILIES];
