/**
 * lr_too_high families: steps so large that training makes no progress (or goes backwards).
 *
 * Definition used by every confirmation: on a problem that a sane learning rate fits easily (well
 * separated blobs, spirals, bar images, a smooth regression), the model trained at the drawn learning
 * rate ends NO BETTER than a trivial predictor — its own loss, evaluated on its training data after
 * the run, is non-finite or at least the loss of the better of (a) the untrained initial model and
 * (b) the constant baseline (ln C for a C-class classifier predicting the uniform prior, the target
 * variance for a regression predicting the mean). The fault is the only thing planted, so a run that
 * ends no better than a constant prediction is the consequence of the step size.
 */
import { bars, blobs, regression, spirals } from '../data';
import { cnn, mlp, optimizer, regressor } from '../models';
import { classesOf, variance } from '../oracles';
import { drawOpt } from './common';
import type { ConfirmContext, Family } from './family';
import { fmt, initialLoss, remember, replay, runInfo, trainedLoss } from './training-dynamics-measure';

function confirmNoProgress(ctx: ConfirmContext, baseline: number, baselineName: string): string | null {
  const final = trainedLoss(ctx);
  if (!Number.isFinite(final)) return null;
  const start = initialLoss(ctx);
  const bar = Number.isFinite(start) ? Math.min(start, baseline) : baseline;
  return final >= bar ? null : `trained loss ${fmt(final)} < min(initial ${fmt(start)}, ${baselineName} ${fmt(baseline)}): training made progress`;
}

const classifierNoProgress = (ctx: ConfirmContext) => confirmNoProgress(ctx, Math.log(classesOf(ctx.data.y)), 'ln C');

/**
 * Regression: Adam/RMSProp bound each step, so a too-high LR thrashes at a loss between the optimum and
 * var(y) rather than ending at the trivial baseline. Confirmed when the trained MSE is non-finite, ≥
 * var(y) (no better than predicting the mean), or ≥ 3 × the MSE the same model reaches from the same
 * initial weights with the same optimizer at a 100× smaller learning rate in the same number of steps
 * (a replay): the step size, and nothing else, costs at least 3× the error.
 */
function regressionTooHigh(ctx: ConfirmContext): string | null {
  const final = trainedLoss(ctx);
  // The MSE of always predicting the mean of y: the trivial regression baseline.
  const baseline = variance(ctx.data.y);
  if (!Number.isFinite(final) || final >= baseline) return null;
  const info = runInfo(ctx.model);
  if (!info) return 'run parameters not recorded';
  const reference = replay(ctx, { ...info, lr: info.lr / 100 }, Math.max(1, ctx.losses.length)).final;
  return final >= 3 * reference ? null : `trained MSE ${fmt(final)} < 3 × the MSE at lr/100 (${fmt(reference)}) and < var(y) ${fmt(baseline)}`;
}

/**
 * Real-world fault: an MLP classifier trained with a learning rate 100–3000× the usual default
 * (a typo'd exponent, an LR copied from a different optimizer or a schedule that starts too high).
 * Ranges: blobs (3–5 classes, 4–16 features) or spirals (3 classes); 1–3 hidden layers of 32–128
 * ReLU/tanh units; adam lr 0.2–3, rmsprop 0.1–1, sgd 5–100, momentum(0.9) 1–20; batch 16–128.
 * Confirm: trained loss ≥ min(initial loss, ln C), or non-finite (see the file header).
 */
export const lrMlpClassifier: Family = {
  id: 'lr_too_high/mlp-classifier',
  expected: ['lr_too_high'],
  kind: 'fit',
  what: 'MLP classifier (blobs/spirals, 1–3 hidden layers of 32–128 ReLU/tanh units) with adam 0.2–3, rmsprop 0.1–1, sgd 5–100 or momentum 1–20; batch 16–128',
  sample(d) {
    const { name: opt, lr } = drawOpt(d, { adam: [0.2, 3], rmsprop: [0.1, 1], sgd: [5, 100], momentum: [1, 20] });
    const kind = d.pick(['blobs', 'blobs', 'spirals'] as const);
    const classes = kind === 'blobs' ? d.int(3, 5) : 3;
    const dims = kind === 'blobs' ? d.int(4, 16) : 2;
    const depth = d.int(1, 3);
    const hidden = Array.from({ length: depth }, () => d.pick([32, 64, 128]));
    const act = d.pick(['relu', 'tanh'] as const);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    return {
      what: `${opt} ${fmt(lr)}, ${act} ${hidden.join('×')}, ${kind} ${classes} classes, batch ${batchSize}`,
      build: () => remember(mlp({ inputDim: dims, hidden, act, out: classes, optimizer: optimizer(opt, lr) }), { opt, lr, batchSize }),
      data: () => (kind === 'blobs' ? blobs(960, { classes, dims, seed }) : spirals(900, { classes, seed })),
      fit: { batchSize },
    };
  },
  confirm: classifierNoProgress,
};

/**
 * Real-world fault: a small CNN on images trained with a learning rate far above the default.
 * Ranges: 12×12 or 16×16 bar images (3 classes); conv filters [4–16] or [8, 16], dense 16–64, ReLU;
 * adam lr 0.2–1.5, rmsprop 0.1–1, sgd 5–50, momentum(0.9) 1–8; batch 16–64; 150 steps.
 * Confirm: trained loss ≥ min(initial loss, ln C), or non-finite (see the file header).
 */
export const lrCnnClassifier: Family = {
  id: 'lr_too_high/cnn-classifier',
  expected: ['lr_too_high'],
  kind: 'fit',
  what: 'small CNN on bar images (1–2 conv layers, dense 16–64) with adam 0.2–1.5, rmsprop 0.1–1, sgd 5–50 or momentum 1–8; batch 16–64',
  sample(d) {
    const { name: opt, lr } = drawOpt(d, { adam: [0.2, 1.5], rmsprop: [0.1, 1], sgd: [5, 50], momentum: [1, 8] });
    const size = d.pick([12, 16]);
    const filters = d.pick([[4], [8], [16], [8, 16]]);
    const dense = d.pick([16, 32, 64]);
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    return {
      what: `${opt} ${fmt(lr)}, conv ${filters.join('-')} dense ${dense}, bars ${size}×${size}, batch ${batchSize}`,
      build: () => remember(cnn({ inputShape: [size, size, 1], filters, dense, optimizer: optimizer(opt, lr) }), { opt, lr, batchSize }),
      data: () => bars(480, { size, seed }),
      fit: { batchSize, maxSteps: 150 },
    };
  },
  confirm: classifierNoProgress,
};

/**
 * Real-world fault: an MSE regression trained with an adaptive optimizer at a learning rate 100–5000×
 * the default: Adam/RMSProp bound each step, so the loss does not overflow — it thrashes.
 * Ranges: regression data (4–12 features, 640 samples); 1–3 hidden layers of 32–64 ReLU/tanh units;
 * adam lr 0.3–5 or rmsprop 0.1–3; batch 16–128; 200 steps.
 * Confirm: trained MSE non-finite, ≥ var(y), or ≥ 3 × the MSE a 100× smaller learning rate reaches in
 * the same steps from the same initial weights (regressionTooHigh).
 */
export const lrRegression: Family = {
  id: 'lr_too_high/regression-adaptive',
  expected: ['lr_too_high'],
  kind: 'fit',
  what: 'MSE regression (1–3 hidden layers of 32–64 ReLU/tanh units) with adam 0.3–5 or rmsprop 0.1–3; batch 16–128',
  sample(d) {
    const opt = d.pick(['adam', 'rmsprop'] as const);
    const lr = opt === 'adam' ? d.logUniform(0.3, 5) : d.logUniform(0.1, 3);
    const dims = d.int(4, 12);
    const depth = d.int(1, 3);
    const hidden = Array.from({ length: depth }, () => d.pick([32, 64]));
    const act = d.pick(['relu', 'tanh'] as const);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    return {
      what: `${opt} ${fmt(lr)}, ${act} ${hidden.join('×')}, ${dims} features, batch ${batchSize}`,
      build: () => remember(regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr) }), { opt, lr, batchSize }),
      data: () => regression(640, { dims, seed }),
      fit: { batchSize, maxSteps: 200 },
    };
  },
  confirm: regressionTooHigh,
};

export const LR_FAMILIES: Family[] = [lrMlpClassifier, lrCnnClassifier, lrRegression];
