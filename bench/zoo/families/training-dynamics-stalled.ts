/**
 * Families for training that runs but cannot move: lr_too_low (steps too small to get anywhere) and
 * weights_not_updating (steps of exactly zero).
 *
 * Confirmation, both families (../outcome.ts): the buggy run fails to learn by the standard criterion
 * (cross-entropy not below 0.9 × the label prior's entropy, or accuracy not 10 points over the majority
 * share) AND its fixed twin — the same program with the usual learning rate (USUAL_LR), or unfrozen —
 * learns by the same criterion in the same steps. Noted, not gated: the logged loss at the start and end.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { blobs, spirals } from '../data';
import { mlp, optimizer } from '../models';
import { byOutcome, lossPath } from '../outcome';
import { drawOpt } from './common';
import type { Draw, Family } from './family';
import { USUAL_LR } from './training-dynamics-lr';
import { fmt, remember } from './training-dynamics-measure';

const confirmStalled = byOutcome({ describe: lossPath });

/**
 * The classifier both families train (drawn after the optimizer, in this order): blobs (3–5 classes, 4–16
 * features) or spirals; 1–2 hidden layers of 32–128 ReLU/tanh units; batch 16–64.
 */
function drawTask(d: Draw) {
  const kind = d.pick(['blobs', 'blobs', 'spirals'] as const);
  const classes = kind === 'blobs' ? d.int(3, 5) : 3;
  const dims = kind === 'blobs' ? d.int(4, 16) : 2;
  const hidden = Array.from({ length: d.int(1, 2) }, () => d.pick([32, 64, 128]));
  const act = d.pick(['relu', 'tanh'] as const);
  const batchSize = d.pick([16, 32, 64]);
  const seed = d.seed();
  return {
    label: `${act} ${hidden.join('×')}, ${kind} ${classes} classes, batch ${batchSize}`,
    batchSize,
    build: (opt: tf.Optimizer) => mlp({ inputDim: dims, hidden, act, out: classes, optimizer: opt }),
    data: () => (kind === 'blobs' ? blobs(960, { classes, dims, seed }) : spirals(900, { classes, seed })),
  };
}

/**
 * Real-world fault: a learning rate 1,000–100,000× below the usual one (an exponent typo, a rate tuned
 * for another loss scale, a decay schedule that has already decayed). MLP classifier on blobs (3–5
 * classes, 4–16 features) or spirals; 1–2 hidden layers of 32–128 ReLU/tanh units; sgd 1e-6–1e-4,
 * momentum(0.9) 1e-7–1e-5, adam/rmsprop 1e-7–3e-6; batch 16–64; 300 steps.
 * Fixed twin: the optimizer at USUAL_LR.
 */
export const lrTooLowMlp: Family = {
  id: 'lr_too_low/tiny-rate',
  expected: ['lr_too_low'],
  kind: 'fit',
  what: 'MLP classifier (blobs/spirals, 1–2 hidden layers of 32–128 ReLU/tanh units) with sgd 1e-6–1e-4, momentum 1e-7–1e-5, adam/rmsprop 1e-7–3e-6; batch 16–64',
  sample(d) {
    const { name: opt, lr } = drawOpt(d, { adam: [1e-7, 3e-6], rmsprop: [1e-7, 3e-6], sgd: [1e-6, 1e-4], momentum: [1e-7, 1e-5] });
    const task = drawTask(d);
    return {
      what: `${opt} ${fmt(lr)}, ${task.label}`,
      build: () => remember(task.build(optimizer(opt, lr)), { opt, lr, batchSize: task.batchSize }),
      data: task.data,
      fit: { batchSize: task.batchSize },
      twin: { fix: `${opt} at ${USUAL_LR[opt]}`, build: () => task.build(optimizer(opt, USUAL_LR[opt])), data: task.data },
    };
  },
  confirm: confirmStalled,
};

/**
 * Real-world fault: a learning rate of exactly 0 — a schedule that rounds to 0, a warm-up written as
 * `lr * 0` — so training runs and no weight moves. Same MLPs and data as above; adam, rmsprop, sgd or
 * momentum; batch 16–64; 300 steps. Fixed twin: the optimizer at USUAL_LR. (Every layer frozen is not
 * drawn: tfjs's fit itself refuses it before the first step — "variableGrads() expects at least one of
 * the input variables to be trainable" — so it never trains silently.)
 */
export const weightsZeroRate: Family = {
  id: 'weights_not_updating/zero-rate',
  expected: ['weights_not_updating'],
  kind: 'fit',
  what: 'MLP classifier (blobs/spirals, 1–2 hidden layers of 32–128 ReLU/tanh units) with a learning rate of 0; adam/rmsprop/sgd/momentum; batch 16–64',
  sample(d) {
    const opt = d.pick(['adam', 'rmsprop', 'sgd', 'momentum'] as const);
    const task = drawTask(d);
    return {
      what: `${opt} at 0, ${task.label}`,
      build: () => task.build(optimizer(opt, 0)),
      data: task.data,
      fit: { batchSize: task.batchSize },
      twin: { fix: `${opt} at ${USUAL_LR[opt]}`, build: () => task.build(optimizer(opt, USUAL_LR[opt])), data: task.data },
    };
  },
  confirm: confirmStalled,
};

export const STALLED_FAMILIES: Family[] = [lrTooLowMlp, weightsZeroRate];
