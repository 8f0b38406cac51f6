/**
 * The label prior chance_plateau judges against is counted from the training batches, not guessed from
 * the 32-sample probe batch (whose plug-in entropy and majority share are biased on many classes).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose } from '../../src';
import { LABEL_STEPS, LabelPriorCounter } from '../../src/probes/label-prior';
import { modelSummary } from '../helpers/record';

describe('LabelPriorCounter', () => {
  const multiclass = modelSummary({ task: 'multiclass', numClasses: 3 });
  it('counts one-hot, sparse-id and binary label batches', () => {
    const oneHot = new LabelPriorCounter(multiclass);
    oneHot.add(tf.tensor2d([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]));
    expect(oneHot.read()).toEqual({ prior: [0.5, 0.25, 0.25], samples: 4 });
    const sparse = new LabelPriorCounter(multiclass);
    sparse.add(tf.tensor1d([2, 2, 0, 1], 'int32'));
    sparse.add(tf.tensor2d([[2], [2], [2], [2]]));
    expect(sparse.read()).toEqual({ prior: [0.125, 0.125, 0.75], samples: 8 });
    const binary = new LabelPriorCounter(modelSummary({ task: 'binary', numClasses: 2 }));
    binary.add(tf.tensor2d([[1], [0], [0], [0]]));
    expect(binary.read()).toEqual({ prior: [0.75, 0.25], samples: 4 });
    [oneHot, sparse, binary].forEach((c) => c.settle());
  });
  it(`stops after ${LABEL_STEPS} batches, keeps its counts through settle(), and holds no tensor once settled`, () => {
    const before = tf.memory().numTensors;
    const c = new LabelPriorCounter(multiclass);
    const y = tf.tensor2d([[1, 0, 0], [0, 1, 0]]);
    for (let i = 0; i < LABEL_STEPS + 20; i++) c.add(y);
    c.settle();
    expect(c.read()).toEqual({ prior: [0.5, 0.5, 0], samples: 2 * LABEL_STEPS });
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
  it('ignores regression targets', () => {
    const c = new LabelPriorCounter(modelSummary({ task: 'regression', numClasses: undefined }));
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
