/**
 * EXAMPLE family (template for the others): dead ReLUs from a negative hidden bias.
 */
import * as tf from '@tensorflow/tfjs-core';
import { blobs, spirals } from '../data';
import { constant, mlp } from '../models';
import { all, deadUnitFraction, require_ } from '../oracles';
import type { Family } from './family';

const optimizers = {
  adam: (lr: number) => tf.train.adam(lr),
  rmsprop: (lr: number) => tf.train.rmsprop(lr),
  sgd: (lr: number) => tf.train.sgd(lr * 30),
} as const;

export const deadReluBias: Family = {
  id: 'dead_relu/negative-hidden-bias',
  expected: ['dead_relu'],
  kind: 'fit',
  what: 'ReLU MLP whose hidden biases start at −(4…12) on standardised inputs (blobs or spirals), 1–3 hidden layers of 16–96 units, adam/rmsprop/sgd, batch 16–64',
  sample(d) {
    const bias = -d.uniform(4, 12);
    const depth = d.int(1, 3);
    const hidden = Array.from({ length: depth }, () => d.pick([16, 32, 64, 96]));
    const opt = d.pick(['adam', 'rmsprop', 'sgd'] as const);
    const lr = d.logUniform(3e-4, 3e-3);
    const batchSize = d.pick([16, 32, 64]);
    const dataKind = d.pick(['blobs', 'spirals'] as const);
    const seed = d.seed();
    const inputDim = dataKind === 'blobs' ? d.int(4, 16) : 2;
    return {
      what: `bias ${bias.toFixed(1)}, hidden ${hidden.join('×')}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}, ${dataKind}`,
      build: () => mlp({ inputDim, hidden, bias: constant(bias), optimizer: optimizers[opt](lr) }),
      data: () => (dataKind === 'blobs' ? blobs(960, { dims: inputDim, seed }) : spirals(900, { seed })),
      fit: { batchSize },
    };
  },
  // Confirmed when, after training, some hidden layer has ≥ 90% of its units silent on every training sample.
  confirm: ({ model, data }) => {
    const dead = model.layers.filter((l) => l.name.startsWith('hidden')).map((l) => deadUnitFraction(model, l.name, data.x));
    return all(require_(Math.max(...dead) >= 0.9, `no hidden layer is ≥ 90% dead after training (${dead.map((f) => `${(100 * f).toFixed(0)}%`).join(', ')})`));
  },
};
