/**
 * exploding_gradients families: gradients large enough to throw the weights around.
 *
 * Definition used by every confirmation: the global gradient norm √Σ‖g‖² of the training loss, taken
 * at the INITIAL weights on (up to 256 of) the training samples, is ≥ 100. A mean cross-entropy or MSE
 * on sensibly scaled data and a variance-preserving init gives norms of order 0.1–10 (gradient
 * clipping is usually set at 1–5), so ≥ 100 is an order of magnitude past anything sane. Measured
 * directly (gradientAtInit: the initial weights are swapped back in, the gradient taken, and the
 * trained weights restored), so it does not depend on what training did afterwards.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bars, blobs, mapY, regression } from '../data';
import { cnn, logitsLoss, mlp, normal, optimizer, regressor } from '../models';
import { all, require_ } from '../oracles';
import { widths } from './common';
import type { ConfirmContext, Family } from './family';
import { fmt, gradientAtInit, inputScale, remember } from './training-dynamics-measure';

const GRAD_LIMIT = 100;

function largeGradient(ctx: ConfirmContext): string | null {
  const g = gradientAtInit(ctx).global;
  return require_(g >= GRAD_LIMIT || !Number.isFinite(g), `gradient norm at init ${fmt(g)} < ${GRAD_LIMIT}`);
}

/**
 * Real-world fault: a deep plain stack (no normalisation, no residuals) whose kernels were drawn with a
 * hand-picked stddev 1.5–4 × the variance-preserving scale (He for ReLU, LeCun for linear): the signal,
 * and the backward signal with it, is multiplied by that gain at every layer.
 * Ranges: 4–10 hidden layers of 32 or 64 ReLU or linear units, per-layer gain 1.5–4; blobs with a
 * softmax cross-entropy on logits (3–5 classes) or a regression with MSE; adam/rmsprop lr 1e-4–1e-3 or
 * sgd 1e-6–1e-4 (an LR lowered by hand after earlier NaNs); batch 16–64; 100 steps.
 * Confirm: gradient norm at init ≥ 100 (see the file header).
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
    return {
      what: `${depth}×${width} ${act}, stddev ${fmt(stddev)} (gain ${gain.toFixed(1)}), ${task === 'classify' ? `blobs ${classes} classes, logits` : 'regression, MSE'}, ${opt} ${fmt(lr)}, batch ${batchSize}`,
      build: () =>
        remember(
          task === 'classify'
            ? mlp({ inputDim: dims, hidden, act, init: normal(stddev), out: classes, outAct: 'linear', loss: logitsLoss, optimizer: optimizer(opt, lr) })
            : regressor({ inputDim: dims, hidden, act, init: normal(stddev), optimizer: optimizer(opt, lr) }),
          { opt, lr, batchSize },
        ),
      data: () => (task === 'classify' ? blobs(960, { classes, dims, seed }) : regression(640, { dims, seed })),
      fit: { batchSize, maxSteps: 100 },
    };
  },
  confirm: largeGradient,
};

/**
 * Real-world fault: a regression on targets in their raw units (prices, populations, salaries in the
 * 10³–10⁵ range, sometimes with a large offset), never scaled: the MSE's error term, and so every
 * gradient, is of the order of the targets.
 * Ranges: target scale 300–1e5, offset 0 or 2–10 × the scale; 1–3 hidden layers of 16–64 ReLU/tanh
 * units; adam/rmsprop lr 1e-3–3e-2 or sgd 1e-7–1e-5; batch 16–128; 100 steps.
 * Confirm: gradient norm at init ≥ 100 (see the file header).
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
    };
  },
  confirm: largeGradient,
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
 * stddev 0.1–0.5; adam/rmsprop lr 1e-4–1e-3 or sgd 1e-5–1e-3; batch 16–64; 60 steps.
 * Confirm: the pixels' RMS is ≥ 10 (unnormalised inputs) AND gradient norm at init ≥ 100.
 */
export const explodeRawPixelCnn: Family = {
  id: 'exploding_gradients/raw-pixel-cnn',
  expected: ['exploding_gradients', 'input_not_normalized'],
  kind: 'fit',
  what: 'CNN on raw 0–255 bar images (He or stddev 0.1–0.5 kernels, softmax cross-entropy on logits), adam/rmsprop 1e-4–1e-3 or sgd 1e-5–1e-3',
  sample(d) {
    const size = d.pick([12, 16]);
    const filters = d.pick([[8], [16], [8, 16]]);
    const dense = d.pick([16, 32, 64]);
    const stddev = d.pick([0, 1]) ? d.logUniform(0.1, 0.5) : 0;
    const opt = d.pick(['adam', 'rmsprop', 'sgd'] as const);
    const lr = opt === 'sgd' ? d.logUniform(1e-5, 1e-3) : d.logUniform(1e-4, 1e-3);
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    const init = stddev ? normal(stddev) : undefined;
    return {
      what: `raw pixels, conv ${filters.join('-')} dense ${dense}, ${stddev ? `stddev ${fmt(stddev)}` : 'He'}, ${opt} ${fmt(lr)}, bars ${size}, batch ${batchSize}`,
      build: () =>
        remember(
          cnn({
            inputShape: [size, size, 1],
            filters,
            dense,
            init,
            denseInit: init,
            outAct: 'linear',
            loss: logitsLoss,
            optimizer: optimizer(opt, lr),
          }),
          { opt, lr, batchSize },
        ),
      data: () => bars(480, { size, seed, scale: 255 }),
      fit: { batchSize, maxSteps: 60 },
    };
  },
  confirm: (ctx) => {
    const s = inputScale(ctx.data.x);
    return all(require_(s.maxFeatureRms >= 10, `input RMS ${fmt(s.maxFeatureRms)} < 10`), largeGradient(ctx));
  },
};

export const EXPLODE_FAMILIES: Family[] = [explodeDeepStack, explodeUnscaledTargets, explodeRawPixelCnn];
