/**
 * Every model shape tfjs trains, with the doctor attached: it must not throw, must record every step
 * and probe activations and gradients, must stay silent on a healthy setup, and must infer the task.
 * Tiny models, 64 samples, batch 16, 2 epochs: 8 steps, probes at 0, 1, 2, 4.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectRecorded, fitWithDoctor, labelsFrom, oneHot, uniform } from './helpers';

const N = 64;
const he = (seed: number) => tfl.initializers.heNormal({ seed });
const glorot = (seed: number) => tfl.initializers.glorotUniform({ seed });
const x8 = uniform([N, 8], 1);
const labels3 = labelsFrom(x8, 3);
const y3 = oneHot(labels3, 3);
const compileArgs = (loss: tfl.ModelCompileArgs['loss'] = 'categoricalCrossentropy'): tfl.ModelCompileArgs => ({
  optimizer: tf.train.adam(1e-2),
  loss,
  metrics: ['accuracy'],
});

describe('layer-stack shapes', () => {
  it('Sequential with one-hot labels and categoricalCrossentropy', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: he(1), name: 'h1' }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(2), name: 'out' }),
      ],
    });
    model.compile(compileArgs());
    const { record, findings } = await fitWithDoctor(model, x8, y3);
    expectRecorded(record, 8, { activations: ['h1', 'out'], gradients: ['h1', 'out'] });
    expect(record.probes[0].output?.accuracy).toBeGreaterThanOrEqual(0);
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'multiclass', numClasses: 3, loss: 'categoricalCrossentropy' });
  });

  it('functional model', async () => {
    const input = tfl.input({ shape: [8] });
    const h = tfl.layers.dense({ units: 16, activation: 'relu', kernelInitializer: he(1), name: 'h1' }).apply(input) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(2), name: 'out' }).apply(h) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    model.compile(compileArgs());
    const { record, findings } = await fitWithDoctor(model, x8, y3);
    expectRecorded(record, 8, { activations: ['h1', 'out'], gradients: ['h1', 'out'] });
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'multiclass', numClasses: 3 });
  });

  it('sparse integer labels with sparseCategoricalCrossentropy', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: he(1), name: 'h1' }),
        tfl.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: glorot(2), name: 'out' }),
      ],
    });
    model.compile(compileArgs('sparseCategoricalCrossentropy'));
    const y = tf.tensor2d(labelsFrom(x8, 4), [N, 1], 'float32');
    const { record, findings } = await fitWithDoctor(model, x8, y);
    expectRecorded(record, 8, { activations: ['h1', 'out'], gradients: ['h1', 'out'] });
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'multiclass', numClasses: 4, loss: 'sparseCategoricalCrossentropy' });
    // Integer labels are one-hot encoded for the output statistics: the label prior sums to 1 over 4 classes.
    const prior = record.probes[0].output!.labelPrior!;
    expect(prior).toHaveLength(4);
    expect(prior.reduce((a, b) => a + b)).toBeCloseTo(1);
  });

  it('binary: sigmoid + binaryCrossentropy', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: he(1), name: 'h1' }),
        tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: glorot(2), name: 'out' }),
      ],
    });
    model.compile(compileArgs('binaryCrossentropy'));
    const y = tf.tensor2d(labelsFrom(x8, 2), [N, 1]);
    const { record, findings } = await fitWithDoctor(model, x8, y);
    expectRecorded(record, 8, { activations: ['h1', 'out'], gradients: ['h1', 'out'] });
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'binary', numClasses: 2, outputActivation: 'sigmoid' });
    expect(record.probes[0].output!.labelPrior!.reduce((a, b) => a + b)).toBeCloseTo(1);
  });

  it('regression (MSE): healthy is silent and has no chance level', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: he(1), name: 'h1' }),
        tfl.layers.dense({ units: 1, kernelInitializer: glorot(2), name: 'out' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'meanSquaredError' });
    const y = tf.tidy(() => tf.sum(tf.mul(x8, 0.3), 1, true));
    const { record, findings } = await fitWithDoctor(model, x8, y);
    expectRecorded(record, 8, { activations: ['h1', 'out'], gradients: ['h1', 'out'] });
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'regression', loss: 'meanSquaredError' });
    expect(record.model.numClasses).toBeUndefined();
    expect(record.probes[0].output).toBeUndefined(); // no classification statistics for a regression output
  });

  it('regression (MSE): a NaN in the targets is found (nan_loss) and training stops', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 4, activation: 'relu', inputShape: [8], kernelInitializer: he(1), name: 'h1' }), tfl.layers.dense({ units: 1, name: 'out' })] });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'meanSquaredError' });
    const y = tf.tidy(() => {
      const clean = tf.sum(x8, 1, true);
      const mask = tf.tensor2d(Array.from({ length: N }, (_, i) => (i === 40 ? 1 : 0)), [N, 1]);
      return tf.where(tf.cast(mask, 'bool'), tf.fill([N, 1], NaN), clean);
    });
    const { record, findings } = await fitWithDoctor(model, x8, y, { epochs: 3, shuffle: false });
    // Sample 40 is in the third batch (samples 32–47): the loss is NaN at step 2 and fit stops there.
    expect(record.steps.loss.slice(0, 2).every(Number.isFinite)).toBe(true);
    expect(record.steps.loss[2]).toBeNaN();
    expect(findings.find((f) => f.code === 'nan_loss')).toMatchObject({ severity: 'error', step: 2 });
    expect(record.steps.loss.length).toBeLessThanOrEqual(4); // stopped in the NaN epoch
  });

  it('regression (MSE): dead units and gradients are still measured (biases at -10 kill h1)', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: he(1), biasInitializer: tfl.initializers.constant({ value: -10 }), name: 'h1' }),
        tfl.layers.dense({ units: 1, name: 'out' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'meanSquaredError' });
    const y = tf.tidy(() => tf.sum(tf.mul(x8, 0.3), 1, true));
    // dead_relu needs 3 probes spanning >= 20 steps: probes at 10, 20, 30 of 32 steps.
    const { findings, record } = await fitWithDoctor(model, x8, y, { epochs: 8 }, { probeEvery: 10 });
    // A warning: 32 steps of batch 8 are fewer than the two 640-sample loss windows that would show harm.
    expect(findings.find((f) => f.code === 'dead_relu')).toMatchObject({ layer: 'h1', severity: 'warning' });
    expect(record.probes[1].layers.out.gradNorm).toBeGreaterThan(0);
    expect(record.probes[1].layers.h1.gradNorm).toBe(0); // a dead layer gets no gradient
  });
});
