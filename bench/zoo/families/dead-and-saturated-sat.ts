/**
 * saturated_output families: softmax/sigmoid outputs pinned at 0/1. tfjs's probability cross-entropies
 * clip p to [1e-7, 1 − 1e-7], so a sample whose true-class probability is below 1e-7 costs a constant
 * −ln(1e-7) ≈ 16.1 and gets exactly zero gradient of its own: it can only be rescued indirectly, by
 * other samples' updates to the shared weights, and in these families it mostly is not.
 *
 * Confirmation, every family (../outcome.ts, `failure: 'finite'`): the buggy run fails to learn with
 * finite numbers by the standard criterion — cross-entropy not below 0.9 × the label prior's entropy,
 * or accuracy not 10 points over the majority share (a minority of wrongly pinned samples alone costs
 * 16 nats each, so a run that looks accurate can still fail on its loss) — AND its fixed twin, named
 * per family, trained for the same steps, learns by the same criterion. Noted, not gated: the share of
 * training samples (up to 512) whose true class is pinned below 1e-7 after the run.
 */
import * as tf from '@tensorflow/tfjs-core';
import { binary, blobs, cifarSlice, mapX, spirals } from '../data';
import { cnn, mlp, normal, optimizer } from '../models';
import { pct, wrongPinnedFraction } from '../oracles';
import { byOutcome, lossPath } from '../outcome';
import type { ConfirmContext, Family } from './family';

/** Note: the share of training samples pinned below 1e-7 on their true class, and the logged loss. */
const pinnedNote = (ctx: ConfirmContext): string => `${pct(wrongPinnedFraction(ctx.model, ctx.data.x, ctx.data.y))} of training samples pinned on the wrong side; ${lossPath(ctx)}`;

const confirmSaturated = byOutcome({ failure: 'finite', describe: pinnedNote });

/**
 * Real-world fault: a softmax classifier whose logits start huge — an output kernel drawn with stddev
 * 10–100 (randomNormal({ stddev: 1 }) scaled up, or a "× 10" meant for something else) or raw,
 * unscaled blob features (×20–200: prices, pixel sums) with the default init — so most samples start
 * pinned, many of them on the wrong class, and those never move. ReLU or tanh MLPs of 1–2 hidden layers
 * (32–64), blobs (3–6 classes, 4–16 dims) or spirals, adam/rmsprop/momentum/sgd, batch 16–128. Measured and left
 * out: raw spirals (|x| ≤ 1, ×20), output stddev 5–10, and ReLU MLPs on spirals with output stddev
 * 10–70 start at loss 7–11 but have healed (< 1% wrongly pinned) by the end of training; on spirals
 * only tanh MLPs with stddev ≥ 30 stay pinned. Fixed twin: the default (Glorot) output init, or the
 * raw features scaled back to their units (÷ the factor).
 */
export const satSoftmaxHugeLogits: Family = {
  id: 'saturated_output/softmax-huge-logits',
  expected: ['saturated_output'],
  kind: 'fit',
  what: 'softmax MLP whose logits start huge: output kernel stddev 10–100 (blobs, ReLU/tanh) or 30–100 (spirals, tanh), or raw blob features ×20–200 with default init; 1–2×32–64; adam/rmsprop/momentum/sgd; batch 16–128',
  sample(d) {
    const cause = d.pick(['output-kernel', 'raw-inputs'] as const);
    const dataKind = cause === 'raw-inputs' ? 'blobs' : d.pick(['blobs', 'blobs', 'spirals'] as const);
    const outStd = dataKind === 'spirals' ? d.logUniform(30, 100) : d.logUniform(10, 100);
    const inputScale = d.logUniform(20, 200);
    const act = cause === 'raw-inputs' ? 'relu' : dataKind === 'spirals' ? 'tanh' : d.pick(['relu', 'tanh'] as const);
    const hidden = Array.from({ length: d.int(1, 2) }, () => d.pick([32, 64]));
    const classes = dataKind === 'blobs' ? d.int(3, 6) : 3;
    const dims = dataKind === 'blobs' ? d.int(4, 16) : 2;
    const opt = d.pick(['adam', 'rmsprop', 'momentum', 'sgd'] as const);
    const lr = opt === 'sgd' ? d.logUniform(1e-3, 3e-2) : opt === 'momentum' ? d.logUniform(1e-4, 3e-3) : d.logUniform(3e-4, 3e-3);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    const base = () => (dataKind === 'blobs' ? blobs(960, { dims, classes, seed }) : spirals(900, { seed }));
    return {
      what: `${cause === 'output-kernel' ? `output stddev ${outStd.toFixed(0)}` : `inputs ×${inputScale.toFixed(0)}`}, ${act} ${hidden.join('×')}, ${dataKind} (${classes} classes), ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () => mlp({ inputDim: dims, hidden, act, out: classes, outInit: cause === 'output-kernel' ? normal(outStd) : undefined, optimizer: optimizer(opt, lr) }),
      data: () => (cause === 'raw-inputs' ? mapX(base(), (x) => tf.mul(x, inputScale)) : base()),
      fit: { batchSize },
      twin: {
        fix: cause === 'output-kernel' ? 'default output init' : `inputs ÷ ${inputScale.toFixed(0)}`,
        build: () => mlp({ inputDim: dims, hidden, act, out: classes, optimizer: optimizer(opt, lr) }),
        data: base,
      },
    };
  },
  confirm: confirmSaturated,
};

/**
 * Real-world fault, the MINORITY case: a sigmoid binary classifier whose output kernel is drawn with
 * stddev 10–50 (an init scaled for a different fan-in, or randomNormal({ stddev: 10 }) "so it learns
 * faster"). Nearly every output is pinned at 0 or 1, but most on the right side, so the loss and
 * accuracy look decent — only a minority (typically 5–20%) is pinned on the wrong side and can never
 * be learnt. Binary blobs (4–9 dims, positive share 0.3–0.7), ReLU 1–2 hidden layers of 16–64,
 * adam/rmsprop/momentum/sgd, batch 16–128. Measured and left out: in 10–16 dims the classes barely
 * overlap and 0–2% end up wrongly pinned; with tanh hidden layers 6 of 7 draws healed to < 2% wrongly
 * pinned (the pinned share itself often fell to 15–40%) — not the pathology. Fixed twin: the default
 * (Glorot) output init.
 */
export const satSigmoidMinority: Family = {
  id: 'saturated_output/sigmoid-minority-pinned',
  expected: ['saturated_output'],
  kind: 'fit',
  what: 'sigmoid binary classifier with output kernel stddev 10–50 on 4–9-d binary blobs: nearly all outputs pinned, a minority on the wrong side; ReLU 1–2×16–64; adam/rmsprop/momentum/sgd; batch 16–128',
  sample(d) {
    const outStd = d.logUniform(10, 50);
    const act = 'relu';
    const hidden = Array.from({ length: d.int(1, 2) }, () => d.pick([16, 32, 64]));
    const dims = d.int(4, 9);
    const share = d.uniform(0.3, 0.7);
    const opt = d.pick(['adam', 'rmsprop', 'momentum', 'sgd'] as const);
    const lr = opt === 'sgd' ? d.logUniform(3e-3, 3e-2) : opt === 'momentum' ? d.logUniform(1e-3, 1e-2) : d.logUniform(3e-4, 3e-3);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    return {
      what: `output stddev ${outStd.toFixed(0)}, ${act} ${hidden.join('×')}, ${dims}-d binary blobs (positive share ${share.toFixed(2)}), ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () => mlp({ inputDim: dims, hidden, act, out: 1, outAct: 'sigmoid', outInit: normal(outStd), loss: 'binaryCrossentropy', optimizer: optimizer(opt, lr) }),
      data: () => binary(960, { dims, seed, positiveShare: share }),
      fit: { batchSize },
      twin: {
        fix: 'default output init',
        build: () => mlp({ inputDim: dims, hidden, act, out: 1, outAct: 'sigmoid', loss: 'binaryCrossentropy', optimizer: optimizer(opt, lr) }),
        data: () => binary(960, { dims, seed, positiveShare: share }),
      },
    };
  },
  confirm: confirmSaturated,
};

/**
 * Real-world fault on CIFAR-10: raw 0–255 pixels fed to a CNN (the /255 forgotten), with the default
 * output init or an output kernel of stddev 0.3–1: the logits are in the hundreds, the softmax is
 * pinned from the first step, and the wrongly pinned images never get a gradient. Filters 8/16,
 * 400–800 images, sgd/momentum/adam at small learning rates, batch 32–64; 120 steps. Fixed twin: the
 * pixels divided by 255 with the default output init, and the learning rate the raw pixels forced down
 * put back to a usual one (sgd 0.05, momentum 0.01; Adam's kept).
 */
export const satCifarRawPixels: Family = {
  id: 'saturated_output/cifar-raw-pixels',
  expected: ['saturated_output'],
  kind: 'fit',
  what: 'CIFAR-10 CNN (filters 8/16) on raw 0–255 pixels, default output init or output stddev 0.3–1; sgd/momentum/adam at small learning rates; batch 32–64; 120 steps',
  count: { tune: 3, heldout: 6 },
  sample(d) {
    const outInit = d.pick(['default', 'normal'] as const);
    const outStd = d.logUniform(0.3, 1);
    const n = d.pick([400, 600, 800]);
    const offset = d.int(0, 3000 - n);
    const opt = d.pick(['sgd', 'momentum', 'adam'] as const);
    const lr = opt === 'adam' ? d.logUniform(1e-4, 1e-3) : opt === 'momentum' ? d.logUniform(1e-5, 1e-4) : d.logUniform(1e-4, 1e-3);
    const batchSize = d.pick([32, 64]);
    return {
      what: `${outInit === 'default' ? 'default output init' : `output stddev ${outStd.toFixed(2)}`}, ${n} raw images from ${offset}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () => cnn({ inputShape: [32, 32, 3], filters: [8, 16], dense: 32, out: 10, outInit: outInit === 'normal' ? normal(outStd) : undefined, optimizer: optimizer(opt, lr) }),
      data: () => cifarSlice(n, { offset, scale: 'raw' }),
      fit: { batchSize, maxSteps: 120 },
      twin: {
        fix: `pixels / 255, default output init${opt === 'adam' ? '' : `, ${opt} ${opt === 'sgd' ? 0.05 : 0.01}`}`,
        build: () => cnn({ inputShape: [32, 32, 3], filters: [8, 16], dense: 32, out: 10, optimizer: optimizer(opt, opt === 'adam' ? lr : opt === 'sgd' ? 0.05 : 0.01) }),
        data: () => cifarSlice(n, { offset }),
      },
    };
  },
  confirm: confirmSaturated,
};

export const SATURATED_OUTPUT_FAMILIES: Family[] = [satSoftmaxHugeLogits, satSigmoidMinority, satCifarRawPixels];
