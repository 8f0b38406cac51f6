/**
 * lr_too_high families: steps so large that training makes no progress (or goes backwards).
 *
 * Confirmation, every family (../outcome.ts): the run at the drawn learning rate fails to learn by the
 * standard criterion — its cross-entropy on the training data is not below 0.9 × the label prior's
 * entropy or its accuracy is not 10 points over the majority share (a regression: MSE not below
 * 0.9 × var(y)), or a loss, weight or output went non-finite — AND its fixed twin, the same program
 * with the learning rate set back to the optimizer's usual value (USUAL_LR: adam/rmsprop 3e-3, sgd 0.1,
 * momentum 0.9 at 0.01), trained for the same steps, learns by the same criterion. Noted, not gated:
 * the logged loss at the start and the end of the run.
 */
import { bars, blobs, regression, spirals } from '../data';
import { cnn, mlp, optimizer, regressor, type OptName } from '../models';
import { byOutcome, lossPath } from '../outcome';
import { drawOpt } from './common';
import type { Family } from './family';
import { fmt, remember } from './training-dynamics-measure';

/** The usual learning rate per optimizer: the fixed twins' step size. */
export const USUAL_LR: Record<OptName, number> = { adam: 3e-3, rmsprop: 3e-3, sgd: 0.1, momentum: 0.01 };

const confirmLr = byOutcome({ describe: lossPath });

/**
 * Real-world fault: an MLP classifier trained with a learning rate 100–3000× the usual default
 * (a typo'd exponent, an LR copied from a different optimizer or a schedule that starts too high).
 * Ranges: blobs (3–5 classes, 4–16 features) or spirals (3 classes); 1–3 hidden layers of 32–128
 * ReLU/tanh units; adam lr 0.2–3, rmsprop 0.1–1, sgd 5–100, momentum(0.9) 1–20; batch 16–128.
 * Confirm: by outcome, twin at USUAL_LR (see the file header).
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
      twin: {
        fix: `${opt} at ${USUAL_LR[opt]}`,
        build: () => mlp({ inputDim: dims, hidden, act, out: classes, optimizer: optimizer(opt, USUAL_LR[opt]) }),
        data: () => (kind === 'blobs' ? blobs(960, { classes, dims, seed }) : spirals(900, { classes, seed })),
      },
    };
  },
  confirm: confirmLr,
};

/**
 * Real-world fault: a small CNN on images trained with a learning rate far above the default.
 * Ranges: 12×12 or 16×16 bar images (3 classes); conv filters [4–16] or [8, 16], dense 16–64, ReLU;
 * adam lr 0.2–1.5, rmsprop 0.1–1, sgd 5–50, momentum(0.9) 1–8; batch 16–64; 150 steps.
 * Confirm: by outcome, twin at USUAL_LR (see the file header).
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
      twin: { fix: `${opt} at ${USUAL_LR[opt]}`, build: () => cnn({ inputShape: [size, size, 1], filters, dense, optimizer: optimizer(opt, USUAL_LR[opt]) }), data: () => bars(480, { size, seed }) },
    };
  },
  confirm: confirmLr,
};

/**
 * Real-world fault: an MSE regression trained with an adaptive optimizer at a learning rate 100–5000×
 * the default: Adam/RMSProp bound each step, so the loss does not overflow — it thrashes.
 * Ranges: regression data (4–12 features, 640 samples); 1–3 hidden layers of 32–64 ReLU/tanh units;
 * adam lr 0.3–5 or rmsprop 0.1–3; batch 16–128; 200 steps.
 * Confirm: by outcome — the MSE not below 0.9 × var(y) (or non-finite) — twin at USUAL_LR (file header).
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
      twin: { fix: `${opt} at ${USUAL_LR[opt]}`, build: () => regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, USUAL_LR[opt]) }), data: () => regression(640, { dims, seed }) },
    };
  },
  confirm: confirmLr,
};

export const LR_FAMILIES: Family[] = [lrMlpClassifier, lrCnnClassifier, lrRegression];
