/**
 * Bad input fails in diagnose(), before training starts, with a CnnDoctorError that names the option
 * or the problem and says what to do. The wording is pinned: it is the user interface.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CnnDoctorError, diagnose, type CnnDoctorErrorCode } from '../../src';

const VALID = 'valid options are probe, probeEvery, probeBatchSize, log, onFinding, onChange, stopOn, numClasses, plateauWindow, checkup, probes';

function mlp(): tfl.Sequential {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [8], activation: 'softmax', name: 'out' })] });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

function twoByTwo(): tfl.LayersModel {
  const a = tfl.input({ shape: [8], name: 'a' });
  const b = tfl.input({ shape: [4], name: 'b' });
  const merged = tfl.layers.concatenate().apply([a, b]) as tfl.SymbolicTensor;
  const cls = tfl.layers.dense({ units: 3, activation: 'softmax', name: 'cls' }).apply(merged) as tfl.SymbolicTensor;
  const tokens = tfl.layers.dense({ units: 5, activation: 'softmax', name: 'tok' }).apply(merged) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: [a, b], outputs: [cls, tokens] });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: ['categoricalCrossentropy', 'sparseCategoricalCrossentropy'] });
  return model;
}

/** The CnnDoctorError that `fn` throws: its code, its first message line, and its fix. */
function thrown(fn: () => unknown): { code: CnnDoctorErrorCode; message: string; fix: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CnnDoctorError);
    const err = e as CnnDoctorError;
    expect(err.message).toBe(`${err.message.split('\n')[0]}\n  fix: ${err.fix}`);
    return { code: err.code, message: err.message.split('\n')[0], fix: err.fix };
  }
  throw new Error('expected diagnose() to throw');
}

describe('options', () => {
  const model = mlp();
  const cases: [string, unknown, string][] = [
    ['an unknown option', { probeEvry: 5 }, '`probeEvry`: unknown option'],
    ['several unknown options', { verbose: 1, every: 2 }, '`verbose, every`: unknown options'],
    ['an unknown nested option', { probes: { activation: false } }, '`probes.activation`: unknown option'],
    ['a string for a number', { probeEvery: '5' }, '`probeEvery`: Invalid input: expected number, received string, got "5"'],
    ['a fraction for an integer', { probeBatchSize: 2.5 }, '`probeBatchSize`: Invalid input: expected int, received number, got 2.5'],
    ['a number out of range', { probeBatchSize: 10000 }, '`probeBatchSize`: Too big: expected number to be <=4096, got 10000'],
    ['one class', { numClasses: 1 }, '`numClasses`: Too small: expected number to be >=2, got 1'],
    ['a short plateau window', { plateauWindow: 5 }, '`plateauWindow`: Too small: expected number to be >=10, got 5'],
    ['an unknown stopOn', { stopOn: 'sometimes' }, '`stopOn`: Invalid option: expected one of "nan"|"error"|"never", got "sometimes"'],
    ['a string for log', { log: 'yes' }, '`log`: expected true, false or a function (line: string) => void, got "yes"'],
    ['a number for onFinding', { onFinding: 3 }, '`onFinding`: expected a function, got 3'],
    ['a string for a probe switch', { probes: { gradients: 'no' } }, '`probes.gradients`: Invalid input: expected boolean, received string, got "no"'],
    ['a bare tensor as probe', { probe: tf.zeros([4, 8]) }, '`probe`: expected { x, y? } (the probe inputs and, optionally, labels), got a tf.Tensor of shape [4, 8]; write probe: { x }'],
    ['arrays of numbers as probe.x', { probe: { x: [1, 2] } }, '`probe.x`: expected a tf.Tensor or a non-empty array of tf.Tensors, got an array of 2'],
    ['an empty probe.x', { probe: { x: [] } }, '`probe.x`: Too small: expected array to have >=1 items, got an array of 0'],
    ['a missing probe.x', { probe: { y: tf.zeros([4, 3]) } }, '`probe.x`: expected a tf.Tensor or a non-empty array of tf.Tensors, got undefined'],
    ['a string instead of options', 'fast', '`(options)`: Invalid input: expected object, received string, got "fast"'],
    [
      'several problems at once',
      { probeEvery: 0, stopOn: 'x', bogus: 1 },
      '`probeEvery`: Too small: expected number to be >=1, got 0; `stopOn`: Invalid option: expected one of "nan"|"error"|"never", got "x"; `bogus`: unknown option',
    ],
  ];
  it.each(cases)('%s', (_name, options, text) => {
    expect(thrown(() => diagnose(model, options as never))).toEqual({
      code: 'invalid_options',
      message: `cnn-doctor: invalid options: ${text}`,
      fix: `${VALID} (see the README's API section)`,
    });
  });

  it('lists one issue per offending option path', () => {
    let error: unknown;
    try {
      diagnose(model, { probeEvery: 0, log: 'yes' } as never);
    } catch (e) {
      error = e;
    }
    expect((error as CnnDoctorError).issues.map((i) => i.path)).toEqual(['probeEvery', 'log']);
  });

  it('undefined or null options mean the defaults', () => {
    expect(() => diagnose(model, undefined).detach()).not.toThrow();
    expect(() => diagnose(model, null as never).detach()).not.toThrow();
  });
});

describe('probe batches', () => {
  const shape = 'pass a batch shaped like your training inputs';
  const cases: [string, () => tfl.LayersModel, () => { x: tf.Tensor | tf.Tensor[]; y?: tf.Tensor | tf.Tensor[] }, string, string][] = [
    ['wrong rank', mlp, () => ({ x: tf.zeros([4, 8, 1]) }), 'probe.x has shape [4, 8, 1] but the model expects [batch, 8]', shape],
    ['a 1-D batch for 8 features', mlp, () => ({ x: tf.zeros([4]) }), 'probe.x has shape [4] but the model expects [batch, 8]', shape],
    ['wrong feature size', mlp, () => ({ x: tf.zeros([4, 5]) }), 'probe.x has shape [4, 5] but the model expects [batch, 8]', shape],
    ['no samples', mlp, () => ({ x: tf.zeros([0, 8]) }), 'probe.x has no samples (shape [0, 8])', 'pass a batch of at least one sample, e.g. the first 64 samples of your training data'],
    ['too many inputs', mlp, () => ({ x: [tf.zeros([4, 8]), tf.zeros([4, 8])] }), 'the model has 1 input(s) but probe.x has 2 tensor(s)', 'pass one tensor per model input, in model.inputs order'],
    ['too few inputs for a two-input model', twoByTwo, () => ({ x: tf.zeros([4, 8]) }), 'the model has 2 input(s) but probe.x has 1 tensor(s)', 'pass one tensor per model input, in model.inputs order'],
    ['inputs swapped', twoByTwo, () => ({ x: [tf.zeros([4, 4]), tf.zeros([4, 8])] }), 'probe.x[0] has shape [4, 4] but the model expects [batch, 8]', shape],
    ['inputs with different sample counts', twoByTwo, () => ({ x: [tf.zeros([4, 8]), tf.zeros([3, 4])] }), 'probe.x[0] has 4 samples but probe.x[1] has 3', 'give every probe tensor the same number of samples'],
    ['y with a different sample count', mlp, () => ({ x: tf.zeros([4, 8]), y: tf.zeros([3, 3]) }), 'probe.x has 4 samples but probe.y has 3', 'give probe.x and probe.y the same number of samples'],
    [
      'one-hot y of the wrong width',
      mlp,
      () => ({ x: tf.zeros([4, 8]), y: tf.zeros([4, 5]) }),
      'probe.y has shape [4, 5] but the model\'s output "out" takes labels of shape [batch, 3]',
      'pass labels shaped like the ones you give fit() (one-hot rows for categoricalCrossentropy, class indices for sparseCategoricalCrossentropy)',
    ],
    ['one label tensor for two outputs', twoByTwo, () => ({ x: [tf.zeros([4, 8]), tf.zeros([4, 4])], y: tf.zeros([4, 3]) }), 'the model has 2 output(s) but probe.y has 1 tensor(s)', 'pass one label tensor per model output'],
    [
      'one-hot labels for a sparse head',
      twoByTwo,
      () => ({ x: [tf.zeros([4, 8]), tf.zeros([4, 4])], y: [tf.zeros([4, 3]), tf.zeros([4, 5])] }),
      'probe.y[1] has shape [4, 5] but the model\'s output "tok" takes labels of shape [batch, 1]',
      'pass labels shaped like the ones you give fit() (one-hot rows for categoricalCrossentropy, class indices for sparseCategoricalCrossentropy)',
    ],
  ];
  it.each(cases)('%s', (_name, build, probe, message, fix) => {
    const model = build();
    expect(thrown(() => diagnose(model, { probe: probe() }))).toEqual({ code: 'invalid_probe', message: `cnn-doctor: invalid probe batch: ${message}`, fix });
  });

  it('a disposed probe tensor', () => {
    const x = tf.zeros([4, 8]);
    x.dispose();
    expect(thrown(() => diagnose(mlp(), { probe: { x } }))).toEqual({
      code: 'invalid_probe',
      message: 'cnn-doctor: invalid probe batch: probe.x has been disposed',
      fix: 'keep the probe tensors alive while the doctor is attached (the doctor never disposes them)',
    });
  });

  it('accepts what fit accepts: 1-D and sparse labels, a multi-input, multi-output batch', () => {
    const sparse = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [8], activation: 'softmax' })] });
    sparse.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    expect(() => diagnose(sparse, { probe: { x: tf.zeros([4, 8]), y: tf.zeros([4]) } }).detach()).not.toThrow();
    expect(() => diagnose(sparse, { probe: { x: tf.zeros([4, 8]), y: tf.zeros([4, 1]) } }).detach()).not.toThrow();
    const x = [tf.zeros([4, 8]), tf.zeros([4, 4])];
    expect(() => diagnose(twoByTwo(), { probe: { x, y: [tf.zeros([4, 3]), tf.zeros([4])] } }).detach()).not.toThrow();
  });
});

describe('models', () => {
  const notAModel = (got: string) => ({
    code: 'not_a_layers_model',
    message: `cnn-doctor: diagnose() needs a tf.LayersModel (tf.sequential() or tf.model()), got ${got}.`,
    fix: 'pass the model you call fit() on',
  });

  it('a plain object, even one shaped like a model', () => {
    expect(thrown(() => diagnose({} as never))).toEqual(notAModel('a plain object'));
    expect(thrown(() => diagnose({ layers: [], fit() {}, compile() {}, predict() {}, getLayer() {} } as never))).toEqual(notAModel('a plain object'));
  });

  it('nothing, a tensor, a layer, a string', () => {
    expect(thrown(() => diagnose(undefined as never))).toEqual(notAModel('undefined'));
    expect(thrown(() => diagnose(null as never))).toEqual(notAModel('null'));
    expect(thrown(() => diagnose(tf.zeros([2]) as never))).toEqual(notAModel('a tf.Tensor of shape [2]'));
    expect(thrown(() => diagnose(tfl.layers.dense({ units: 2 }) as never))).toEqual(notAModel('an instance of Dense'));
    expect(thrown(() => diagnose('model.json' as never))).toEqual(notAModel('a string'));
  });

  it('an uncompiled model', () => {
    const model = tfl.sequential({ name: 'raw', layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    expect(thrown(() => diagnose(model))).toEqual({
      code: 'model_not_compiled',
      message: 'cnn-doctor: model "raw" is not compiled, so there is no loss or optimizer to watch.',
      fix: "call model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] }) before diagnose(model)",
    });
  });

  it('a disposed model', () => {
    const model = tfl.sequential({ name: 'gone', layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    model.dispose();
    expect(thrown(() => diagnose(model))).toEqual({
      code: 'model_disposed',
      message: 'cnn-doctor: model "gone" has been disposed.',
      fix: 'build (or load) the model again, then call diagnose(model)',
    });
  });

  it('fails in diagnose(), so fit never starts', async () => {
    const model = mlp();
    const before = model.getWeights().map((w) => w.dataSync().slice());
    let fitted = false;
    try {
      await model.fit(tf.zeros([4, 8]), tf.zeros([4, 3]), { callbacks: [diagnose(model, { probeEvery: -1 })], verbose: 0 }).then(() => (fitted = true));
    } catch (e) {
      expect((e as CnnDoctorError).code).toBe('invalid_options');
    }
    expect(fitted).toBe(false);
    model.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(before[i])));
  });
});
