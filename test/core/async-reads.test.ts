/**
 * During fit the doctor never reads a tensor synchronously: the step's logs and, on probe steps, every
 * probe's statistics are read with one awaited `data()` batch (src/probes/reads.ts), so on webgl the page is
 * not stalled waiting for the GPU. Counted with a spy on `Tensor.dataSync` (which `arraySync` and
 * `bufferSync` go through) from the first step's start to the last step's end, in both callback paths.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose } from '../../src';
import { blobs } from '../helpers/data';

const data = blobs(256, 3, 8, 5, 1.5);

/** dataSync calls between the first onBatchBegin and the last onBatchEnd of a fit, and the steps recorded. */
async function syncReadsDuringSteps(classPath: boolean): Promise<{ reads: number; steps: number; probes: number; penalty?: number }> {
  // A weight penalty, so the penalty probe runs too.
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelRegularizer: tfl.regularizers.l2({ l2: 1e-3 }) }),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const doctor = diagnose(model, { log: false, probeEvery: 4 });
  const original = tf.Tensor.prototype.dataSync;
  let counting = false;
  let reads = 0;
  tf.Tensor.prototype.dataSync = function (this: tf.Tensor) {
    if (counting) reads++;
    return original.call(this) as never;
  } as typeof original;
  const marks = {
    onBatchBegin: async () => void (counting = true),
    onBatchEnd: async () => void (counting = false),
  };
  try {
    // The class path (a class callback in the list) hands the doctor the log tensors themselves.
    const callbacks = classPath ? [doctor, new tfl.CustomCallback(marks)] : [doctor, marks];
    await model.fit(data.x, data.y, { epochs: 2, batchSize: 32, callbacks: callbacks as never, verbose: 0 });
  } finally {
    tf.Tensor.prototype.dataSync = original;
  }
  const { steps, probes } = doctor.report().record;
  doctor.detach();
  return { reads, steps: steps.loss.length, probes: probes.length, penalty: probes[probes.length - 1].penalty };
}

describe('no synchronous reads during fit', () => {
  it.each([
    ['class-callback path (log tensors)', true],
    ['plain-object path (numeric logs)', false],
  ])('%s', async (_name, classPath) => {
    const r = await syncReadsDuringSteps(classPath);
    expect(r.steps).toBe(16);
    expect(r.probes).toBeGreaterThanOrEqual(6);
    expect(r.penalty).toBeGreaterThan(0);
    expect(r.reads).toBe(0);
  });
});
