/**
 * Graph-shaped models: several inputs, several outputs (two heads, two losses), a layer applied twice,
 * a Sequential used as a layer inside a functional model, BatchNorm + Dropout, 1-D and separable
 * convolutions, and per-sample / per-class weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose } from '../../src';
import { expectRecorded, fitWithDoctor, labelsFrom, oneHot, uniform } from './helpers';

const N = 64;
const he = (seed: number) => tfl.initializers.heNormal({ seed });
const glorot = (seed: number) => tfl.initializers.glorotUniform({ seed });
const x8 = uniform([N, 8], 1);
const x4 = uniform([N, 4], 2);
const y3 = oneHot(labelsFrom(x8, 3), 3);
const adam = () => tf.train.adam(1e-2);
const sym = (t: tfl.SymbolicTensor | tfl.SymbolicTensor[] | tf.Tensor | tf.Tensor[]) => t as tfl.SymbolicTensor;

describe('graph shapes', () => {
  it('multi-input: two inputs of different widths', async () => {
    const a = tfl.input({ shape: [8], name: 'a' });
    const b = tfl.input({ shape: [4], name: 'b' });
    const ha = sym(tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: he(1), name: 'ha' }).apply(a));
    const hb = sym(tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: he(2), name: 'hb' }).apply(b));
    const merged = sym(tfl.layers.concatenate({ name: 'merge' }).apply([ha, hb]));
    const out = sym(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(3), name: 'out' }).apply(merged));
    const model = tfl.model({ inputs: [a, b], outputs: out });
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { record, findings } = await fitWithDoctor(model, [x8, x4], y3);
    expectRecorded(record, 8, { activations: ['ha', 'hb', 'merge', 'out'], gradients: ['ha', 'hb', 'out'] });
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'multiclass', numClasses: 3, inputShapes: [[null, 8], [null, 4]] });
  });

  it('multi-output: two heads, two losses (the first head sets the task)', async () => {
    const input = tfl.input({ shape: [8] });
    const h = sym(tfl.layers.dense({ units: 16, activation: 'relu', kernelInitializer: he(1), name: 'trunk' }).apply(input));
    const cls = sym(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(2), name: 'cls' }).apply(h));
    const reg = sym(tfl.layers.dense({ units: 1, kernelInitializer: glorot(3), name: 'reg' }).apply(h));
    const model = tfl.model({ inputs: input, outputs: [cls, reg] });
    model.compile({ optimizer: adam(), loss: ['categoricalCrossentropy', 'meanSquaredError'], metrics: ['accuracy'] });
    const yReg = tf.tidy(() => tf.sum(tf.mul(x8, 0.2), 1, true));
    const { record, findings } = await fitWithDoctor(model, x8, [y3, yReg]);
    expectRecorded(record, 8, { activations: ['trunk', 'cls', 'reg'], gradients: ['trunk', 'cls', 'reg'] });
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'multiclass', numClasses: 3, loss: 'categoricalCrossentropy', outputActivation: 'softmax' });
    // Output statistics are the first head's, against its own labels.
    expect(record.probes[0].output!.labelPrior).toHaveLength(3);
  });

  it('multi-output with a loss dict keyed by output name', async () => {
    const input = tfl.input({ shape: [8] });
    const h = sym(tfl.layers.dense({ units: 16, activation: 'relu', kernelInitializer: he(1), name: 'trunk' }).apply(input));
    const bin = sym(tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: glorot(2), name: 'bin' }).apply(h));
    const cls = sym(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(3), name: 'cls' }).apply(h));
    const model = tfl.model({ inputs: input, outputs: [bin, cls] });
    model.compile({ optimizer: adam(), loss: { bin: 'binaryCrossentropy', cls: 'categoricalCrossentropy' } });
    const yBin = tf.tensor2d(labelsFrom(x8, 2), [N, 1]);
    const { record, findings } = await fitWithDoctor(model, x8, [yBin, y3]);
    expectRecorded(record, 8, { activations: ['trunk', 'bin', 'cls'], gradients: ['trunk', 'bin', 'cls'] });
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'binary', numClasses: 2, loss: 'binaryCrossentropy', outputActivation: 'sigmoid' });
  });

  it('multi-output: several classification heads are judged per head, not on the summed loss', async () => {
    // Three healthy 10-class heads start at 3 × ln 10 ≈ 6.9 in total: against one head's ln 10 that
    // would read as bad_init. The loss series is the first head's (tfjs logs it as `<output>_loss`).
    const input = tfl.input({ shape: [8] });
    const h = sym(tfl.layers.dense({ units: 32, activation: 'relu', kernelInitializer: he(1), name: 'trunk' }).apply(input));
    const heads = [0, 1, 2].map((i) => sym(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot(10 + i), name: `head${i}` }).apply(h)));
    const model = tfl.model({ inputs: input, outputs: heads });
    model.compile({ optimizer: tf.train.adam(1e-3), loss: heads.map(() => 'categoricalCrossentropy'), metrics: ['accuracy'] });
    const y10 = oneHot(labelsFrom(x8, 10), 10);
    const { record, findings } = await fitWithDoctor(model, x8, [y10, y10, y10]);
    expectRecorded(record, 8, { activations: ['trunk', 'head0', 'head2'], gradients: ['trunk', 'head0', 'head1', 'head2'] });
    expect(findings).toEqual([]);
    expect(record.steps.loss[0]).toBeGreaterThan(0.7 * Math.log(10));
    expect(record.steps.loss[0]).toBeLessThan(1.5 * Math.log(10));
    expect(record.steps.accuracy.every(Number.isFinite)).toBe(true); // head0_acc
    expect(record.model).toMatchObject({ task: 'multiclass', numClasses: 10 });
  });

  it('multi-output: a NaN in the second head is still a nan_loss', async () => {
    const input = tfl.input({ shape: [8] });
    const cls = sym(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(2), name: 'cls' }).apply(input));
    const reg = sym(tfl.layers.dense({ units: 1, kernelInitializer: glorot(3), name: 'reg' }).apply(input));
    const model = tfl.model({ inputs: input, outputs: [cls, reg] });
    model.compile({ optimizer: adam(), loss: ['categoricalCrossentropy', 'meanSquaredError'] });
    const yReg = tf.tensor2d(Array.from({ length: N }, (_, i) => (i === 20 ? NaN : 0)), [N, 1]);
    const { record, findings } = await fitWithDoctor(model, x8, [y3, yReg], { shuffle: false });
    expect(record.steps.loss[1]).toBeNaN(); // sample 20 is in the second batch
    expect(findings.find((f) => f.code === 'nan_loss')).toMatchObject({ severity: 'error', step: 1 });
  });

  it('a shared layer applied twice (siamese)', async () => {
    const a = tfl.input({ shape: [8], name: 'left' });
    const b = tfl.input({ shape: [8], name: 'right' });
    const shared = tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: he(1), name: 'shared' });
    const merged = sym(tfl.layers.concatenate({ name: 'merge' }).apply([sym(shared.apply(a)), sym(shared.apply(b))]));
    const out = sym(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(2), name: 'out' }).apply(merged));
    const model = tfl.model({ inputs: [a, b], outputs: out });
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { record, findings } = await fitWithDoctor(model, [x8, uniform([N, 8], 3)], y3);
    expectRecorded(record, 8, { activations: ['shared', 'merge', 'out'], gradients: ['shared', 'out'] });
    expect(findings).toEqual([]);
    // The shared layer has no single output shape; it is still summarised.
    expect(record.model.layers.find((l) => l.name === 'shared')).toMatchObject({ className: 'Dense', isRelu: true });
  });

  it('a nested model: a Sequential used as a layer inside a functional model', async () => {
    const block = tfl.sequential({
      name: 'block',
      layers: [
        tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: he(1), name: 'inner1' }),
        tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: he(2), name: 'inner2' }),
      ],
    });
    const input = tfl.input({ shape: [8] });
    const h = sym(block.apply(input));
    const out = sym(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(3), name: 'out' }).apply(h));
    const model = tfl.model({ inputs: input, outputs: out });
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { record, findings } = await fitWithDoctor(model, x8, y3);
    // The nested model is measured as one layer (its output) and its gradients are attributed to it.
    expectRecorded(record, 8, { activations: ['block', 'out'], gradients: ['block', 'out'] });
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'multiclass', numClasses: 3 });
  });

  it('transfer learning: a frozen base model\'s layers reused under a new head', async () => {
    const base = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: he(1), name: 'base1' }),
        tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: he(2), name: 'base2' }),
        tfl.layers.dense({ units: 10, activation: 'softmax', name: 'base_out' }),
      ],
    });
    base.layers.forEach((l) => (l.trainable = false));
    const features = base.getLayer('base2').output as tfl.SymbolicTensor;
    const out = sym(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(3), name: 'head' }).apply(features));
    const model = tfl.model({ inputs: base.inputs, outputs: out });
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { record, findings } = await fitWithDoctor(model, x8, y3);
    expectRecorded(record, 8, { activations: ['base1', 'base2', 'head'], gradients: ['head'] });
    expect(record.probes[1].layers.base1.gradNorm).toBeUndefined(); // frozen: no gradient, no finding
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'multiclass', numClasses: 3 });
  });

  it('BatchNormalization and Dropout', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, inputShape: [8], kernelInitializer: he(1), name: 'h1' }),
        tfl.layers.batchNormalization({ name: 'bn' }),
        tfl.layers.activation({ activation: 'relu', name: 'relu' }),
        tfl.layers.dropout({ rate: 0.3, name: 'drop' }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(2), name: 'out' }),
      ],
    });
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { record, findings } = await fitWithDoctor(model, x8, y3);
    expectRecorded(record, 8, { activations: ['h1', 'bn', 'relu', 'out'], gradients: ['h1', 'bn', 'out'] });
    expect(findings).toEqual([]);
    expect(record.model.layers.find((l) => l.name === 'drop')?.rate).toBe(0.3);
  });

  it('Conv1D on sequences', async () => {
    const seqs = uniform([N, 12, 2], 4);
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv1d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [12, 2], kernelInitializer: he(1), name: 'conv' }),
        tfl.layers.globalAveragePooling1d({ name: 'gap' }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(2), name: 'out' }),
      ],
    });
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { record, findings } = await fitWithDoctor(model, seqs, oneHot(labelsFrom(seqs, 3), 3));
    expectRecorded(record, 8, { activations: ['conv', 'out'], gradients: ['conv', 'out'] });
    expect(findings).toEqual([]);
    expect(record.probes[0].layers.conv.activation!.units).toBe(8);
  });

  it('depthwise and separable 2-D convolutions', async () => {
    const images = uniform([32, 6, 6, 2], 5);
    const model = tfl.sequential({
      layers: [
        tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, activation: 'relu', inputShape: [6, 6, 2], depthwiseInitializer: he(1), name: 'dw' }),
        tfl.layers.separableConv2d({ filters: 4, kernelSize: 3, activation: 'relu', depthwiseInitializer: he(2), pointwiseInitializer: he(3), name: 'sep' }),
        tfl.layers.flatten({ name: 'flat' }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(4), name: 'out' }),
      ],
    });
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { record, findings } = await fitWithDoctor(model, images, oneHot(labelsFrom(images, 3), 3));
    expectRecorded(record, 4, { activations: ['dw', 'sep', 'out'], gradients: ['dw', 'sep', 'out'] });
    expect(findings).toEqual([]);
  });

  it('classWeight (sampleWeight: tfjs 4.22 itself refuses it, before any callback runs)', async () => {
    const build = () => {
      const model = tfl.sequential({
        layers: [
          tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: he(1), name: 'h1' }),
          tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(2), name: 'out' }),
        ],
      });
      model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    };
    const weighted = await fitWithDoctor(build(), x8, y3, { classWeight: { 0: 1, 1: 2, 2: 0.5 } });
    expectRecorded(weighted.record, 8, { activations: ['h1', 'out'], gradients: ['h1', 'out'] });
    expect(weighted.findings).toEqual([]);
    // The probe batch holds the inputs and labels only, not the weights fit appends after them.
    expect(weighted.record.probes[0].output!.labelPrior).toHaveLength(3);

    const model = build();
    const doctor = diagnose(model, { log: false });
    const sampleWeight = tf.ones([N]);
    await expect(model.fit(x8, y3, { epochs: 1, sampleWeight, callbacks: [doctor], verbose: 0 } as never)).rejects.toThrow('sample weight is not supported yet.');
    // The doctor saw nothing of the failed call and still works on the next fit.
    expect(doctor.report().record.steps.loss).toHaveLength(0);
    await model.fit(x8, y3, { epochs: 1, batchSize: 16, callbacks: [doctor], verbose: 0 });
    expect(doctor.report().record.steps.loss).toHaveLength(4);
    expect(doctor.findings).toEqual([]);
    doctor.detach();
  });
});
