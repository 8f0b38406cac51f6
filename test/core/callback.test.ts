/**
 * The fit-callback contract: zero configuration probes everything, explicit probes override, live
 * output and stopping behave as documented, bad input fails early with the fix, and the doctor never
 * changes training or leaks tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CnnDoctorError, diagnose, type Finding } from '../../src';
import { blobs, rng } from '../helpers/data';
import { mlp } from '../helpers/models';

const data = blobs(320, 3, 8, 11, 1.5);

describe('zero configuration', () => {
  it('probes activations, gradients, updates, outputs and inputs from the data given to fit', async () => {
    const model = mlp();
    const doctor = diagnose(model, { log: false });
    await model.fit(data.x, data.y, { epochs: 2, batchSize: 32, callbacks: [doctor], verbose: 0 });
    const { probes, steps } = doctor.report().record;
    expect(steps.loss).toHaveLength(20);
    expect(steps.learningRate[0]).toBeCloseTo(1e-2);
    expect(steps.accuracy.every(Number.isFinite)).toBe(true);

    const first = probes[0];
    expect(first).toMatchObject({ step: 0, beforeFirstUpdate: true });
    expect(first.layers.hidden1.activation!.units).toBe(32);
    expect(first.layers.hidden1.gradNorm).toBeGreaterThan(0);
    expect(first.layers.hidden1.updateRatio).toBeGreaterThan(0);
    expect(first.output!.labelPrior!.reduce((a, b) => a + b)).toBeCloseTo(1);
    expect(first.input!.std).toBeGreaterThan(0);
    expect(probes.map((p) => p.step)).toEqual([0, 1, 2, 4, 8, 16]);
    doctor.detach();
  });

  it('measures weight and gradient norms exactly, and keeps huge but finite weights finite', async () => {
    const model = mlp({ optimizer: tf.train.sgd(0) });
    const [kernel, bias] = model.getLayer('hidden1').getWeights();
    const exact = Math.hypot(...kernel.dataSync(), ...bias.dataSync());
    const doctor = diagnose(model, { log: false, stopOn: 'never' });
    await model.fit(tf.slice(data.x, 0, 32), tf.slice(data.y, 0, 32), { epochs: 1, batchSize: 32, callbacks: [doctor], verbose: 0 });
    expect(doctor.report().record.probes[0].layers.hidden1.weightNorm).toBeCloseTo(exact, 4);
    doctor.detach();

    // 1e20 per weight: a float32 Σθ² overflows to Infinity, which read as non-finite weights.
    model.getLayer('hidden1').setWeights([tf.fill(kernel.shape, 1e20), tf.zerosLike(bias)]);
    const huge = diagnose(model, { log: false, stopOn: 'never' });
    await model.fit(tf.slice(data.x, 0, 32), tf.slice(data.y, 0, 32), { epochs: 1, batchSize: 32, callbacks: [huge], verbose: 0 });
    const norm = huge.report().record.probes[0].layers.hidden1.weightNorm!;
    expect(norm / (1e20 * Math.sqrt(kernel.size))).toBeCloseTo(1, 5);
    expect(huge.findings.filter((f) => f.code === 'nan_loss' && f.evidence.where === 'weights')).toEqual([]);
    huge.detach();
  });

  it('works with fitDataset', async () => {
    const model = mlp();
    const doctor = diagnose(model, { log: false, probeEvery: 4 });
    const batches = 10;
    const dataset = {
      iterator: async () => {
        let i = 0;
        // One endless stream: with batchesPerEpoch, fitDataset keeps reading it across epochs.
        return {
          next: async () => {
            const at = (i++ % batches) * 32;
            return { done: false, value: { xs: tf.slice(data.x, at, 32), ys: tf.slice(data.y, at, 32) } };
          },
        };
      },
    };
    await model.fitDataset(dataset as never, { epochs: 2, batchesPerEpoch: batches, callbacks: [doctor], verbose: 0 });
    const { probes, steps } = doctor.report().record;
    expect(steps.loss).toHaveLength(20);
    expect(probes[0].layers.hidden2.activation).toBeDefined();
    expect(probes[probes.length - 1].layers.output.gradNorm).toBeGreaterThan(0);
  });

  it('uses an explicit probe batch when given one', async () => {
    const model = mlp();
    const probeX = tf.zeros([16, 8]);
    const doctor = diagnose(model, { log: false, probe: { x: probeX } });
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 32, callbacks: [doctor], verbose: 0 });
    const input = doctor.report().record.probes[0].input!;
    expect([input.min, input.max]).toEqual([0, 0]);
    expect(probeX.isDisposed).toBe(false); // the user's tensor is theirs
  });

  it('restarts the probe schedule at each fit (a second fit is judged from its own start)', async () => {
    const model = mlp();
    const doctor = diagnose(model, { log: false, probeEvery: 5 });
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 32, callbacks: [doctor], verbose: 0 });
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 32, callbacks: [doctor], verbose: 0 });
    const { probes, steps } = doctor.report().record;
    expect(steps.step).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(probes.map((p) => p.step)).toEqual([0, 1, 2, 4, 5, 10, 11, 12, 14, 15]);
    expect(doctor.report().record.fits.map((f) => [f.startIndex, f.batchSize, f.samples])).toEqual([[0, 32, 320], [10, 32, 320]]);
    expect(probes.filter((p) => p.beforeFirstUpdate).map((p) => p.step)).toEqual([0]);
  });
});

describe('live output and stopping', () => {
  const nanData = () => {
    const x = tf.tensor2d(Array.from({ length: 64 * 4 }, (_, i) => (i === 130 ? NaN : (i % 7) / 7)), [64, 4]);
    const y = tf.ones([64, 1]);
    return { x, y };
  };
  const regression = () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [4] })] });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    return model;
  };

  it('prints each new finding once (and each change of one), calls onFinding once, and stops on NaN by default', async () => {
    const lines: string[] = [];
    const seen: Finding[] = [];
    const changes: string[] = [];
    const { x, y } = nanData();
    const model = regression();
    const doctor = diagnose(model, { log: (l) => lines.push(l), onFinding: (f) => seen.push(f), onChange: (f, kind) => changes.push(`${kind} ${f.code}`) });
    await model.fit(x, y, { epochs: 10, batchSize: 16, shuffle: false, callbacks: [doctor], verbose: 0 });
    const codes = seen.map((f) => f.code);
    expect(codes).toContain('nan_loss');
    expect(new Set(codes).size).toBe(codes.length);
    expect(lines).toHaveLength(changes.length);
    expect(changes.filter((c) => c.startsWith('raised')).length).toBe(seen.length);
    expect(lines.find((l) => l.includes('nan_loss'))).toMatch(/^\[cnn-doctor\] ERROR nan_loss at step \d+: The loss became NaN/);
    // NaN in the data: the data is named as the cause, and no learning-rate advice is given.
    const nan = seen.find((f) => f.code === 'nan_loss')!;
    expect(nan.message).toMatch(/held NaN or Infinity inputs/);
    expect(nan.fixes.map((f) => f.title).join(' ')).not.toMatch(/learning rate/);
    expect(doctor.findings.some((f) => f.code === 'lr_too_high')).toBe(false);
    expect(doctor.report().record.steps.loss.length).toBeLessThanOrEqual(16); // stopped in the NaN epoch
  });

  it("keeps training on NaN with stopOn: 'never'", async () => {
    const { x, y } = nanData();
    const model = regression();
    const doctor = diagnose(model, { log: false, stopOn: 'never' });
    await model.fit(x, y, { epochs: 3, batchSize: 16, callbacks: [doctor], verbose: 0 });
    expect(doctor.report().record.steps.loss).toHaveLength(12);
  });

  it("stops at the first error finding with stopOn: 'error'", async () => {
    const model = mlp({ biasInitializer: tfl.initializers.constant({ value: -5 }) });
    const doctor = diagnose(model, { log: false, stopOn: 'error' });
    await model.fit(data.x, data.y, { epochs: 20, batchSize: 32, callbacks: [doctor], verbose: 0 });
    expect(doctor.findings.some((f) => f.severity === 'error')).toBe(true);
    expect(doctor.report().record.steps.loss.length).toBeLessThan(200);
  });
});

describe('reports', () => {
  it('renders text and a JSON run log with NaN written as null', async () => {
    const model = mlp({ biasInitializer: tfl.initializers.constant({ value: -5 }) });
    const doctor = diagnose(model, { log: false });
    await model.fit(data.x, data.y, { epochs: 12, batchSize: 32, callbacks: [doctor], verbose: 0 });
    const report = doctor.report();
    const text = report.toString();
    expect(text).toMatch(/^cnn-doctor report for "sequential_\d+" after 120 steps/);
    expect(text).toContain('dead_relu — layer hidden2');
    expect(text).toContain("kernelInitializer: 'heNormal'");
    const json = JSON.parse(JSON.stringify(report));
    expect(json).toMatchObject({ format: 'cnn-doctor-run', version: 2 });
    expect(json.findings.map((f: Finding) => f.code)).toEqual(report.findings.map((f) => f.code));
    expect(json.record.steps.accuracy).toHaveLength(120);
    expect(report.healthy).toBe(false);
  });
});

describe('bad input fails before training, with the fix', () => {
  it('rejects unknown and mistyped options, naming them', () => {
    const model = mlp();
    expect(() => diagnose(model, { probeEvry: 5 } as never)).toThrow('invalid options: `probeEvry`: unknown option');
    expect(() => diagnose(model, { probeEvery: 0 })).toThrow('`probeEvery`: Too small: expected number to be >=1, got 0');
    expect(() => diagnose(model, { stopOn: 'sometimes' as never })).toThrow('`stopOn`: Invalid option: expected one of "nan"|"error"|"never", got "sometimes"');
    try {
      diagnose(model, { log: 'yes' as never });
    } catch (e) {
      expect(e).toBeInstanceOf(CnnDoctorError);
      expect((e as CnnDoctorError).code).toBe('invalid_options');
      expect((e as CnnDoctorError).issues[0].path).toBe('log');
    }
  });

  it('rejects an uncompiled model', () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    expect(() => diagnose(model)).toThrow(/not compiled[\s\S]*fix: call model\.compile\(/);
  });

  it('rejects a disposed model and things that are not models', () => {
    const model = mlp();
    model.dispose();
    expect(() => diagnose(model)).toThrow(/has been disposed/);
    expect(() => diagnose({} as never)).toThrow(/needs a tf\.LayersModel/);
  });

  it('rejects a probe batch of the wrong shape', () => {
    const model = mlp();
    expect(() => diagnose(model, { probe: { x: tf.zeros([4, 5]) } })).toThrow(
      'invalid probe batch: probe.x has shape [4, 5] but the model expects [batch, 8]',
    );
    expect(() => diagnose(model, { probe: { x: tf.zeros([4, 8]), y: tf.zeros([3, 3]) } })).toThrow('probe.x has 4 samples but probe.y has 3');
  });

  it('refuses to watch the fit of another model', async () => {
    const a = mlp();
    const b = mlp();
    const doctor = diagnose(a, { log: false });
    await expect(b.fit(data.x, data.y, { epochs: 1, callbacks: [doctor], verbose: 0 })).rejects.toThrow(/created for model .* but is attached to the fit\(\) of another model/);
    // Behind a class callback tfjs hands the doctor the model, which it names.
    await expect(b.fit(data.x, data.y, { epochs: 1, callbacks: [new tfl.CustomCallback({}), doctor], verbose: 0 })).rejects.toThrow(/created for model .* but is attached to the fit\(\) of model ".*"/);
    expect(doctor.report().record.steps.step).toEqual([]);
    doctor.detach();
  });
});

describe('do no harm', () => {
  function bnDropoutModel(): tfl.Sequential {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, inputShape: [8], kernelInitializer: tfl.initializers.heNormal({ seed: 1 }) }),
        tfl.layers.batchNormalization(),
        tfl.layers.activation({ activation: 'relu' }),
        tfl.layers.dropout({ rate: 0.3 }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return model;
  }

  async function train(withDoctor: boolean): Promise<Float32Array[]> {
    const random = Math.random;
    Math.random = rng(42); // dropout draws its seeds from Math.random: make both runs draw the same
    try {
      const model = bnDropoutModel();
      const doctor = withDoctor ? diagnose(model, { log: false, probeEvery: 2 }) : null;
      await model.fit(data.x, data.y, { epochs: 3, batchSize: 32, shuffle: false, callbacks: doctor ? [doctor] : [], verbose: 0 });
      doctor?.detach();
      // All weights, including BatchNorm's moving mean and variance, and the optimizer's state.
      const optimizerState = (await model.optimizer.getWeights()).map((w) => w.tensor);
      return [...model.getWeights(), ...optimizerState].map((w) => w.dataSync() as Float32Array);
    } finally {
      Math.random = random;
    }
  }

  it('leaves weights, BatchNorm statistics and optimizer state bit-identical', async () => {
    const without = await train(false);
    const withDoc = await train(true);
    expect(withDoc.length).toBe(without.length);
    withDoc.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(without[i])));
  });

  it('leaks no tensors across epochs with every probe on', async () => {
    // tfjs's own History keeps two scalars per epoch, so compare against a run without the doctor.
    async function run(withDoctor: boolean, plain: boolean): Promise<{ growth: number; leftover: number }> {
      const start = tf.memory().numTensors;
      const model = mlp();
      const counts: number[] = [];
      class Count extends tfl.Callback {
        override async onEpochEnd(): Promise<void> {
          counts.push(tf.memory().numTensors);
        }
      }
      const doctor = withDoctor ? diagnose(model, { log: false, probeEvery: 1 }) : null;
      // Both of tfjs's callback paths: class callbacks first, or plain objects first.
      const count = plain ? { onEpochEnd: async () => void counts.push(tf.memory().numTensors) } : new Count();
      const callbacks = plain ? [count, ...(doctor ? [doctor] : [])] : [count, ...(doctor ? [doctor] : [])];
      const history = await model.fit(data.x, data.y, { epochs: 5, batchSize: 32, callbacks: callbacks as tfl.Callback[], verbose: 0 });
      doctor?.detach();
      model.optimizer.dispose();
      model.dispose();
      expect(history.history.loss).toHaveLength(5);
      return { growth: counts[4] - counts[0], leftover: tf.memory().numTensors - start };
    }
    for (const plain of [false, true]) {
      const without = await run(false, plain);
      const withDoctor = await run(true, plain);
      expect([plain, withDoctor.growth]).toEqual([plain, without.growth]);
      expect([plain, withDoctor.leftover]).toEqual([plain, without.leftover]);
    }
  });
});

describe('model shapes', () => {
  it('watches a functional model with two inputs', async () => {
    const a = tfl.input({ shape: [8], name: 'a' });
    const b = tfl.input({ shape: [8], name: 'b' });
    const h = tfl.layers.dense({ units: 8, activation: 'relu', name: 'shared' });
    const merged = tfl.layers.concatenate().apply([h.apply(a), h.apply(b)] as tfl.SymbolicTensor[]) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 3, activation: 'softmax', name: 'out' }).apply(merged) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: [a, b], outputs: out });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const doctor = diagnose(model, { log: false });
    await model.fit([data.x, data.x], data.y, { epochs: 2, batchSize: 32, callbacks: [doctor], verbose: 0 });
    const probe = doctor.report().record.probes[1];
    expect(probe.layers.shared.activation).toBeDefined();
    expect(probe.layers.shared.gradNorm).toBeGreaterThan(0);
    expect(doctor.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('probes switched off', () => {
  it('still judges the initialisation from the kernels and the first loss without the activation probe', async () => {
    const model = mlp({ hidden: [64, 64], kernelInitializer: tfl.initializers.truncatedNormal({ stddev: 5, seed: 1 }), outputActivation: 'linear', loss: (a, b) => tf.losses.softmaxCrossEntropy(a, b) });
    const doctor = diagnose(model, { log: false, probes: { activations: false } });
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 32, callbacks: [doctor], verbose: 0 });
    expect(doctor.findings.find((f) => f.code === 'bad_init')).toMatchObject({ severity: 'warning', step: 0 });
    expect(doctor.report().record.probes[0].layers.hidden1.activation).toBeUndefined();
    doctor.detach();
  });
});

describe('a bug in the doctor', () => {
  it('never stops the user’s fit', async () => {
    const model = mlp();
    const doctor = diagnose(model, { log: false });
    (doctor as unknown as { engine: { batchEnd: () => void } }).engine.batchEnd = () => {
      throw new Error('boom');
    };
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const history = await model.fit(data.x, data.y, { epochs: 2, batchSize: 32, callbacks: [doctor], verbose: 0 });
      expect(history.history.loss).toHaveLength(2);
      expect(spy).toHaveBeenCalledWith(expect.stringContaining('internal error in onBatchEnd, training continues: boom'));
    } finally {
      spy.mockRestore();
      doctor.detach();
    }
  });
});

describe('probe cost', () => {
  it('does not measure pooling, flatten or dropout layers during training (checkup does)', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], name: 'h' }),
        tfl.layers.dropout({ rate: 0.1, name: 'drop' }),
        tfl.layers.dense({ units: 3, activation: 'softmax', name: 'out' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
    const doctor = diagnose(model, { log: false });
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 32, callbacks: [doctor], verbose: 0 });
    expect(Object.keys(doctor.report().record.probes[0].layers).sort()).toEqual(['h', 'out']);
    doctor.detach();
  });
});
