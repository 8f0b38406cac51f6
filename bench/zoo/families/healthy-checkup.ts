/**
 * healthy/checkup — `checkup()` with the overfit-one-batch and input-independent-baseline trials on
 * correct setups: ReLU MLP on z-scored blobs, ReLU MLP on spirals, integer labels with sparse
 * categorical cross-entropy, a sigmoid binary classifier (balanced or 70/30), a bars CNN, and an MSE
 * regression with a z-scored target. Optimizers at ordinary learning rates (Adam/RMSProp 5e-4…5e-3,
 * momentum 0.9 at 5e-3…3e-2; spirals and bars get the larger steps they are usually trained with);
 * 160–480 samples; trial sizes drawn around checkup's defaults (overfit 4–16 samples × 100–200 steps,
 * baseline 32–64 samples × 50–100 steps).
 *
 * Confirmation (the checkup itself trains only copies, so the model is untouched): (1) structure —
 * output units match the label width / class count, the loss matches the output activation (softmax ↔
 * categorical / sparse categorical, sigmoid ↔ binary, linear ↔ MSE), the labels are valid (one-hot
 * rows summing to 1, integer ids in range, 0/1), every class present, inputs finite and of unit order
 * (|x| ≤ 10); (2) a short fit of our own on the full data (≤ 200 steps, batch 32, the model's own
 * optimizer) learns by the same `learnedWell` criterion as the fit families.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { bars, binary, blobs, regression, spirals, standardizeX, zscore, type ZooData } from '../data';
import { cnn, mlp, optimizer, regressor } from '../models';
import { activationOf, all, lossName, require_ } from '../oracles';
import { drawOpt, optLabel, type LrRanges, type OptDraw } from './common';
import type { ConfirmContext, Draw, Family, Variant } from './family';
import { labelsOf, learnedWell } from './healthy-util';

type Setup = 'blobs-mlp' | 'spirals-mlp' | 'sparse-labels' | 'binary' | 'bars-cnn' | 'regression';

const ORDINARY: LrRanges = { adam: [5e-4, 5e-3], rmsprop: [5e-4, 5e-3], momentum: [5e-3, 3e-2] };
const LARGER: LrRanges = { adam: [2e-3, 1e-2], rmsprop: [2e-3, 1e-2], momentum: [0.01, 0.05] };

function trials(d: Draw): NonNullable<Variant['checkup']> {
  return {
    overfitBatch: d.next() < 0.5 ? true : { samples: d.pick([4, 8, 16]), steps: d.pick([100, 150, 200]) },
    baseline: d.next() < 0.5 ? true : { samples: d.pick([32, 64]), steps: d.pick([50, 100]) },
  };
}

function trialLabel(t: NonNullable<Variant['checkup']>): string {
  const s = (v: unknown, def: string) => (typeof v === 'object' && v ? `${(v as { samples: number }).samples}×${(v as { steps: number }).steps}` : def);
  return `overfit ${s(t.overfitBatch, 'default')}, baseline ${s(t.baseline, 'default')}`;
}

/** Structural correctness of a checkup setup (see the header); null when correct. */
function structureIsCorrect(model: tfl.LayersModel, data: ZooData): string | null {
  const units = model.outputs[0].shape[model.outputs[0].shape.length - 1] ?? 1;
  const act = activationOf(model.layers[model.layers.length - 1]);
  const loss = lossName(model);
  const width = data.y.shape[data.y.shape.length - 1] ?? 1;
  const [xAbs, xFinite] = tf.tidy(() => [tf.max(tf.abs(data.x)).dataSync()[0], tf.all(tf.isFinite(data.x)).dataSync()[0]]);
  const labels = labelsOf(model, data.y);
  const reasons: (string | null)[] = [require_(xFinite !== 0 && xAbs <= 10, `inputs not finite or not of unit order (max |x| ${xAbs.toFixed(1)})`)];
  if (loss === 'categoricalCrossentropy') {
    const rowSums = tf.tidy(() => tf.sum(data.y, -1));
    const ok = Array.from(rowSums.dataSync()).every((s) => Math.abs(s - 1) < 1e-5);
    rowSums.dispose();
    reasons.push(require_(act === 'softmax' && width === units && ok, `categorical: softmax ${act}, width ${width} vs units ${units}, one-hot ${ok}`));
  } else if (loss === 'sparseCategoricalCrossentropy') {
    reasons.push(require_(act === 'softmax' && width === 1 && labels !== null && labels.classes === units, `sparse: softmax ${act}, width ${width}, ids in [0, ${units})`));
  } else if (loss === 'binaryCrossentropy') {
    reasons.push(require_(act === 'sigmoid' && units === 1 && width === 1 && labels?.classes === 2, `binary: sigmoid ${act}, units ${units}, 0/1 labels`));
  } else if (loss === 'meanSquaredError') {
    reasons.push(require_(act === 'linear' && units === 1 && width === 1, `mse: linear ${act}, units ${units}`));
  } else {
    reasons.push(`unexpected loss ${loss}`);
  }
  if (labels) {
    const present = new Set(labels.ids).size;
    reasons.push(require_(present === labels.classes, `only ${present} of ${labels.classes} classes present`));
  }
  return all(...reasons);
}

/** Fits the (untouched) model on its data for ≤ `steps` steps and returns the per-step losses. */
async function ownFit(model: tfl.LayersModel, data: ZooData, steps: number, batchSize = 32): Promise<number[]> {
  const losses: number[] = [];
  const perEpoch = Math.ceil(data.x.shape[0] / batchSize);
  await model.fit(data.x, data.y, {
    batchSize,
    epochs: Math.ceil(steps / perEpoch),
    shuffle: true,
    verbose: 0,
    callbacks: {
      onBatchEnd: async (_b: number, logs?: tfl.Logs) => {
        losses.push(Number(logs?.loss));
        if (losses.length >= steps) model.stopTraining = true;
      },
    },
  });
  return losses;
}

async function confirmCheckup({ model, data }: ConfirmContext): Promise<string | null> {
  const structure = structureIsCorrect(model, data);
  if (structure) return `setup is not structurally correct: ${structure}`;
  const losses = await ownFit(model, data, 200);
  const learned = learnedWell(model, data, losses);
  return learned ? `a short fit of our own did not learn: ${learned}` : null;
}

export const healthyCheckup: Family = {
  id: 'healthy/checkup',
  expected: [],
  kind: 'checkup',
  what: 'checkup with overfit-batch and baseline trials on correct setups (blobs/spirals MLP, sparse labels, sigmoid binary, bars CNN, MSE regression) at ordinary LRs',
  sample(d) {
    const setup = d.pick<Setup>(['blobs-mlp', 'spirals-mlp', 'sparse-labels', 'binary', 'bars-cnn', 'regression']);
    const n = d.pick([160, 240, 320, 480]);
    const seed = d.seed();
    const t = trials(d);
    const base = (what: string, opt: OptDraw, build: () => tfl.LayersModel, data: () => ZooData): Variant => ({
      what: `${what}, ${optLabel(opt)}, ${n} samples, ${trialLabel(t)}`,
      build,
      data,
      checkup: t,
    });
    switch (setup) {
      case 'blobs-mlp': {
        const dims = d.int(4, 16);
        const classes = d.int(3, 5);
        const hidden = [d.pick([16, 32, 64]), d.pick([16, 32, 64])].slice(0, d.int(1, 2));
        const opt = drawOpt(d, ORDINARY);
        return base(`blobs ${dims}d ${classes} cls, relu ${hidden.join('×')}`, opt, () => mlp({ inputDim: dims, hidden, out: classes, optimizer: optimizer(opt.name, opt.lr) }), () =>
          standardizeX(blobs(n, { classes, dims, seed })),
        );
      }
      case 'spirals-mlp': {
        const hidden = [d.pick([32, 64, 128]), d.pick([32, 64, 128])];
        const opt = drawOpt(d, LARGER);
        return base(`spirals, relu ${hidden.join('×')}`, opt, () => mlp({ inputDim: 2, hidden, optimizer: optimizer(opt.name, opt.lr) }), () => spirals(n, { seed }));
      }
      case 'sparse-labels': {
        const hidden = [d.pick([32, 64]), d.pick([32, 64])];
        const data = d.pick(['spirals', 'blobs'] as const);
        const opt = drawOpt(d, data === 'spirals' ? LARGER : ORDINARY);
        return base(
          `${data} with integer labels + sparseCategoricalCrossentropy, relu ${hidden.join('×')}`,
          opt,
          () => mlp({ inputDim: data === 'spirals' ? 2 : 8, hidden, loss: 'sparseCategoricalCrossentropy', optimizer: optimizer(opt.name, opt.lr) }),
          () => {
            const s = data === 'spirals' ? spirals(n, { seed }) : standardizeX(blobs(n, { dims: 8, seed }));
            s.y.dispose();
            return { x: s.x, y: tf.tensor2d(s.labels, [n, 1]) };
          },
        );
      }
      case 'binary': {
        const dims = d.int(4, 16);
        const share = d.pick([0.5, 0.7, 0.3]);
        const hidden = [d.pick([16, 32]), d.pick([16, 32])];
        const opt = drawOpt(d, ORDINARY);
        return base(`binary ${dims}d positives ${(100 * share).toFixed(0)}%, sigmoid`, opt, () =>
          mlp({ inputDim: dims, hidden, out: 1, outAct: 'sigmoid', loss: 'binaryCrossentropy', optimizer: optimizer(opt.name, opt.lr) }), () =>
          binary(n, { dims, seed, positiveShare: share }),
        );
      }
      case 'bars-cnn': {
        const filters = d.pick([[8], [8, 16]]);
        const dense = d.pick([16, 32]);
        const opt = drawOpt(d, LARGER);
        return base(`bars CNN conv ${filters.join('/')} dense ${dense}`, opt, () => cnn({ inputShape: [12, 12, 1], filters, dense, optimizer: optimizer(opt.name, opt.lr) }), () =>
          bars(n, { seed }),
        );
      }
      case 'regression': {
        const dims = d.int(4, 12);
        const hidden = [d.pick([32, 64]), d.pick([32, 64])];
        const opt = drawOpt(d, ORDINARY);
        return base(`regression ${dims}d z-scored target, relu ${hidden.join('×')}`, opt, () => regressor({ inputDim: dims, hidden, optimizer: optimizer(opt.name, opt.lr) }), () => {
          const r = regression(n, { dims, seed });
          return { x: r.x, y: zscore(r.y) };
        });
      }
    }
  },
  confirm: confirmCheckup,
};

export const HEALTHY_CHECKUP_FAMILIES: Family[] = [healthyCheckup];
