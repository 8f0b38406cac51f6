/**
 * Every finding code, provoked by a real fault in a real tiny model trained with a real `fit`, and
 * healthy controls that must stay silent. Keras-style: provoke the failure, assert the diagnosis.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Finding } from '../../src';
import { bars, blobs } from '../helpers/data';
import { mlp, smallCnn } from '../helpers/models';
import { problemKeys, trainWithDoctor } from '../helpers/run';

const logits = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred);
const data = blobs(960, 3, 8, 1, 1.5);
const images = bars(384);

function regression(n: number, seed = 5) {
  const { x } = blobs(n, 2, 4, seed);
  const y = tf.tidy(() => tf.sum(tf.mul(x, tf.tensor1d([1, -2, 0.5, 3])), 1, true));
  return { x, y };
}

describe('healthy controls stay silent', () => {
  const cases: [string, () => tfl.LayersModel, tf.Tensor, tf.Tensor][] = [
    ['MLP, Adam 1e-2', () => mlp(), data.x, data.y],
    ['MLP, Adam 1e-3 (learns slowly)', () => mlp({ optimizer: tf.train.adam(1e-3) }), data.x, data.y],
    ['MLP, SGD 0.1, Glorot init', () => mlp({ optimizer: tf.train.sgd(0.1), kernelInitializer: 'glorotUniform' }), data.x, data.y],
    ['MLP on logits', () => mlp({ outputActivation: 'linear', loss: logits }), data.x, data.y],
    ['small ReLU CNN (sparse activations)', () => smallCnn(), images.x, images.y],
  ];
  it.each(cases)('%s', async (_name, build, x, y) => {
    const run = await trainWithDoctor(build(), x, y, { epochs: 5 });
    expect(problemKeys(run)).toEqual([]);
    expect(run.report.record.probes.length).toBeGreaterThan(3);
  });
  it('regression (MSE): no chance-level check, no warnings', async () => {
    const r = regression(512);
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tfl.layers.dense({ units: 1 })] });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'meanSquaredError' });
    const run = await trainWithDoctor(model, r.x, r.y, { epochs: 4 });
    expect(problemKeys(run)).toEqual([]);
  });
});

describe('provoked pathologies are diagnosed', () => {
  it('dead_relu and chance_plateau: biases initialised at -5 kill every unit', async () => {
    const run = await trainWithDoctor(mlp({ biasInitializer: tfl.initializers.constant({ value: -5 }) }), data.x, data.y, { epochs: 5 });
    const dead = run.findings.find((f): f is Finding<'dead_relu'> => f.code === 'dead_relu' && f.layer === 'hidden2');
    expect(dead).toMatchObject({ severity: 'error' });
    expect(dead!.evidence.deadUnitFraction).toBe(1);
    expect(run.codes).toContain('chance_plateau');
  });

  it('dead_relu names the conv layer whose channels died', async () => {
    const run = await trainWithDoctor(smallCnn({ biasInitializer: tfl.initializers.constant({ value: -8 }) }), images.x, images.y, { epochs: 4 });
    expect(run.findings.find((f) => f.code === 'dead_relu')?.layer).toBe('conv1');
  });

  it('bad_init: kernels with stddev 5 and a logits loss start far above ln C', async () => {
    const model = mlp({ hidden: [64, 64], kernelInitializer: tfl.initializers.truncatedNormal({ stddev: 5, seed: 1 }), outputActivation: 'linear', loss: logits });
    const run = await trainWithDoctor(model, data.x, data.y, { epochs: 1 });
    const f = run.findings.find((x): x is Finding<'bad_init'> => x.code === 'bad_init');
    expect(f!.step).toBe(0);
    expect(f!.history[0]).toMatchObject({ step: 0, severity: 'warning' });
    if (f!.severity === 'error') expect(f!.status).toBe('confirmed');
    expect(f!.evidence.initialLoss).toBeGreaterThan(10 * Math.log(3));
    expect(['hidden1', 'hidden2']).toContain(f!.layer);
  });

  it('input_not_normalized: raw 0–255 style inputs', async () => {
    const raw = tf.mul(tf.sigmoid(data.x), 255);
    const run = await trainWithDoctor(mlp(), raw, data.y, { epochs: 1 });
    // Raised at step 0 as a risk (a warning); an error only if a symptom it explains follows.
    const f = run.findings.find((x) => x.code === 'input_not_normalized')!;
    expect(f.step).toBe(0);
    expect(f.history[0]).toMatchObject({ step: 0, severity: 'warning' });
    if (f.severity === 'error') expect(f).toMatchObject({ status: 'confirmed', explains: [expect.any(String)] });
  });

  it('saturated_output: a softmax pinned at 0/1 by a large output init and big inputs', async () => {
    const model = mlp({ outputInitializer: tfl.initializers.randomNormal({ stddev: 10, seed: 3 }) });
    const run = await trainWithDoctor(model, tf.mul(data.x, 20), data.y, { epochs: 2 });
    const f = run.findings.find((x): x is Finding<'saturated_output'> => x.code === 'saturated_output');
    expect(f).toMatchObject({ severity: 'error', layer: 'output' });
    expect(f!.evidence.noGradientFraction).toBeGreaterThanOrEqual(0.3);
  });

  it('lr_too_high and nan_loss: SGD at lr 0.5 on a regression blows up, and training stops', async () => {
    const r = regression(512);
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 16, inputShape: [4] }), tfl.layers.dense({ units: 1 })] });
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
    const run = await trainWithDoctor(model, r.x, r.y, { epochs: 20 });
    expect(run.codes).toContain('lr_too_high');
    expect(run.codes).toContain('nan_loss');
    expect(run.steps).toBeLessThan(20 * 16); // stopped at the NaN, not after 20 epochs
  });

  it('lr_too_high: Adam at lr 1 rewrites the weights every step', async () => {
    const run = await trainWithDoctor(mlp({ optimizer: tf.train.adam(1) }), data.x, data.y, { epochs: 2 });
    expect(run.codes).toContain('lr_too_high');
  });

  it('exploding_gradients: a deep linear stack with stddev-3 kernels', async () => {
    const model = mlp({ hidden: [32, 32, 32, 32], activation: 'linear', kernelInitializer: tfl.initializers.randomNormal({ stddev: 3, seed: 2 }), outputActivation: 'linear', loss: logits, optimizer: tf.train.sgd(1e-6) });
    const run = await trainWithDoctor(model, data.x, data.y, { epochs: 1 });
    expect(run.findings.find((f) => f.code === 'exploding_gradients')).toBeDefined();
  });

  it('exploding_gradients: gradients that overflow the weights in the first update (NaN at step 1)', async () => {
    const model = mlp({ hidden: [32, 32, 32, 32, 32, 32, 32], activation: 'linear', kernelInitializer: tfl.initializers.randomNormal({ stddev: 2, seed: 2 }), outputActivation: 'linear', loss: 'meanSquaredError', optimizer: tf.train.sgd(1e-3) });
    const run = await trainWithDoctor(model, data.x, data.y, { epochs: 1 });
    expect(run.report.record.steps.loss.length).toBeLessThanOrEqual(3);
    expect(run.findings.find((f) => f.code === 'exploding_gradients')).toMatchObject({ severity: 'error', evidence: { rule: 'overflow' } });
  });

  it('vanishing_gradients: seven sigmoid layers', async () => {
    const model = mlp({ activation: 'sigmoid', hidden: [32, 32, 32, 32, 32, 32, 32], kernelInitializer: 'glorotNormal', optimizer: tf.train.sgd(0.1) });
    const run = await trainWithDoctor(model, data.x, data.y, { epochs: 2 });
    expect(run.findings.find((f) => f.code === 'vanishing_gradients')).toMatchObject({ layer: 'hidden1' });
  });
});

describe('NaN inputs are found in whichever training batch holds them', () => {
  it('missing values outside the probe batch: input_not_normalized names the training batch', async () => {
    // Rows 0–31 (the probe batch) are clean; one row of batch 7 holds a NaN feature.
    const x = tf.tidy(() => {
      const mask = tf.tensor2d(Array.from({ length: 960 * 8 }, (_, i) => (i === 7 * 32 * 8 + 20 ? 1 : 0)), [960, 8]);
      return tf.where(tf.cast(mask, 'bool'), tf.fill([960, 8], NaN), data.x);
    });
    const run = await trainWithDoctor(mlp(), x, data.y, { epochs: 1, batchSize: 32, shuffle: false });
    const f = run.findings.find((g) => g.code === 'input_not_normalized');
    expect(f).toMatchObject({ severity: 'error', step: 7, evidence: { nonFiniteStep: 7 } });
    expect(f?.message).toContain('the training batch of step 7 held some');
    expect(run.report.record.probes.every((p) => p.input?.nonFinite === 0)).toBe(true);
    x.dispose();
  });
  it('also when the loss stays finite (a clipped loss hides the NaN): found at the next probe', async () => {
    const x = tf.tidy(() => {
      const mask = tf.tensor2d(Array.from({ length: 960 * 8 }, (_, i) => (i === 5 * 32 * 8 + 3 ? 1 : 0)), [960, 8]);
      return tf.where(tf.cast(mask, 'bool'), tf.fill([960, 8], NaN), data.x);
    });
    const run = await trainWithDoctor(mlp(), x, data.y, { epochs: 1, batchSize: 32, shuffle: false }, { stopOn: 'never' });
    expect(run.report.record.nonFiniteBatch).toEqual({ step: 5 });
    expect(run.findings.find((g) => g.code === 'input_not_normalized')?.evidence).toMatchObject({ nonFiniteStep: 5 });
    x.dispose();
  });
  it('a NaN from the model itself (log of a negative number) is not blamed on the inputs', async () => {
    const loss = (y: tf.Tensor, p: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(p)), -1)));
    const run = await trainWithDoctor(mlp({ outputActivation: 'linear', loss }), data.x, data.y, { epochs: 1 });
    expect(run.findings.map((g) => g.code)).toContain('nan_loss');
    expect(run.findings.map((g) => g.code)).not.toContain('input_not_normalized');
    expect(run.report.record.nonFiniteBatch).toBeUndefined();
  });
});
