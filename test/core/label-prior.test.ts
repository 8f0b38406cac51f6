/**
 * The label prior chance_plateau judges against is counted from the training batches, not guessed from
 * the 32-sample probe batch (whose plug-in entropy and majority share are biased on many classes).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose } from '../../src';
import { LABEL_STEPS, LabelCounter } from '../../src/probes/label-prior';
import { modelSummary } from '../helpers/record';

describe('LabelCounter', () => {
  const multiclass = modelSummary({ task: 'multiclass', numClasses: 3 });
  it('counts one-hot, sparse-id and binary label batches', () => {
    const oneHot = new LabelCounter(multiclass, NaN);
    oneHot.add(tf.tensor2d([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]));
    expect(oneHot.read()).toEqual({ counts: [2, 1, 1], samples: 4, min: 0, max: 1, integerValued: true });
    const sparse = new LabelCounter(multiclass, NaN);
    sparse.add(tf.tensor1d([2, 2, 0, 1], 'int32'));
    sparse.add(tf.tensor2d([[2], [2], [2], [2]]));
    expect(sparse.read()).toEqual({ counts: [1, 1, 6], samples: 8, min: 0, max: 2, integerValued: true });
    const binary = new LabelCounter(modelSummary({ task: 'binary', numClasses: 2 }), NaN);
    binary.add(tf.tensor2d([[1], [0], [0], [0]]));
    expect(binary.read()).toEqual({ counts: [3, 1], samples: 4, min: 0, max: 1, integerValued: true });
    const fractional = new LabelCounter(multiclass, NaN);
    fractional.add(tf.tensor1d([0, 1 / 255, 2 / 255]));
    expect(fractional.read()).toMatchObject({ integerValued: false });
    expect(fractional.read()!.max).toBeCloseTo(2 / 255, 6);
    fractional.settle();
    [oneHot, sparse, binary].forEach((c) => c.settle());
  });
  it(`counts the first epoch (at least ${LABEL_STEPS} batches), keeps its counts through settle(), and holds no tensor once settled`, () => {
    const before = tf.memory().numTensors;
    const c = new LabelCounter(multiclass, NaN);
    const y = tf.tensor2d([[1, 0, 0], [0, 1, 0]]);
    c.add(y);
    c.epochEnded(); // a one-batch epoch: counting goes on to LABEL_STEPS batches
    for (let i = 1; i < LABEL_STEPS + 20; i++) c.add(y);
    c.settle();
    expect(c.read()).toMatchObject({ counts: [LABEL_STEPS, LABEL_STEPS, 0], samples: 2 * LABEL_STEPS });
    const epoch = new LabelCounter(multiclass, 300);
    for (let i = 0; i < 400; i++) epoch.add(y);
    expect(epoch.settle()?.samples).toBe(600);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
  it('ignores regression targets', () => {
    const c = new LabelCounter(modelSummary({ task: 'regression', numClasses: undefined }), NaN);
    c.add(tf.tensor2d([[0.3], [1.2]]));
    expect(c.read()).toBeUndefined();
  });
});

test('during fit, probes record the prior of the training labels, not of the probe batch', async () => {
  // 10 classes, 640 samples in sorted blocks of 64: the 32-sample probe batch holds a single class.
  const n = 640;
  const labels = Array.from({ length: n }, (_, i) => Math.floor(i / 64));
  const x = tf.randomNormal([n, 4], 0, 1, 'float32', 7);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tfl.layers.dense({ units: 10, activation: 'softmax' })] });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const doctor = diagnose(model, { log: false });
  await model.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, callbacks: [doctor], verbose: 0 });
  const probes = doctor.report().record.probes;
  // Unshuffled: a probe at step s has counted batches 0…s, i.e. the first 32·(s + 1) labels.
  for (const p of probes) {
    const seen = labels.slice(0, 32 * (p.step + 1));
    const expected = Array.from({ length: 10 }, (_, c) => seen.filter((l) => l === c).length / seen.length);
    expect(p.output!.labelPriorSamples).toBe(seen.length);
    p.output!.labelPrior!.forEach((v, c) => expect(v).toBeCloseTo(expected[c], 6));
  }
  expect(probes[probes.length - 1].step).toBeGreaterThanOrEqual(16); // ≥ 9 classes seen, not the probe batch's one
  doctor.detach();
  tf.dispose([x, y]);
  model.dispose();
});
