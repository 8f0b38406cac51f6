/**
 * Every way users pass callbacks to fit: the doctor alone, before or after plain-object callbacks,
 * next to tfjs's class callbacks; and a fit that a user callback rejects leaves nothing behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose } from '../../src';
import { blobs } from '../helpers/data';
import { mlp } from '../helpers/models';

const data = blobs(320, 3, 8, 11, 1.5);

async function fitWith(make: (doctor: ReturnType<typeof diagnose>, seen: string[]) => unknown[]) {
  const model = mlp();
  const doctor = diagnose(model, { log: false });
  const seen: string[] = [];
  const history = await model.fit(data.x, data.y, { epochs: 2, batchSize: 32, callbacks: make(doctor, seen) as tfl.Callback[], verbose: 0 });
  const steps = doctor.report().record.steps.step.length;
  doctor.detach();
  return { steps, seen, history, probes: doctor.report().record.probes.length };
}

describe('callbacks in any form and order', () => {
  it.each([
    ['alone', (d: ReturnType<typeof diagnose>) => [d]],
    ['before a plain object', (d: ReturnType<typeof diagnose>, seen: string[]) => [d, { onEpochEnd: async () => void seen.push('epoch') }]],
    ['after a plain object', (d: ReturnType<typeof diagnose>, seen: string[]) => [{ onBatchEnd: async () => void seen.push('batch') }, d]],
    ['after tf.CustomCallback', (d: ReturnType<typeof diagnose>, seen: string[]) => [new tfl.CustomCallback({ onEpochEnd: async () => void seen.push('epoch') }), d]],
    ['before tf.callbacks.earlyStopping', (d: ReturnType<typeof diagnose>) => [d, tfl.callbacks.earlyStopping({ monitor: 'loss', patience: 50 })]],
    ['between earlyStopping and a plain object', (d: ReturnType<typeof diagnose>, seen: string[]) => [tfl.callbacks.earlyStopping({ monitor: 'loss', patience: 50 }), d, { onEpochEnd: async () => void seen.push('epoch') }]],
    ['after tf.callbacks.earlyStopping', (d: ReturnType<typeof diagnose>) => [tfl.callbacks.earlyStopping({ monitor: 'loss', patience: 50 }), d]],
  ])('%s: fit runs and the doctor records every step', async (_name, make) => {
    const r = await fitWith(make);
    expect(r.steps).toBe(20);
    expect(r.probes).toBeGreaterThan(3);
    expect(r.history.history.loss).toHaveLength(2);
  });
});

describe('a fit rejected by a throwing user callback', () => {
  it('leaves no hook on the optimizer; the next fit starts clean; detach restores the model and optimizer exactly', async () => {
    const model = mlp();
    // One fit without the doctor first: tfjs's optimizers add their own state (iterations_) on their first step.
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 32, verbose: 0 });
    const optimizer = model.optimizer as unknown as Record<string, unknown>;
    const inner = (model as unknown as { model: Record<string, unknown> }).model;
    const before = { opt: Object.keys(optimizer).sort(), inner: Object.keys(inner).sort(), outer: Object.keys(model).sort() };
    const doctor = diagnose(model, { log: false });
    const boom = { onBatchEnd: async (batch: number) => { if (batch === 3) throw new Error('user callback failed'); } };
    await expect(model.fit(data.x, data.y, { epochs: 1, batchSize: 32, callbacks: [doctor, boom], verbose: 0 })).rejects.toThrow('user callback failed');
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 32, callbacks: [doctor], verbose: 0 });
    const fits = doctor.report().record.fits;
    expect(fits.map((f) => f.startIndex)).toEqual([0, 4]);
    doctor.detach();
    expect(Object.keys(optimizer).sort()).toEqual(before.opt);
    expect(Object.prototype.hasOwnProperty.call(optimizer, 'applyGradients')).toBe(false);
    expect(Object.keys(inner).sort()).toEqual(before.inner);
    expect(Object.keys(model).sort()).toEqual(before.outer);
  });
});

describe('transfer learning: freeze, compile again, fit again', () => {
  it('follows the new inner model a Sequential builds when compiled again, and records the second fit', async () => {
    const model = mlp();
    const doctor = diagnose(model, { log: false });
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 32, callbacks: [doctor], verbose: 0 });
    const innerBefore = (model as unknown as { model: unknown }).model;
    model.layers[0].trainable = false;
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    // The reason this test exists: tfjs replaces a Sequential's inner model on every compile.
    expect((model as unknown as { model: unknown }).model).not.toBe(innerBefore);
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 32, callbacks: [doctor], verbose: 0 });
    const record = doctor.report().record;
    expect(record.fits.map((f) => f.startIndex)).toEqual([0, 10]);
    expect(record.steps.step).toHaveLength(20);
    expect(record.probes.filter((p) => p.step >= 10).length).toBeGreaterThan(2);
    doctor.detach();
    const inner = (model as unknown as { model: Record<string, unknown> }).model;
    expect(Object.prototype.hasOwnProperty.call(inner, 'makeTrainFunction')).toBe(false);
  });
});
