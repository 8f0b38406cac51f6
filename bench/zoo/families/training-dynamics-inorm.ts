/**
 * input_not_normalized families: inputs fed in raw units instead of standardised / [0, 1] values.
 *
 * Confirmation, every family (../outcome.ts): the buggy run fails to learn by the standard criterion
 * (cross-entropy not below 0.9 × the label prior's entropy or accuracy not 10 points over the majority
 * share; a regression's MSE not below 0.9 × var(y); or a non-finite loss, weight or output) AND its
 * fixed twin — the same program on normalised inputs (features z-scored, pixels divided by their
 * maximum), trained for the same steps — learns by the same criterion. Noted, not gated: the largest
 * per-feature RMS of the inputs and max |x|.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bars, blobs, cifarSlice, mapX, regression, standardizeX, type ZooData } from '../data';
import { cnn, mlp, optimizer, regressor } from '../models';
import { byOutcome, lossPath } from '../outcome';
import type { ConfirmContext, Family } from './family';
import { fmt, inputScale, remember } from './training-dynamics-measure';

/** Note: the inputs' scale, and the logged loss. */
function scaleNote(ctx: ConfirmContext): string {
  const s = inputScale(ctx.data.x);
  return `largest feature RMS ${fmt(s.maxFeatureRms)}, max |x| ${fmt(s.absMax)}; ${lossPath(ctx)}`;
}

const confirmInputs = byOutcome({ describe: scaleNote });

/**
 * Real-world fault: tabular features used in their raw units:
 *  - `scaled`: every feature in units 20–2000× too large (sensor counts, currency in cents);
 *  - `offset`: features measured around a large baseline (years, kelvins, altitudes): offset 50–5000
 *    on standardised spread;
 *  - `one-column`: one column left unscaled (income, price) at 100–10,000× while the rest is
 *    standardised;
 *  - `regression`: regression features in physical units (std 20–1000).
 * Ranges: 1–3 hidden layers of 16–128 ReLU/tanh units (softmax on 3–5-class blobs, MSE on
 * regression); adam/rmsprop lr 1e-4–1e-2 or sgd 1e-5–1e-2; batch 16–128; 120 steps.
 * Fixed twin: the same features z-scored per column. Confirm: by outcome (see the file header).
 */
export const inormTabular: Family = {
  id: 'input_not_normalized/tabular-raw-units',
  expected: ['input_not_normalized'],
  kind: 'fit',
  what: 'MLP on tabular features in raw units (all ×20–2000, offset 50–5000, one column ×100–1e4, or regression features of std 20–1000); adam/rmsprop/sgd, batch 16–128',
  sample(d) {
    const mechanism = d.pick(['scaled', 'offset', 'one-column', 'regression'] as const);
    const dims = d.int(4, 12);
    const classes = d.int(3, 5);
    const depth = d.int(1, 3);
    const hidden = Array.from({ length: depth }, () => d.pick([16, 32, 64, 128]));
    const act = d.pick(['relu', 'tanh'] as const);
    const opt = d.pick(['adam', 'rmsprop', 'sgd'] as const);
    const lr = opt === 'sgd' ? d.logUniform(1e-5, 1e-2) : d.logUniform(1e-4, 1e-2);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    const factor =
      mechanism === 'scaled' ? d.logUniform(20, 2000) : mechanism === 'offset' ? d.logUniform(50, 5000) : mechanism === 'one-column' ? d.logUniform(100, 1e4) : d.logUniform(20, 1000);
    const column = d.int(0, dims - 1);
    const data = (): ZooData => {
      switch (mechanism) {
        case 'scaled':
          return blobs(960, { classes, dims, seed, scale: factor });
        case 'offset':
          return blobs(960, { classes, dims, seed, offset: factor });
        case 'one-column': {
          const mask = tf.tensor1d(Array.from({ length: dims }, (_, i) => (i === column ? factor : 1)));
          const out = mapX(blobs(960, { classes, dims, seed }), (x) => tf.mul(x, mask));
          mask.dispose();
          return out;
        }
        case 'regression':
          return regression(640, { dims, seed, xScale: factor });
      }
    };
    const make = () =>
      mechanism === 'regression' ? regressor({ inputDim: dims, hidden, act, optimizer: optimizer(opt, lr) }) : mlp({ inputDim: dims, hidden, act, out: classes, optimizer: optimizer(opt, lr) });
    return {
      what: `${mechanism} ${fmt(factor)}, ${act} ${hidden.join('×')}, ${opt} ${fmt(lr)}, batch ${batchSize}, ${dims} features`,
      build: () => remember(make(), { opt, lr, batchSize }),
      data,
      fit: { batchSize, maxSteps: 120 },
      twin: { fix: 'features z-scored', build: make, data: () => standardizeX(data()) },
    };
  },
  confirm: confirmInputs,
};

/**
 * Real-world fault: image pixels fed as stored — 0–255 (8-bit) or 0–4095 (12-bit sensors) — without
 * the division by the maximum.
 * Ranges: 12×12 or 16×16 bar images × 255 (or × 4095 one time in four); conv filters [8], [16] or
 * [8, 16], dense 16–64, He init, softmax; adam/rmsprop lr 1e-4–1e-3 or sgd 1e-4–1e-2; batch 16–64;
 * 150 steps.
 * Fixed twin: the pixels divided by their maximum (255 or 4095). Confirm: by outcome (see the file header).
 */
export const inormRawPixels: Family = {
  id: 'input_not_normalized/raw-pixels-cnn',
  expected: ['input_not_normalized'],
  kind: 'fit',
  what: 'He-initialised CNN on bar images with raw 0–255 (or 0–4095) pixel values; adam/rmsprop/sgd, batch 16–64',
  sample(d) {
    const scale = d.pick([255, 255, 255, 4095]);
    const size = d.pick([12, 16]);
    const filters = d.pick([[8], [16], [8, 16]]);
    const dense = d.pick([16, 32, 64]);
    const opt = d.pick(['adam', 'rmsprop', 'sgd'] as const);
    const lr = opt === 'sgd' ? d.logUniform(1e-4, 1e-2) : d.logUniform(1e-4, 1e-3);
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    return {
      what: `pixels 0–${scale}, conv ${filters.join('-')} dense ${dense}, bars ${size}, ${opt} ${fmt(lr)}, batch ${batchSize}`,
      build: () => remember(cnn({ inputShape: [size, size, 1], filters, dense, optimizer: optimizer(opt, lr) }), { opt, lr, batchSize }),
      data: () => bars(480, { size, seed, scale }),
      fit: { batchSize, maxSteps: 150 },
      twin: { fix: `pixels / ${scale}`, build: () => cnn({ inputShape: [size, size, 1], filters, dense, optimizer: optimizer(opt, lr) }), data: () => bars(480, { size, seed }) },
    };
  },
  confirm: confirmInputs,
};

/**
 * Real-world fault: the README's story on real photos — a CIFAR-10 CNN fed raw 0–255 pixels.
 * Ranges: 256–512 CIFAR-10 training images from offset 0–2400; conv filters [8] or [8, 16], dense
 * 32; He init; adam/rmsprop lr 1e-4–1e-3 or sgd 1e-4–1e-3; batch 32–64; 100 steps.
 * Fixed twin: the pixels divided by 255. Confirm: by outcome (see the file header).
 */
export const inormCifarRaw: Family = {
  id: 'input_not_normalized/cifar-raw-pixels',
  expected: ['input_not_normalized'],
  kind: 'fit',
  what: 'He-initialised CIFAR-10 CNN (256–512 images) on raw 0–255 pixels; adam/rmsprop/sgd, batch 32–64',
  count: { tune: 3, heldout: 6 },
  sample(d) {
    const n = d.pick([256, 384, 512]);
    const offset = d.int(0, 2400 - n);
    const filters = d.pick([[8], [8, 16]]);
    const opt = d.pick(['adam', 'rmsprop', 'sgd'] as const);
    const lr = d.logUniform(1e-4, 1e-3);
    const batchSize = d.pick([32, 64]);
    return {
      what: `cifar ${n} from ${offset}, conv ${filters.join('-')}, ${opt} ${fmt(lr)}, batch ${batchSize}`,
      build: () => remember(cnn({ inputShape: [32, 32, 3], filters, dense: 32, out: 10, optimizer: optimizer(opt, lr) }), { opt, lr, batchSize }),
      data: () => cifarSlice(n, { offset, scale: 'raw' }),
      fit: { batchSize, maxSteps: 100 },
      twin: { fix: 'pixels / 255', build: () => cnn({ inputShape: [32, 32, 3], filters, dense: 32, out: 10, optimizer: optimizer(opt, lr) }), data: () => cifarSlice(n, { offset }) },
    };
  },
  confirm: confirmInputs,
};

export const INORM_FAMILIES: Family[] = [inormTabular, inormRawPixels, inormCifarRaw];
