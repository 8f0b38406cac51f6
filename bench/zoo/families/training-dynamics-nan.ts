/**
 * nan_loss families: the training loss (or the weights behind it) becomes NaN or ±Infinity.
 * Confirmation for every family (nonFinite): a non-finite loss in the per-step log, a non-finite
 * trainable weight after the run, or the model's own compiled loss on its training data being
 * non-finite — that is the definition of the fault, measured directly.
 */
import * as tf from '@tensorflow/tfjs-core';
import { binary, blobs, mapX, mapY, regression, spirals, type ZooData } from '../data';
import { mlp, optimizer, regressor } from '../models';
import { all, hasNonFinite, hasNonFiniteWeights, require_ } from '../oracles';
import { drawOpt, widths, type LrRanges } from './common';
import type { ConfirmContext, Draw, Family } from './family';
import { firstNonFinite, fmt, loggedLosses, maxFinite, remember, replay, runInfo, trainedLoss } from './training-dynamics-measure';

/** 1–3 hidden layers of 16, 32 or 64 units, ReLU or tanh: the MLPs of every nan_loss family. */
function drawSmallMlp(d: Draw): { hidden: number[]; act: 'relu' | 'tanh' } {
  const hidden = widths(d, d.int(1, 3), [16, 32, 64]);
  return { hidden, act: d.pick(['relu', 'tanh'] as const) };
}

/** Ordinary learning rates, for the families whose fault is not the learning rate. */
const ORDINARY_LRS: LrRanges = { adam: [1e-4, 1e-2], rmsprop: [1e-4, 1e-2], sgd: [1e-3, 0.05] };

/**
 * Non-finite loss or weights: a non-finite value in the per-step loss log, a non-finite trainable
 * weight after the run, or the model's own compiled loss evaluated on its training data (in batches
 * of the run's size) being non-finite.
 */
function nonFinite(ctx: ConfirmContext): string | null {
  const logged = loggedLosses(ctx);
  if (logged && firstNonFinite(logged) >= 0) return null;
  if (hasNonFiniteWeights(ctx.model)) return null;
  const evaluated = trainedLoss(ctx);
  return require_(!Number.isFinite(evaluated), `loss finite over ${ctx.losses.length} steps, weights finite, evaluated loss ${fmt(evaluated)}`);
}

/**
 * Real-world fault: a regression trained with plain SGD or SGD+momentum at a learning rate past the
 * stability limit of its MSE surface — the loss grows geometrically until it overflows to Infinity/NaN.
 * Ranges: regression data (480–960 samples, 4–12 features, targets ×1–5), 1–3 hidden layers of 16–64
 * ReLU/tanh units; SGD lr 0.5–3 or momentum(0.9) lr 0.15–0.8; batch 16–128.
 * Confirm, with a replay of the run (up to 300 steps from the initial weights with the same optimizer
 * and learning rate on consecutive, unshuffled batches):
 *  - nan_loss: a non-finite loss or weight in the run itself (nonFinite), or — only when the run's
 *    loss log is not readable — the replay's loss becoming non-finite (the same setup, measured again:
 *    the run's stop on NaN can leave finite weights behind). Until the confirm draw this accepted the
 *    replay's NaN even beside a readable, finite log, and so scored a run that never went NaN;
 *  - lr_too_high: the loss diverges through growth — the step size makes it grow instead of fall, the
 *    definition of a learning rate past the stability limit: the replay's loss becomes non-finite or
 *    its largest value within 60 steps is ≥ 10 × the first.
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
    };
  },
  confirm: (ctx) => {
    const info = runInfo(ctx.model);
    if (!info) return 'run parameters not recorded';
    const replayed = replay(ctx, info, 300).losses;
    const blewUp = firstNonFinite(replayed) >= 0;
    const grew = maxFinite(replayed.slice(0, 60)) / replayed[0];
    return all(
      // The run's own NaN, or — only when the run's log cannot show it — the replay of the same run reaching
      // one. A readable, finite log means this run never went NaN, whatever a replay on other batches does.
      nonFinite(ctx) === null || (!loggedLosses(ctx) && blewUp) ? null : `no non-finite loss or weight in the run${loggedLosses(ctx) ? '' : ` or in a ${replayed.length}-step replay`}`,
      require_(blewUp || grew >= 10, `replay does not diverge: largest loss ${fmt(grew)} × the first in 60 steps`),
    );
  },
};

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
      };
    }
    const dims = d.int(4, 12);
    // Positive targets (prices, durations): y shifted to be ≥ 0.
    const positive = (): ZooData => mapY(regression(640, { dims, seed }), (y) => tf.sub(y, tf.min(y)));
    if (mechanism === 'rmsle') {
      const rmsle = (y: tf.Tensor, p: tf.Tensor) => tf.mean(tf.square(tf.sub(tf.log(tf.add(p, 1)), tf.log(tf.add(y, 1)))));
      return {
        what: `${label}, ${dims} features`,
        build: () => remember(regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr), loss: rmsle }), { opt, lr, batchSize }),
        data: positive,
        fit: { batchSize },
      };
    }
    // tfjs wants y shaped like the output: the target sits in column 0, column 1 is padding.
    const nll = (y: tf.Tensor, p: tf.Tensor) => {
      const target = tf.slice(y, [0, 0], [-1, 1]);
      const mu = tf.slice(p, [0, 0], [-1, 1]);
      const variance = tf.slice(p, [0, 1], [-1, 1]);
      return tf.mean(tf.add(tf.log(variance), tf.div(tf.square(tf.sub(target, mu)), variance)));
    };
    return {
      what: `${label}, ${dims} features`,
      build: () => remember(regressor({ inputDim: dims, hidden, act, out: 2, optimizer: optimizer(opt, lr), loss: nll }), { opt, lr, batchSize }),
      data: () => mapY(positive(), (y) => tf.concat([y, tf.zerosLike(y)], 1)),
      fit: { batchSize },
    };
  },
  confirm: nonFinite,
};

/**
 * Real-world fault: a hand-written loss that divides by something that can be 0:
 *  - `mape`: mean absolute percentage error |y − p| / |y| on count-like targets that are often exactly 0
 *    (sales, clicks: regression targets clipped at 0);
 *  - `per-positive`: a class-imbalanced binary loss normalised by the number of positives in the batch
 *    (RetinaNet-style Σ bce / Σ y) on data with 2–10% positives — a batch without a positive divides by 0.
 * Ranges: 1–3 hidden layers of 16–64 ReLU/tanh units, adam/rmsprop lr 1e-4–1e-2 or sgd 1e-3–0.05,
 * batch 16–64 (per-positive) or 16–128 (mape).
 * Confirm: a non-finite loss or weight.
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
      return {
        what: `mape on zero-clipped targets, ${act} ${hidden.join('×')}, ${opt} ${fmt(lr)}, batch ${batchSize}, ${dims} features`,
        build: () => remember(regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr), loss: mape }), { opt, lr, batchSize }),
        data: () => mapY(regression(640, { dims, seed }), (y) => tf.relu(y)),
        fit: { batchSize },
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
    return {
      what: `bce / #positives, ${(100 * share).toFixed(0)}% positives, ${act} ${hidden.join('×')}, ${opt} ${fmt(lr)}, batch ${batchSize}, ${dims} features`,
      build: () => remember(mlp({ inputDim: dims, hidden, act, out: 1, outAct: 'sigmoid', loss: perPositive, optimizer: optimizer(opt, lr) }), { opt, lr, batchSize }),
      data: () => binary(960, { dims, seed, positiveShare: share }),
      fit: { batchSize },
    };
  },
  confirm: nonFinite,
};

/**
 * Real-world fault: missing values left as NaN in the feature matrix (a CSV with empty cells parsed to
 * NaN and never imputed). One NaN sample in a batch makes that step's gradient NaN and every weight
 * with it.
 * Ranges: 1–3 features with 1–10% of the rows missing; blobs (3–5 classes), binary or regression data;
 * 1–3 hidden layers of 16–64 ReLU/tanh units; adam/rmsprop lr 1e-4–1e-2 or sgd 1e-3–0.05; batch 16–128.
 * Confirm: the inputs hold non-finite values (input_not_normalized: broken inputs, measured on the
 * data) AND a non-finite loss or weight after the run (nan_loss).
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
    return {
      what: `${kind}, NaN in ${columns} column(s) of ${(100 * rowShare).toFixed(1)}% of rows, ${act} ${hidden.join('×')}, ${opt} ${fmt(lr)}, batch ${batchSize}`,
      build: () =>
        remember(
          kind === 'regression'
            ? regressor({ inputDim: dims, hidden, act, optimizer: opti() })
            : kind === 'binary'
              ? mlp({ inputDim: dims, hidden, act, out: 1, outAct: 'sigmoid', loss: 'binaryCrossentropy', optimizer: opti() })
              : mlp({ inputDim: dims, hidden, act, out: classes, optimizer: opti() }),
          { opt, lr, batchSize },
        ),
      data: () => punch(kind === 'regression' ? regression(640, { dims, seed }) : kind === 'binary' ? binary(960, { dims, seed }) : blobs(960, { classes, dims, seed })),
      fit: { batchSize },
    };
  },
  confirm: (ctx) => all(require_(hasNonFinite(ctx.data.x), 'no NaN in the inputs'), nonFinite(ctx)),
};

export const NAN_FAMILIES: Family[] = [nanRegressionDivergence, nanCustomLossLog, nanCustomLossDivision, nanMissingInputs];
