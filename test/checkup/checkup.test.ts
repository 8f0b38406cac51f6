/**
 * checkup() on real tiny models: each finding provoked by a planted fault, healthy controls silent,
 * and the user's model and optimizer left bit-identical.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkup, CnnDoctorError, diagnose, findLearningRate, type CheckupResult, type Finding } from '../../src';
import { CheckupReport } from '../../src/checkup/report';
import { bars, blobs } from '../helpers/data';
import { mlp, smallCnn } from '../helpers/models';
import { trainWithDoctor } from '../helpers/run';

const data = blobs(240, 3, 8, 1, 1.5);
const images = bars(96);
const problems = (r: CheckupResult) => r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.code}${f.layer ? `@${f.layer}` : ''}:${f.severity}`);
const find = <C extends Finding['code']>(r: CheckupResult, code: C) => r.findings.find((f): f is Finding<C> => f.code === code);

function model(layers: tfl.layers.Layer[], loss: string, optimizer: tf.Optimizer = tf.train.adam(1e-2)): tfl.Sequential {
  const m = tfl.sequential({ layers });
  m.compile({ optimizer, loss, metrics: ['accuracy'] });
  return m;
}
const dense = (units: number, activation: 'relu' | 'softmax' | 'sigmoid' | 'linear', first = false) =>
  tfl.layers.dense({ units, activation, inputShape: first ? [8] : undefined, kernelInitializer: tfl.initializers.glorotUniform({ seed: units }) });

async function snapshot(m: tfl.LayersModel): Promise<number[][]> {
  const opt = await m.optimizer.getWeights();
  // Adam's getWeights() hands out its own variables (plus a fresh iterations scalar): read, never dispose.
  return [...m.getWeights(), ...opt.map((w) => w.tensor)].map((t) => Array.from(t.dataSync()));
}

describe('healthy controls stay silent', () => {
  it('MLP on blobs, with overfit and baseline trials', async () => {
    const r = await checkup(mlp(), { x: data.x, y: data.y, overfitBatch: true, baseline: true });
    expect(problems(r)).toEqual([]);
    expect(r.healthy).toBe(true);
    expect(r.layers.map((l) => l.name)).toEqual(['hidden1', 'hidden2', 'output']);
    expect(r.layers[0].initScale).toBeGreaterThan(0.5);
    const text = r.report().toString();
    expect(text).toContain('No problems found');
    expect(text).toContain('hidden1');
    const json = r.report().toJSON();
    expect(json.format).toBe('cnn-doctor-checkup');
    // Same convention as Report.toJSON(): a deep copy that keeps NaN; only JSON.stringify writes null.
    const record = structuredClone(r.record);
    record.steps.loss[0] = NaN;
    const withNaN = new CheckupReport(r.findings, r.layers, record).toJSON();
    expect(withNaN.record.steps.loss[0]).toBeNaN();
    expect(withNaN.record).not.toBe(record);
    expect(JSON.parse(JSON.stringify(withNaN)).record.steps.loss[0]).toBeNull();
  });
  it('an L2 penalty is not mistaken for a model that cannot fit: trials record the data loss', async () => {
    const l2 = () => tfl.regularizers.l2({ l2: 0.05 });
    const layers = [
      tfl.layers.dense({ units: 32, activation: 'relu', inputShape: [8], kernelRegularizer: l2(), kernelInitializer: tfl.initializers.heNormal({ seed: 1 }) }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelRegularizer: l2(), kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ];
    const m = model(layers, 'categoricalCrossentropy');
    const r = await checkup(m, { x: data.x, y: data.y, overfitBatch: true });
    expect(problems(r)).toEqual([]);
    expect(r.record.checkup!.overfit!.losses.slice(-1)[0]).toBeLessThan(0.1);
    // The user's model keeps its penalties.
    expect((m.layers[0].getConfig() as { kernelRegularizer?: unknown }).kernelRegularizer).toBeDefined();
  });
  it('an L2 penalty so strong that the data loss cannot fall is reported as cannot_overfit', async () => {
    const l2 = () => tfl.regularizers.l2({ l2: 8 });
    const layers = [
      tfl.layers.dense({ units: 32, activation: 'relu', inputShape: [8], kernelRegularizer: l2(), kernelInitializer: tfl.initializers.heNormal({ seed: 1 }) }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelRegularizer: l2(), kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ];
    const r = await checkup(model(layers, 'categoricalCrossentropy'), { x: data.x, y: data.y, overfitBatch: true });
    expect(find(r, 'cannot_overfit')).toBeDefined();
    expect(r.record.checkup!.overfit!.losses.slice(-1)[0]).toBeLessThan(2); // the data loss, not the penalty
  });
  it('small CNN on bars, with overfit and baseline trials', async () => {
    const r = await checkup(smallCnn(), { x: images.x, y: images.y, overfitBatch: { samples: 8, steps: 50 }, baseline: { samples: 8, steps: 25 } });
    expect(problems(r)).toEqual([]);
  });
  it('a sigmoid binary classifier with balanced 0/1 labels', async () => {
    const y = tf.tensor2d(data.labels.map((l) => (l === 0 ? 1 : 0)).map((v, i) => (i % 2 ? 1 - v : v)), [240, 1]);
    const m = model([dense(16, 'relu', true), dense(1, 'sigmoid')], 'binaryCrossentropy');
    expect(problems(await checkup(m, { x: data.x, y }))).toEqual([]);
  });
});

describe('checkup and findLearningRate never change the model', () => {
  it('weights and optimizer state are bit-identical afterwards (Adam with state)', async () => {
    const m = mlp();
    await m.fit(data.x, data.y, { epochs: 1, batchSize: 64, verbose: 0 }); // Adam now has moments
    const before = await snapshot(m);
    const xBefore = Array.from(data.x.dataSync());
    await checkup(m, { x: data.x, y: data.y, overfitBatch: true, baseline: true });
    await findLearningRate(m, { x: data.x, y: data.y, steps: 30 });
    expect(await snapshot(m)).toEqual(before);
    expect(data.x.isDisposed || data.y.isDisposed).toBe(false);
    expect(Array.from(data.x.dataSync())).toEqual(xBefore);
    // and the model still trains as before
    await m.fit(data.x, data.y, { epochs: 1, batchSize: 64, verbose: 0 });
  });
  it('does not leak tensors', async () => {
    const m = mlp();
    await checkup(m, { x: data.x, y: data.y }); // warm-up: compiled functions, the probe's view
    const n = tf.memory().numTensors;
    await checkup(m, { x: data.x, y: data.y, overfitBatch: true, baseline: true });
    expect(tf.memory().numTensors).toBe(n);
  });
});

describe('core checks, judged before training', () => {
  it('bad_init: stddev-5 kernels and a logits loss start far above ln C', async () => {
    const m = mlp({ hidden: [64, 64], kernelInitializer: tfl.initializers.truncatedNormal({ stddev: 5, seed: 1 }), outputActivation: 'linear', loss: (a, b) => tf.losses.softmaxCrossEntropy(a, b) });
    const f = find(await checkup(m, { x: data.x, y: data.y }), 'bad_init');
    // A risk before training: a warning (only harm seen in training, or a trial's failure, makes an error).
    expect(f).toMatchObject({ severity: 'warning', step: 0, status: 'open' });
    expect(f!.evidence.initialLoss).toBeGreaterThan(10 * Math.log(3));
  });
  it('input_not_normalized: raw 0–255 inputs', async () => {
    const raw = tf.mul(tf.sigmoid(data.x), 255);
    expect(find(await checkup(mlp(), { x: raw, y: data.y }), 'input_not_normalized')).toMatchObject({ severity: 'warning' });
    raw.dispose();
  });
  it('input_not_normalized: int32 category codes fed to a Dense layer', async () => {
    const codes = tf.tidy(() => tf.cast(tf.round(tf.mul(tf.sigmoid(data.x), 5)), 'int32'));
    const f = find(await checkup(mlp(), { x: codes, y: data.y }), 'input_not_normalized');
    expect(f?.evidence.dtype).toBe('int32');
    codes.dispose();
  });
  it('input_not_normalized: NaN in the inputs', async () => {
    const broken = tf.tidy(() => tf.concat([tf.slice(data.x, 0, 239), tf.fill([1, 8], NaN)]));
    expect(find(await checkup(mlp(), { x: broken, y: data.y }), 'input_not_normalized')).toMatchObject({ severity: 'error' });
    broken.dispose();
  });
});

describe('output_loss_mismatch', () => {
  it('softmax + binaryCrossentropy', async () => {
    const r = await checkup(model([dense(16, 'relu', true), dense(3, 'softmax')], 'binaryCrossentropy'), { x: data.x, y: data.y });
    expect(find(r, 'output_loss_mismatch')?.evidence.rule).toBe('softmax_binary_crossentropy');
  });
  it('logits (linear output) into categoricalCrossentropy', async () => {
    const r = await checkup(model([dense(16, 'relu', true), dense(3, 'linear')], 'categoricalCrossentropy'), { x: data.x, y: data.y });
    expect(find(r, 'output_loss_mismatch')).toMatchObject({ severity: 'error', evidence: { rule: 'logits_into_probability_loss' } });
  });
  it('sigmoid on a multi-class output with categoricalCrossentropy', async () => {
    const r = await checkup(model([dense(16, 'relu', true), dense(3, 'sigmoid')], 'categoricalCrossentropy'), { x: data.x, y: data.y });
    expect(find(r, 'output_loss_mismatch')?.evidence.rule).toBe('sigmoid_categorical_crossentropy');
  });
  it('integer labels with categoricalCrossentropy: a finding, not a crash', async () => {
    const ids = tf.tensor1d(data.labels, 'float32');
    const r = await checkup(mlp(), { x: data.x, y: ids, overfitBatch: true });
    expect(find(r, 'output_loss_mismatch')).toMatchObject({ severity: 'error', evidence: { rule: 'integer_labels_categorical_crossentropy', labelWidth: 1 } });
    expect(r.findings.map((f) => f.code)).not.toContain('nan_loss');
    expect(r.report().toString()).toContain('sparseCategoricalCrossentropy');
    ids.dispose();
  });
  it('output units ≠ number of classes in y', async () => {
    const y4 = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(data.labels.map((l, i) => (i % 5 === 0 ? 3 : l)), 'int32'), 4), 'float32'));
    const r = await checkup(mlp(), { x: data.x, y: y4 });
    expect(find(r, 'output_loss_mismatch')?.evidence).toMatchObject({ rule: 'units_vs_classes', units: 3, labelClasses: 4 });
    y4.dispose();
  });
});

describe('architecture checks', () => {
  it('missing_activation: hidden Dense layers left linear', async () => {
    const r = await checkup(mlp({ activation: 'linear' }), { x: data.x, y: data.y });
    expect(find(r, 'missing_activation')).toMatchObject({ severity: 'warning', layer: 'hidden1', evidence: { layers: 'hidden1 → hidden2 → output' } });
    expect(r.layers.find((l) => l.name === 'hidden1')?.findings).toContain('missing_activation');
  });
  it('missing_activation: two linear convs around a batch norm in a functional model', async () => {
    const input = tfl.input({ shape: [8, 8, 1] });
    const c1 = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c1' }).apply(input) as tfl.SymbolicTensor;
    const bn = tfl.layers.batchNormalization({ name: 'bn' }).apply(c1) as tfl.SymbolicTensor;
    const c2 = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c2' }).apply(bn) as tfl.SymbolicTensor;
    const flat = tfl.layers.flatten().apply(c2) as tfl.SymbolicTensor;
    const output = tfl.layers.dense({ units: 3, activation: 'softmax', name: 'out' }).apply(flat) as tfl.SymbolicTensor;
    const m = tfl.model({ inputs: input, outputs: output });
    m.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
    expect(find(await checkup(m, { x: images.x, y: images.y }), 'missing_activation')?.evidence.layers).toBe('c1 → c2 → out');
  });
  it('dropout_too_high: rate 0.8', async () => {
    const m = model([dense(32, 'relu', true), tfl.layers.dropout({ rate: 0.8, name: 'drop' }), dense(3, 'softmax')], 'categoricalCrossentropy');
    const r = await checkup(m, { x: data.x, y: data.y });
    expect(find(r, 'dropout_too_high')).toMatchObject({ layer: 'drop', evidence: { rule: 'high_rate', maxRate: 0.8 } });
    expect(r.report().toString()).toContain('rate 0.8');
  });
  it('static checks also run during fit: diagnose() reports missing_activation at step 0', async () => {
    const run = await trainWithDoctor(mlp({ activation: 'linear' }), data.x, data.y, { epochs: 1 });
    expect(run.findings.find((f) => f.code === 'missing_activation')).toMatchObject({ step: 0, layer: 'hidden1' });
  });
});

describe("checkup's findings carried into the fit (diagnose(model, { checkup }))", () => {
  it('a risk checkup raised is resolved by a fit that learns; the checkup report itself is unchanged', async () => {
    const raw = tf.mul(data.x, 6); // features with a std of ~6: a risk, which Adam trains through here
    const m = mlp();
    const pre = await checkup(m, { x: raw, y: data.y });
    expect(find(pre, 'input_not_normalized')).toMatchObject({ severity: 'warning', status: 'open' });
    const run = await trainWithDoctor(m, raw, data.y, { epochs: 8, shuffle: false }, { checkup: pre });
    expect(run.findings.find((f) => f.code === 'input_not_normalized')).toMatchObject({ status: 'resolved', severity: 'info' });
    expect(run.report.healthy).toBe(true);
    expect(find(pre, 'input_not_normalized')).toMatchObject({ severity: 'warning', status: 'open' });
    raw.dispose();
  });
  it("a trial's verdict only checkup can reach joins the fit's findings; a fit that improves without learning leaves it open", async () => {
    // An L2 penalty of 8: 300 trial steps cannot memorise 8 samples; the real fit's data loss ends near 0.8
    // (chance 1.1) — improved, not learned. Also shows the data loss is judged at each step's penalty (a
    // penalty read at the latest probe made it negative here, which read as learning).
    const l2 = () => tfl.regularizers.l2({ l2: 8 });
    const m = model([
      tfl.layers.dense({ units: 32, activation: 'relu', inputShape: [8], kernelRegularizer: l2(), kernelInitializer: tfl.initializers.heNormal({ seed: 1 }) }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelRegularizer: l2(), kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ], 'categoricalCrossentropy');
    const pre = await checkup(m, { x: data.x, y: data.y, overfitBatch: true });
    expect(find(pre, 'cannot_overfit')).toBeDefined();
    const run = await trainWithDoctor(m, data.x, data.y, { epochs: 4 }, { checkup: pre });
    expect(Math.min(...run.report.record.steps.dataLoss)).toBeGreaterThan(0);
    expect(run.findings.find((f) => f.code === 'cannot_overfit')).toMatchObject({ severity: 'error', status: 'open' });
    expect(run.report.healthy).toBe(false);
  });
  it('a breakage checkup found stays an error through the fit', async () => {
    const m = model([dense(16, 'relu', true), dense(1, 'softmax')], 'binaryCrossentropy');
    const bits = tf.tensor2d(data.labels.map((c) => (c === 0 ? 1 : 0)), [data.labels.length, 1]);
    const pre = await checkup(m, { x: data.x, y: bits });
    const run = await trainWithDoctor(m, data.x, bits, { epochs: 2 }, { checkup: pre });
    expect(run.findings.find((f) => f.code === 'output_loss_mismatch')).toMatchObject({ severity: 'error', status: expect.not.stringMatching('resolved') });
    bits.dispose();
  });
  it('rejects anything but a checkup report, naming the option', () => {
    expect(() => diagnose(mlp(), { checkup: 42 as never })).toThrow(/`checkup`: expected the report checkup\(\) returned/);
  });
});

describe('label_problems', () => {
  const oneHot = (labels: number[]) => tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32'));
  it('a class missing from y', async () => {
    const y = oneHot(data.labels.map((l) => (l === 2 ? 1 : l)));
    expect(find(await checkup(mlp(), { x: data.x, y }), 'label_problems')).toMatchObject({ severity: 'warning', evidence: { issue: 'missing_class', missingClasses: '2' } });
    y.dispose();
  });
  it('severe imbalance (≥ 90% one class)', async () => {
    const y = oneHot(data.labels.map((l, i) => (i % 20 === 0 ? l : 0)));
    expect(find(await checkup(mlp(), { x: data.x, y }), 'label_problems')?.evidence.issue).toBe('imbalance');
    y.dispose();
  });
  it('integer labels out of range for a sparse loss', async () => {
    const m = mlp({ loss: 'sparseCategoricalCrossentropy' });
    const ids = tf.tensor1d(data.labels.map((l, i) => (i % 10 === 0 ? 7 : l)));
    const r = await checkup(m, { x: data.x, y: ids });
    expect(find(r, 'label_problems')).toMatchObject({ severity: 'error', evidence: { issue: 'out_of_range', invalid: 24 } });
    ids.dispose();
  });
  it('label rows that are not one-hot', async () => {
    const y = tf.tidy(() => tf.mul(data.y, 2));
    expect(find(await checkup(mlp(), { x: data.x, y }), 'label_problems')?.evidence.issue).toBe('not_one_hot');
    y.dispose();
  });
});

describe('trial runs on a copy', () => {
  const deadFirstLayer = () => mlp({ biasInitializer: tfl.initializers.constant({ value: -50 }) });
  it('input_independent and cannot_overfit: a first layer dead for every input', async () => {
    const r = await checkup(deadFirstLayer(), { x: data.x, y: data.y, overfitBatch: true, baseline: true });
    expect(find(r, 'input_independent')).toMatchObject({ severity: 'error' });
    expect(find(r, 'cannot_overfit')).toMatchObject({ severity: 'error' });
    expect(r.report().toString()).toMatch(/zeroed inputs/);
  });
  it('input_independent: preprocessing that made every sample the same', async () => {
    const same = tf.tidy(() => tf.tile(tf.slice(data.x, 0, 1), [240, 1]));
    const r = await checkup(mlp(), { x: same, y: data.y, baseline: true });
    expect(find(r, 'input_independent')).toBeDefined();
    same.dispose();
  });
  it('cannot_overfit: every layer frozen', async () => {
    const m = mlp();
    m.layers.forEach((l) => (l.trainable = false));
    m.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
    const r = await checkup(m, { x: data.x, y: data.y, overfitBatch: true });
    expect(find(r, 'cannot_overfit')?.message).toMatch(/frozen/);
  });
  it('trials are opt-in', async () => {
    const r = await checkup(deadFirstLayer(), { x: data.x, y: data.y });
    expect(r.record.checkup?.overfit).toBeUndefined();
    expect(r.findings.map((f) => f.code)).not.toContain('cannot_overfit');
  });
});

describe('bad input fails early with the fix', () => {
  const code = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(CnnDoctorError);
      return (e as CnnDoctorError).code;
    }
    return 'no error';
  };
  it('uncompiled model', async () => {
    const m = tfl.sequential({ layers: [dense(3, 'softmax', true)] });
    expect(await code(checkup(m, { x: data.x, y: data.y }))).toBe('model_not_compiled');
    expect(await code(findLearningRate(m, { x: data.x, y: data.y }))).toBe('model_not_compiled');
  });
  it('x that does not fit the model, and x/y sample counts that differ', async () => {
    const wide = tf.zeros([10, 5]);
    await expect(checkup(mlp(), { x: wide, y: data.y })).rejects.toThrow(/shape \[10, 5\] but the model expects \[batch, 8\]/);
    expect(await code(checkup(mlp(), { x: tf.slice(data.x, 0, 10), y: data.y }))).toBe('invalid_data');
    expect(await code(findLearningRate(mlp(), { x: wide, y: data.y }))).toBe('invalid_data');
    wide.dispose();
  });
  it('unknown or invalid options', async () => {
    expect(await code(checkup(mlp(), { x: data.x, y: data.y, overfit: true } as never))).toBe('invalid_options');
    expect(await code(checkup(mlp(), { x: data.x, y: data.y, overfitBatch: { samples: 64 } }))).toBe('invalid_options');
    // Same wording as diagnose(): the full path of a nested option, and the value that was given.
    await expect(checkup(mlp(), { x: data.x, y: data.y, overfitBatch: { sample: 4 } } as never)).rejects.toThrow('`overfitBatch.sample`: unknown option');
    await expect(checkup(mlp(), { x: data.x, y: data.y, probeSamples: 0 })).rejects.toThrow('`probeSamples`: Too small: expected number to be >=1, got 0');
  });
});
