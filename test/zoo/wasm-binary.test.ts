/**
 * Regression test for a wasm heap corruption the detection zoo found: the activation probe's
 * binary-output statistics used tf.where on bool tensors, and tfjs-backend-wasm 4.22's Select writes
 * out of bounds for bool values ("RuntimeError: memory access out of bounds" on a later dispose).
 * A sigmoid binary classifier must train with the doctor attached on wasm, and report the output stats.
 */
import * as tf from '@tensorflow/tfjs-core';
import { diagnose } from '../../src';
import { setupBackend } from '../../src/backend';
import { binary } from '../../bench/zoo/data';
import { mlp } from '../../bench/zoo/models';

describe('binary classifier on wasm with the doctor attached', () => {
  beforeAll(async () => {
    await setupBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
  it('trains without corrupting the wasm heap and measures the no-gradient fraction', async () => {
    const d = binary(256, { seed: 3 });
    const model = mlp({ inputDim: 8, hidden: [16], out: 1, outAct: 'sigmoid', optimizer: tf.train.adam(1e-2), loss: 'binaryCrossentropy' });
    const doctor = diagnose(model, { log: false });
    await model.fit(d.x, d.y, { epochs: 2, batchSize: 32, callbacks: [doctor], verbose: 0 });
    const probes = doctor.report().record.probes;
    expect(probes.length).toBeGreaterThan(3);
    expect(probes[probes.length - 1].output?.noGradientFraction).toBeGreaterThanOrEqual(0);
    doctor.detach();
    // the heap is intact: ordinary ops still run
    expect(tf.tidy(() => tf.sum(tf.ones([1000])).dataSync()[0])).toBe(1000);
    tf.dispose([d.x, d.y]);
    model.dispose();
  });
});
