/**
 * The ways tfjs trains: fitDataset (with plain objects as datasets), validation data and splits, one
 * doctor across several fits, and every built-in optimizer (the learning rate is read off each).
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose } from '../../src';
import { innerModel } from '../../src/model-info';
import { expectRecorded, fitWithDoctor, labelsFrom, oneHot, uniform } from './helpers';

const N = 64;
const x8 = uniform([N, 8], 1);
const y3 = oneHot(labelsFrom(x8, 3), 3);

function mlp(optimizer: tf.Optimizer | string = tf.train.adam(1e-2)): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: tfl.initializers.heNormal({ seed: 1 }), name: 'h1' }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }), name: 'out' }),
    ],
  });
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** The smallest thing fitDataset accepts: `{ iterator() }` returning `{ next() }`, one pass per epoch. */
function batchesOf<T>(count: number, make: (i: number) => T) {
  return {
    iterator: async () => {
      let i = 0;
      return { next: async () => (i < count ? { done: false, value: make(i++) } : { done: true, value: undefined }) };
    },
  };
}
const slice = (t: tf.Tensor, i: number) => tf.slice(t, i * 16, 16);

describe('fitDataset', () => {
  it('a minimal dataset object, ending after each epoch, with a validation dataset', async () => {
    const model = mlp();
    const doctor = diagnose(model, { log: false });
    const data = batchesOf(4, (i) => ({ xs: slice(x8, i), ys: slice(y3, i) }));
    const validation = batchesOf(1, () => ({ xs: slice(x8, 0), ys: slice(y3, 0) }));
    const history = await model.fitDataset(data as never, { epochs: 2, validationData: validation as never, callbacks: [doctor], verbose: 0 });
    doctor.detach();
    const { record } = doctor.report();
    expectRecorded(record, 8, { activations: ['h1', 'out'], gradients: ['h1', 'out'] });
    expect(doctor.findings).toEqual([]);
    expect(record.epochs.map((e) => Object.keys(e.logs).sort())).toEqual([
      ['acc', 'loss', 'val_acc', 'val_loss'],
      ['acc', 'loss', 'val_acc', 'val_loss'],
    ]);
    expect(history.history.val_loss).toHaveLength(2);
  });

  it('a two-input, two-output model fed by a dataset of arrays', async () => {
    const a = tfl.input({ shape: [8] });
    const b = tfl.input({ shape: [8] });
    const merged = tfl.layers.concatenate().apply([a, b]) as tfl.SymbolicTensor;
    const h = tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: 1 }), name: 'h' }).apply(merged) as tfl.SymbolicTensor;
    const cls = tfl.layers.dense({ units: 3, activation: 'softmax', name: 'cls' }).apply(h) as tfl.SymbolicTensor;
    const reg = tfl.layers.dense({ units: 1, name: 'reg' }).apply(h) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: [a, b], outputs: [cls, reg] });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: ['categoricalCrossentropy', 'meanSquaredError'] });
    const doctor = diagnose(model, { log: false });
    const yReg = tf.zeros([N, 1]);
    const data = batchesOf(4, (i) => ({ xs: [slice(x8, i), slice(x8, i)], ys: [slice(y3, i), slice(yReg, i)] }));
    await model.fitDataset(data as never, { epochs: 2, callbacks: [doctor], verbose: 0 });
    doctor.detach();
    const { record } = doctor.report();
    expectRecorded(record, 8, { activations: ['h', 'cls', 'reg'], gradients: ['h', 'cls', 'reg'] });
    expect(record.probes[0].output!.labelPrior).toHaveLength(3); // the classification head's labels
    expect(doctor.findings).toEqual([]);
  });
});

describe('validation', () => {
  it('validationData', async () => {
    const { record, findings, history } = await fitWithDoctor(mlp(), x8, y3, { validationData: [x8, y3] });
    expectRecorded(record, 8, { activations: ['h1', 'out'], gradients: ['h1', 'out'] });
    expect(findings).toEqual([]);
    expect(record.epochs[1].logs.val_loss).toBeCloseTo(history.history.val_loss[1] as number, 5);
  });

  it('validationSplit', async () => {
    const { record, findings } = await fitWithDoctor(mlp(), x8, y3, { validationSplit: 0.25 });
    expectRecorded(record, 6, { activations: ['h1', 'out'], gradients: ['h1', 'out'] }); // 48 samples: 3 steps per epoch
    expect(findings).toEqual([]);
    expect(Object.keys(record.epochs[0].logs)).toContain('val_loss');
  });
});

describe('one doctor, several fits', () => {
  it('keeps one record across two fits and finds nothing new on a healthy model', async () => {
    const model = mlp();
    const doctor = diagnose(model, { log: false });
    await model.fit(x8, y3, { epochs: 1, batchSize: 16, callbacks: [doctor], verbose: 0 });
    await model.fit(x8, y3, { epochs: 2, batchSize: 16, callbacks: [doctor], verbose: 0 });
    doctor.detach();
    const { record } = doctor.report();
    expectRecorded(record, 12, { activations: ['h1', 'out'], gradients: ['h1', 'out'] });
    expect(record.probes.filter((p) => p.beforeFirstUpdate).map((p) => p.step)).toEqual([0]);
    expect(record.epochs.map((e) => e.epoch)).toEqual([0, 0, 1]);
    expect(doctor.findings).toEqual([]);
  });
});

describe('after detach()', () => {
  it('the doctor records nothing more, even when passed to another fit', async () => {
    const model = mlp();
    const doctor = diagnose(model, { log: false });
    await model.fit(x8, y3, { epochs: 1, batchSize: 16, callbacks: [doctor], verbose: 0 });
    doctor.detach();
    const history = await model.fit(x8, y3, { epochs: 1, batchSize: 16, callbacks: [doctor], verbose: 0 });
    expect(history.history.loss).toHaveLength(1);
    const { record } = doctor.report();
    expect(record.steps.step).toEqual([0, 1, 2, 3]);
    expect(record.epochs).toHaveLength(1);
    expect(record.probes.map((p) => p.step)).toEqual([0, 1, 2]);
  });
});

describe('a doctor dropped without detach()', () => {
  /** The real collector: jest runs without --expose-gc, so the flag is set at run time. */
  function collectGarbage(): () => void {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  }

  it('is not kept alive by the model it watched, and its hook goes at the next fit', async () => {
    const gc = collectGarbage();
    const model = mlp();
    const ref = await (async () => {
      const doctor = diagnose(model, { log: false });
      await model.fit(x8, y3, { epochs: 1, batchSize: 16, callbacks: [doctor], verbose: 0 });
      return new WeakRef(doctor.report().record); // what a doctor holds on to: every recorded step
    })();
    const hooked = () => Object.prototype.hasOwnProperty.call(innerModel(model), 'makeTrainFunction');
    expect(hooked()).toBe(true);
    for (let i = 0; i < 3 && ref.deref(); i++) {
      await new Promise((resolve) => setImmediate(resolve)); // a WeakRef holds its target until the job ends
      gc();
    }
    expect(ref.deref()).toBeUndefined();
    const history = await model.fit(x8, y3, { epochs: 1, batchSize: 16, verbose: 0 });
    expect(history.history.loss).toHaveLength(1);
    expect(hooked()).toBe(false);
  });
});

describe('optimizers: the learning rate is read off each', () => {
  const cases: [string, () => tf.Optimizer | string, number][] = [
    ['SGD', () => tf.train.sgd(0.1), 0.1],
    ['momentum', () => tf.train.momentum(0.05, 0.9), 0.05],
    ['RMSProp', () => tf.train.rmsprop(0.01), 0.01],
    ['Adagrad', () => tf.train.adagrad(0.2), 0.2],
    ['Adadelta', () => tf.train.adadelta(1), 1],
    ['Adamax', () => tf.train.adamax(0.02), 0.02],
    ['Adam', () => tf.train.adam(0.005), 0.005],
    ["the string 'sgd' (tfjs's default 0.01)", () => 'sgd', 0.01],
  ];
  it.each(cases)('%s', async (_name, optimizer, lr) => {
    const { record, findings } = await fitWithDoctor(mlp(optimizer()), x8, y3, { epochs: 1 });
    expect(record.steps.learningRate).toEqual([lr, lr, lr, lr]);
    expect(record.probes[1].layers.h1.updateRatio).toBeGreaterThan(0);
    expect(findings).toEqual([]);
  });

  it('follows setLearningRate between epochs (SGD keeps a cached scalar in sync)', async () => {
    const model = mlp(tf.train.sgd(0.1));
    const sgd = model.optimizer as tf.SGDOptimizer;
    class Decay extends tfl.Callback {
      override async onEpochEnd(): Promise<void> {
        sgd.setLearningRate(0.05);
      }
    }
    const doctor = diagnose(model, { log: false });
    await model.fit(x8, y3, { epochs: 2, batchSize: 16, callbacks: [doctor, new Decay()], verbose: 0 });
    doctor.detach();
    expect(doctor.report().record.steps.learningRate).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05]);
  });
});
