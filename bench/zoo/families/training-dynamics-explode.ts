/**
 * exploding_gradients families: gradients large enough to throw the weights around.
 *
 * Confirmation, every family (../outcome.ts): the buggy run fails to learn by the standard criterion
 * (cross-entropy not below 0.9 × the label prior's entropy or accuracy not 10 points over the majority
 * share; a regression's MSE not below 0.9 × var(y); or a non-finite loss, weight or output) AND its
 * fixed twin, named per family, learns by the same criterion in the same steps. Noted, not gated: the
 * global gradient norm √Σ‖g‖² at the initial weights (gradientAtInit) — what went wrong, with no
 * threshold attached.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bars, blobs, mapX, mapY, regression, zscore } from '../data';
import { cnn, logitsLoss, mlp, normal, optimizer, regressor } from '../models';
import { byOutcome, lossPath } from '../outcome';
import { widths } from './common';
import type { ConfirmContext, Family } from './family';
import { fmt, gradientAtInit, inputScale, remember } from './training-dynamics-measure';

/** Note: the gradient norm at the initial weights, and the logged loss. */
const gradientNote = (ctx: ConfirmContext): string => `gradient norm at init ${fmt(gradientAtInit(ctx).global)}; ${lossPath(ctx)}`;

/** The twins' plain-SGD rate: the LR the user lowered by hand to survive the explosion, put back. */
const SGD_RESTORED = 0.01;

/**
 * Real-world fault: a deep plain stack (no normalisation, no residuals) whose kernels were drawn with a
 * hand-picked stddev 1.5–4 × the variance-preserving scale (He for ReLU, LeCun for linear): the signal,
 * and the backward signal with it, is multiplied by that gain at every layer.
 * Ranges: 4–10 hidden layers of 32 or 64 ReLU or linear units, per-layer gain 1.5–4; blobs with a
 * softmax cross-entropy on logits (3–5 classes) or a regression with MSE; adam/rmsprop lr 1e-4–1e-3 or
 * sgd 1e-6–1e-4 (an LR lowered by hand after earlier NaNs); batch 16–64; 100 steps.
 * Fixed twin: the variance-preserving init (gain 1: He for ReLU, LeCun for linear), and plain SGD's
 * hand-lowered rate put back to 0.01. Confirm: by outcome (see the file header).
 */
export const explodeDeepStack: Family = {
  id: 'exploding_gradients/deep-stack-large-init',
  expected: ['exploding_gradients'],
  kind: 'fit',
  what: 'deep plain ReLU/linear stack (4–10 layers of 32/64) with kernels 1.5–4× the variance-preserving stddev; logits classifier or MSE regression; adam/rmsprop 1e-4–1e-3 or sgd 1e-6–1e-4',
  sample(d) {
    const depth = d.int(4, 10);
    const width = d.pick([32, 64]);
    const act = d.pick(['relu', 'relu', 'linear'] as const);
    const gain = d.uniform(1.5, 4);
    const stddev = gain * Math.sqrt((act === 'relu' ? 2 : 1) / width);
    const task = d.pick(['classify', 'regress'] as const);
    const opt = d.pick(['adam', 'rmsprop', 'sgd'] as const);
    const lr = opt === 'sgd' ? d.logUniform(1e-6, 1e-4) : d.logUniform(1e-4, 1e-3);
    const batchSize = d.pick([16, 32, 64]);
    const dims = d.int(4, 16);
    const classes = d.int(3, 5);
    const seed = d.seed();
    const hidden = Array(depth).fill(width) as number[];
    const make = (std: number, rate: number) =>
      task === 'classify'
        ? mlp({ inputDim: dims, hidden, act, init: normal(std), out: classes, outAct: 'linear', loss: logitsLoss, optimizer: optimizer(opt, rate) })
        : regressor({ inputDim: dims, hidden, act, init: normal(std), optimizer: optimizer(opt, rate) });
    const data = () => (task === 'classify' ? blobs(960, { classes, dims, seed }) : regression(640, { dims, seed }));
    const fixedLr = opt === 'sgd' ? SGD_RESTORED : lr;
    return {
      what: `${depth}×${width} ${act}, stddev ${fmt(stddev)} (gain ${gain.toFixed(1)}), ${task === 'classify' ? `blobs ${classes} classes, logits` : 'regression, MSE'}, ${opt} ${fmt(lr)}, batch ${batchSize}`,
      build: () => remember(make(stddev, lr), { opt, lr, batchSize }),
      data,
      fit: { batchSize, maxSteps: 100 },
      twin: { fix: `gain-1 init${opt === 'sgd' ? `, sgd ${SGD_RESTORED}` : ''}`, build: () => make(stddev / gain, fixedLr), data },
    };
  },
  confirm: byOutcome({ describe: gradientNote }),
};

/**
 * Real-world fault: a regression on targets in their raw units (prices, populations, salaries in the
 * 10³–10⁵ range, sometimes with a large offset), never scaled: the MSE's error term, and so every
 * gradient, is of the order of the targets.
 * Ranges: target scale 300–1e5, offset 0 or 2–10 × the scale; 1–3 hidden layers of 16–64 ReLU/tanh
 * units; adam/rmsprop lr 1e-3–3e-2 or sgd 1e-7–1e-5; batch 16–128; 100 steps.
 * Fixed twin: the targets standardised ((y − mean) / std), and plain SGD's hand-lowered rate put back
 * to 0.01. Confirm: by outcome, each judged against the variance of its own targets (file header).
 */
export const explodeUnscaledTargets: Family = {
  id: 'exploding_gradients/regression-unscaled-targets',
  expected: ['exploding_gradients'],
  kind: 'fit',
  what: 'MSE regression on raw-unit targets (scale 300–1e5, optional offset), 1–3 hidden layers of 16–64 ReLU/tanh units; adam/rmsprop 1e-3–3e-2 or sgd 1e-7–1e-5',
  sample(d) {
    const yScale = d.logUniform(300, 1e5);
    const offset = d.pick([0, 0, 1]) * d.uniform(2, 10) * yScale;
    const dims = d.int(4, 12);
    const hidden = widths(d, d.int(1, 3), [16, 32, 64]);
    const act = d.pick(['relu', 'tanh'] as const);
    const opt = d.pick(['adam', 'rmsprop', 'sgd'] as const);
    const lr = opt === 'sgd' ? d.logUniform(1e-7, 1e-5) : d.logUniform(1e-3, 3e-2);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    return {
      what: `targets ×${fmt(yScale)}${offset ? ` + ${fmt(offset)}` : ''}, ${act} ${hidden.join('×')}, ${opt} ${fmt(lr)}, batch ${batchSize}`,
      build: () => remember(regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr) }), { opt, lr, batchSize }),
      data: () => mapY(regression(640, { dims, seed, yScale }), (y) => tf.add(y, offset)),
      fit: { batchSize, maxSteps: 100 },
      twin: {
        fix: `targets standardised${opt === 'sgd' ? `, sgd ${SGD_RESTORED}` : ''}`,
        build: () => regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, opt === 'sgd' ? SGD_RESTORED : lr) }),
        data: () => mapY(regression(640, { dims, seed, yScale }), zscore),
      },
    };
  },
  confirm: byOutcome({ describe: gradientNote }),
};

/**
 * Real-world fault: a CNN fed raw 0–255 pixels (the /255 forgotten) whose kernels are He-initialised or
 * drawn with a hand-picked stddev 0.1–0.5, trained with a softmax cross-entropy on logits
 * (tf.losses.softmaxCrossEntropy): the logits, and the gradients through every layer, are hundreds of
 * times too large. The inputs are unnormalised by construction, so the family expects
 * input_not_normalized as well. (With a softmax output layer instead, measured: tfjs's clipped
 * cross-entropy gives the pinned softmax almost no gradient — 0 to 80 at init — so that setup is
 * saturation, not exploding gradients, and is not drawn here.)
 * Ranges: 12×12 or 16×16 bar images × 255; conv filters [8], [16] or [8, 16], dense 16–64; He or
 * stddev 0.1–0.5; sgd or momentum (0.9) at 1e-5–1e-3; batch 16–64; 150 steps. Plain gradient steps
 * only: under Adam or RMSProp every parameter's step is normalised, so large gradients are not what
 * goes wrong (the doctor's thresholds are 100× higher there, by design) — raw pixels under an adaptive
 * optimizer are input_not_normalized/raw-pixels-cnn's fault.
 * Fixed twin: the pixels divided by 255 (the README's fix), and the rate — kept tiny because raw pixels
 * blew up at anything larger — put back to 0.05 (sgd) or 0.01 (momentum). Confirm: by outcome (file header); noted:
 * the pixels' RMS and the gradient norm at init.
 */
export const explodeRawPixelCnn: Family = {
  id: 'exploding_gradients/raw-pixel-cnn',
  expected: ['exploding_gradients', 'input_not_normalized'],
  kind: 'fit',
  what: 'CNN on raw 0–255 bar images (He or stddev 0.1–0.5 kernels, softmax cross-entropy on logits), sgd or momentum 1e-5–1e-3',
  sample(d) {
    const size = d.pick([12, 16]);
    const filters = d.pick([[8], [16], [8, 16]]);
    const dense = d.pick([16, 32, 64]);
    const stddev = d.pick([0, 1]) ? d.logUniform(0.1, 0.5) : 0;
    const opt = d.pick(['sgd', 'momentum'] as const);
    const lr = d.logUniform(1e-5, 1e-3);
    const restored = opt === 'sgd' ? 0.05 : 0.01;
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    const init = stddev ? normal(stddev) : undefined;
    const make = (rate: number) =>
      cnn({ inputShape: [size, size, 1], filters, dense, init, denseInit: init, outAct: 'linear', loss: logitsLoss, optimizer: optimizer(opt, rate) });
    return {
      what: `raw pixels, conv ${filters.join('-')} dense ${dense}, ${stddev ? `stddev ${fmt(stddev)}` : 'He'}, ${opt} ${fmt(lr)}, bars ${size}, batch ${batchSize}`,
      build: () => remember(make(lr), { opt, lr, batchSize }),
      data: () => bars(480, { size, seed, scale: 255 }),
      fit: { batchSize, maxSteps: 150 },
      twin: { fix: `pixels / 255, ${opt} ${restored}`, build: () => make(restored), data: () => mapX(bars(480, { size, seed, scale: 255 }), (x) => tf.div(x, 255)) },
    };
  },
  confirm: byOutcome({ describe: (ctx) => `pixel RMS ${fmt(inputScale(ctx.data.x).maxFeatureRms)}; ${gradientNote(ctx)}` }),
};

export const EXPLODE_FAMILIES: Family[] = [explodeDeepStack, explodeUnscaledTargets, explodeRawPixelCnn];
