/**
 * nan_loss families: the training loss (or the weights behind it) becomes NaN or ±Infinity.
 *
 * Confirmation, every family (../outcome.ts, `failure: 'non-finite'`): the buggy run fails to learn
 * WITH a non-finite value — a non-finite loss in its per-step log, a non-finite weight after the run,
 * or non-finite outputs on its training data — and its fixed twin (named per family), trained for the
 * same steps at the same batch size, learns by the standard criterion (cross-entropy < 0.9 × the label
 * prior's entropy and accuracy ≥ 10 points over the majority share; a regression's MSE < 0.9 × var(y)).
 */
import * as tf from '@tensorflow/tfjs-core';
import { binary, blobs, mapX, mapY, regression, spirals, type ZooData } from '../data';
import { mlp, optimizer, regressor } from '../models';
import { byOutcome } from '../outcome';
import { drawOpt, widths, type LrRanges } from './common';
import type { ConfirmContext, Draw, Family } from './family';
import { firstNonFinite, fmt, maxFinite, remember } from './training-dynamics-measure';

/** 1–3 hidden layers of 16, 32 or 64 units, ReLU or tanh: the MLPs of every nan_loss family. */
function drawSmallMlp(d: Draw): { hidden: number[]; act: 'relu' | 'tanh' } {
  const hidden = widths(d, d.int(1, 3), [16, 32, 64]);
  return { hidden, act: d.pick(['relu', 'tanh'] as const) };
}

/** Ordinary learning rates, for the families whose fault is not the learning rate. */
const ORDINARY_LRS: LrRanges = { adam: [1e-4, 1e-2], rmsprop: [1e-4, 1e-2], sgd: [1e-3, 0.05] };

/**
 * Real-world fault: a regression trained with plain SGD or SGD+momentum at a learning rate past the
 * stability limit of its MSE surface — the loss grows geometrically until it overflows to Infinity/NaN.
 * Ranges: regression data (480–960 samples, 4–12 features, targets ×1–5), 1–3 hidden layers of 16–64
 * ReLU/tanh units; SGD lr 0.5–3 or momentum(0.9) lr 0.15–0.8; batch 16–128.
 * Fixed twin: the same run at lr / 100 (the fix for both expected codes: the learning rate).
 * Confirm: the run goes non-finite and the twin learns (file header). Noted, not gated: how fast the
 * run's loss grew before it overflowed.
 */
export const nanRegressionDivergence: Family = {
  id: 'nan_loss/regression-lr-divergence',
  expected: ['nan_loss', 'lr_too_high'],
  kind: 'fit',
  what: 'MSE regression (1–3 hidden layers of 16–64 ReLU/tanh units) with SGD lr 0.5–3 or momentum lr 0.15–0.8: the loss grows until it overflows; batch 16–128',
  sample(d) {
    const dims = d.int(4, 12);
    const n = d.pick([480, 640, 960]);
    const yScale = d.pick([1, 1, 2, 5]);
    const { hidden, act } = drawSmallMlp(d);
    const opt = d.pick(['sgd', 'momentum'] as const);
    const lr = opt === 'sgd' ? d.logUniform(0.5, 3) : d.logUniform(0.15, 0.8);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    return {
      what: `${opt} ${fmt(lr)}, ${act} ${hidden.join('×')}, ${dims} features, y ×${yScale}, batch ${batchSize}`,
      build: () => remember(regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr) }), { opt, lr, batchSize }),
      data: () => regression(n, { dims, seed, yScale }),
      fit: { batchSize },
      twin: { fix: 'lr / 100', build: () => regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr / 100) }), data: () => regression(n, { dims, seed, yScale }) },
    };
  },
  confirm: byOutcome({ failure: 'non-finite', describe: lossGrowth }),
};

/** Note: the run's first loss, its largest finite loss and the step of the first non-finite one. */
function lossGrowth(ctx: ConfirmContext): string {
  const bad = firstNonFinite(ctx.losses);
  const finite = ctx.losses.filter(Number.isFinite);
  return finite.length ? `loss ${fmt(finite[0])} → at most ${fmt(maxFinite(finite))}${bad >= 0 ? `, non-finite from step ${bad}` : ''}` : 'no finite loss logged';
}

/**
 * Real-world fault: a hand-written loss taking log() of a value that can be ≤ 0:
 *  - `ce-on-linear`: cross-entropy −Σ y·log p on a linear output (fixed: softmax output and the
 *    built-in categoricalCrossentropy, which clips p);
 *  - `rmsle`: log(p + 1) of a linear output that can go below −1 (fixed: log(relu(p) + 1));
 *  - `gaussian-nll`: log of a variance read straight from a linear unit (fixed: softplus(v) + 1e-3).
 * Ranges: 1–3 hidden layers of 16–64 ReLU/tanh units; adam/rmsprop lr 1e-4–1e-2 or sgd 1e-3–0.05;
 * batch 16–128. Confirm: non-finite run, twin learns (file header; the regressions are judged on the
 * MSE of the predicted value, column 0).
 */

export const nanCustomLossLog: Family = {
  id: 'nan_loss/custom-loss-log-nonpositive',
  expected: ['nan_loss'],
  kind: 'fit',
  what: 'hand-written losses taking log() of a value that can be ≤ 0 (cross-entropy on a linear output, RMSLE on a linear output, Gaussian NLL with a linear variance); MLPs, adam/rmsprop/sgd, batch 16–128',
  sample(d) {
    const mechanism = d.pick(['ce-on-linear', 'rmsle', 'gaussian-nll'] as const);
    const { hidden, act } = drawSmallMlp(d);
    const { name: opt, lr } = drawOpt(d, ORDINARY_LRS);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    const label = `${mechanism}, ${act} ${hidden.join('×')}, ${opt} ${fmt(lr)}, batch ${batchSize}`;
    if (mechanism === 'ce-on-linear') {
      const kind = d.pick(['blobs', 'spirals'] as const);
      const classes = d.int(3, 5);
      const dims = kind === 'blobs' ? d.int(4, 16) : 2;
      const ce = (y: tf.Tensor, p: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(p)), -1)));
      return {
        what: `${label}, ${kind} ${classes} classes`,
        build: () => remember(mlp({ inputDim: dims, hidden, act, out: classes, outAct: 'linear', loss: ce, optimizer: optimizer(opt, lr) }), { opt, lr, batchSize }),
        data: () => (kind === 'blobs' ? blobs(960, { classes, dims, seed }) : spirals(900, { classes, seed })),
        fit: { batchSize },
        twin: {
          fix: 'softmax + categoricalCrossentropy',
          build: () => mlp({ inputDim: dims, hidden, act, out: classes, optimizer: optimizer(opt, lr) }),
          data: () => (kind === 'blobs' ? blobs(960, { classes, dims, seed }) : spirals(900, { classes, seed })),
        },
      };
    }
    const dims = d.int(4, 12);
    // Positive targets (prices, durations): y shifted to be ≥ 0.
    const positive = (): ZooData => mapY(regression(640, { dims, seed }), (y) => tf.sub(y, tf.min(y)));
    if (mechanism === 'rmsle') {
      const rmsle = (y: tf.Tensor, p: tf.Tensor) => tf.mean(tf.square(tf.sub(tf.log(tf.add(p, 1)), tf.log(tf.add(y, 1)))));
      const fixed = (y: tf.Tensor, p: tf.Tensor) => tf.mean(tf.square(tf.sub(tf.log(tf.add(tf.relu(p), 1)), tf.log(tf.add(y, 1)))));
      return {
        what: `${label}, ${dims} features`,
        build: () => remember(regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr), loss: rmsle }), { opt, lr, batchSize }),
        data: positive,
        fit: { batchSize },
        twin: { fix: 'log(relu(p) + 1)', build: () => regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr), loss: fixed }), data: positive },
      };
    }
    // tfjs wants y shaped like the output: the target sits in column 0, column 1 is padding.
    const nll = (y: tf.Tensor, p: tf.Tensor) => {
      const target = tf.slice(y, [0, 0], [-1, 1]);
      const mu = tf.slice(p, [0, 0], [-1, 1]);
      const variance = tf.slice(p, [0, 1], [-1, 1]);
      return tf.mean(tf.add(tf.log(variance), tf.div(tf.square(tf.sub(target, mu)), variance)));
    };
    const fixedNll = (y: tf.Tensor, p: tf.Tensor) => {
      const target = tf.slice(y, [0, 0], [-1, 1]);
      const mu = tf.slice(p, [0, 0], [-1, 1]);
      const variance = tf.add(tf.softplus(tf.slice(p, [0, 1], [-1, 1])), 1e-3);
      return tf.mean(tf.add(tf.log(variance), tf.div(tf.square(tf.sub(target, mu)), variance)));
    };
    const targets = () => mapY(positive(), (y) => tf.concat([y, tf.zerosLike(y)], 1));
    return {
      what: `${label}, ${dims} features`,
      build: () => remember(regressor({ inputDim: dims, hidden, act, out: 2, optimizer: optimizer(opt, lr), loss: nll }), { opt, lr, batchSize }),
      data: targets,
      fit: { batchSize },
      twin: { fix: 'variance = softplus(v) + 1e-3', build: () => regressor({ inputDim: dims, hidden, act, out: 2, optimizer: optimizer(opt, lr), loss: fixedNll }), data: targets },
    };
  },
  confirm: byOutcome({ failure: 'non-finite', describe: lossGrowth }),
};

/**
 * Real-world fault: a hand-written loss that divides by something that can be 0:
 *  - `mape`: mean absolute percentage error |y − p| / |y| on count-like targets that are often exactly 0
 *    (sales, clicks: regression targets clipped at 0);
 *  - `per-positive`: a class-imbalanced binary loss normalised by the number of positives in the batch
 *    (RetinaNet-style Σ bce / Σ y) on data with 2–10% positives — a batch without a positive divides by 0.
 * Ranges: 1–3 hidden layers of 16–64 ReLU/tanh units, adam/rmsprop lr 1e-4–1e-2 or sgd 1e-3–0.05,
 * batch 16–64 (per-positive) or 16–128 (mape).
 * Fixed twins: MAPE with the denominator floored at 1 (max(|y|, 1)); the per-positive loss divided by
 * max(Σ y, 1). Confirm: non-finite run, twin learns (file header).
 */
export const nanCustomLossDivision: Family = {
  id: 'nan_loss/custom-loss-division-by-zero',
  expected: ['nan_loss'],
  kind: 'fit',
  what: 'hand-written losses dividing by a value that can be 0 (MAPE on zero-heavy count targets; a per-positive-normalised BCE on 2–10% positives); MLPs, adam/rmsprop/sgd',
  sample(d) {
    const mechanism = d.pick(['mape', 'per-positive'] as const);
    const { hidden, act } = drawSmallMlp(d);
    const { name: opt, lr } = drawOpt(d, ORDINARY_LRS);
    const seed = d.seed();
    const dims = d.int(4, 12);
    if (mechanism === 'mape') {
      const batchSize = d.pick([16, 32, 64, 128]);
      const mape = (y: tf.Tensor, p: tf.Tensor) => tf.mul(100, tf.mean(tf.div(tf.abs(tf.sub(y, p)), tf.abs(y))));
      const floored = (y: tf.Tensor, p: tf.Tensor) => tf.mul(100, tf.mean(tf.div(tf.abs(tf.sub(y, p)), tf.maximum(tf.abs(y), 1))));
      const counts = () => mapY(regression(640, { dims, seed }), (y) => tf.relu(y));
      return {
        what: `mape on zero-clipped targets, ${act} ${hidden.join('×')}, ${opt} ${fmt(lr)}, batch ${batchSize}, ${dims} features`,
        build: () => remember(regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr), loss: mape }), { opt, lr, batchSize }),
        data: counts,
        fit: { batchSize },
        twin: { fix: 'denominator max(|y|, 1)', build: () => regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr), loss: floored }), data: counts },
      };
    }
    const batchSize = d.pick([16, 32, 64]);
    const share = d.uniform(0.02, 0.1);
    const perPositive = (y: tf.Tensor, p: tf.Tensor) => {
      const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
      const bce = tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))));
      // RetinaNet-style normalisation: the summed loss over every sample, divided by the positives.
      return tf.div(tf.sum(bce), tf.sum(y));
    };
    const perPositiveFloored = (y: tf.Tensor, p: tf.Tensor) => {
      const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
      const bce = tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))));
      return tf.div(tf.sum(bce), tf.maximum(tf.sum(y), 1));
    };
    return {
      what: `bce / #positives, ${(100 * share).toFixed(0)}% positives, ${act} ${hidden.join('×')}, ${opt} ${fmt(lr)}, batch ${batchSize}, ${dims} features`,
      build: () => remember(mlp({ inputDim: dims, hidden, act, out: 1, outAct: 'sigmoid', loss: perPositive, optimizer: optimizer(opt, lr) }), { opt, lr, batchSize }),
      data: () => binary(960, { dims, seed, positiveShare: share }),
      fit: { batchSize },
      twin: {
        fix: 'divide by max(Σ y, 1)',
        build: () => mlp({ inputDim: dims, hidden, act, out: 1, outAct: 'sigmoid', loss: perPositiveFloored, optimizer: optimizer(opt, lr) }),
        data: () => binary(960, { dims, seed, positiveShare: share }),
      },
    };
  },
  confirm: byOutcome({ failure: 'non-finite', describe: lossGrowth }),
};

/**
 * Real-world fault: missing values left as NaN in the feature matrix (a CSV with empty cells parsed to
 * NaN and never imputed). One NaN sample in a batch makes that step's gradient NaN and every weight
 * with it.
 * Ranges: 1–3 features with 1–10% of the rows missing; blobs (3–5 classes), binary or regression data;
 * 1–3 hidden layers of 16–64 ReLU/tanh units; adam/rmsprop lr 1e-4–1e-2 or sgd 1e-3–0.05; batch 16–128.
 * Fixed twin: the missing cells imputed with their column's mean. Confirm: non-finite run, twin learns
 * (file header); noted: the share of NaN cells in x.
 */
export const nanMissingInputs: Family = {
  id: 'nan_loss/missing-values-in-inputs',
  expected: ['nan_loss', 'input_not_normalized'],
  kind: 'fit',
  what: 'NaN (never-imputed missing values) in 1–3 feature columns of 1–10% of the rows; blobs/binary/regression MLPs, adam/rmsprop/sgd, batch 16–128',
  sample(d) {
    const kind = d.pick(['blobs', 'binary', 'regression'] as const);
    const dims = d.int(4, 12);
    const columns = d.int(1, 3);
    const rowShare = d.logUniform(0.01, 0.1);
    const { hidden, act } = drawSmallMlp(d);
    const { name: opt, lr } = drawOpt(d, ORDINARY_LRS);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    const maskSeed = d.seed();
    const classes = d.int(3, 5);
    const punch = (data: ZooData): ZooData => {
      const [n, f] = data.x.shape as [number, number];
      let s = maskSeed;
      const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 2 ** 32);
      const cols = Array.from({ length: columns }, () => Math.floor(next() * f));
      const mask = new Float32Array(n * f);
      for (let i = 0; i < n; i++) if (next() < rowShare) for (const c of cols) mask[i * f + c] = 1;
      return mapX(data, (x) => tf.where(tf.cast(tf.tensor2d(mask, [n, f]), 'bool'), tf.fill([n, f], NaN), x));
    };
    const opti = () => optimizer(opt, lr);
    const make = () =>
      kind === 'regression'
        ? regressor({ inputDim: dims, hidden, act, optimizer: opti() })
        : kind === 'binary'
          ? mlp({ inputDim: dims, hidden, act, out: 1, outAct: 'sigmoid', loss: 'binaryCrossentropy', optimizer: opti() })
          : mlp({ inputDim: dims, hidden, act, out: classes, optimizer: opti() });
    const punched = () => punch(kind === 'regression' ? regression(640, { dims, seed }) : kind === 'binary' ? binary(960, { dims, seed }) : blobs(960, { classes, dims, seed }));
    return {
      what: `${kind}, NaN in ${columns} column(s) of ${(100 * rowShare).toFixed(1)}% of rows, ${act} ${hidden.join('×')}, ${opt} ${fmt(lr)}, batch ${batchSize}`,
      build: () => remember(make(), { opt, lr, batchSize }),
      data: punched,
      fit: { batchSize },
      twin: { fix: 'NaN cells imputed with the column mean', build: make, data: () => mapX(punched(), imputeColumnMeans) },
    };
  },
  confirm: byOutcome({ failure: 'non-finite', describe: (ctx) => `${nanShare(ctx.data.x)} of the input cells are NaN; ${lossGrowth(ctx)}` }),
};

/** Each NaN cell replaced by the mean of its column's finite cells. */
function imputeColumnMeans(x: tf.Tensor): tf.Tensor {
  const finite = tf.isFinite(x);
  const zeroed = tf.where(finite, x, tf.zerosLike(x));
  const means = tf.div(tf.sum(zeroed, 0), tf.maximum(tf.sum(tf.cast(finite, 'float32'), 0), 1));
  return tf.where(finite, x, tf.mul(tf.onesLike(x), means));
}

const nanShare = (x: tf.Tensor): string => {
  const share = tf.tidy(() => tf.mean(tf.cast(tf.logicalNot(tf.isFinite(x)), 'float32')).dataSync()[0]);
  return `${(100 * share).toFixed(1)}%`;
};

export const NAN_FAMILIES: Family[] = [nanRegressionDivergence, nanCustomLossLog, nanCustomLossDivision, nanMissingInputs];
