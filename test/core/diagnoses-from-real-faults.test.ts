/**
 * The diagnoses real bug reports needed, each provoked by its fault in a real tiny model trained with a
 * real `fit` (diagnose() alone, at its defaults), next to a working twin that differs only in the fix and
 * must not get that diagnosis.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose, type Finding, type FindingCode } from '../../src';
import { blobs, gaussian, rng } from '../helpers/data';
import { mlp } from '../helpers/models';
import { trainWithDoctor } from '../helpers/run';

const data = blobs(480, 3, 8, 21, 1.5);

/** The first warning or error with this code (and rule, when given), or undefined. */
function raised(findings: Finding[], code: FindingCode, rule?: string): Finding | undefined {
  return findings.find((f) => f.code === code && f.history.some((h) => h.severity !== 'info') && (rule === undefined || (f.evidence as { rule?: string; issue?: string }).rule === rule || (f.evidence as { issue?: string }).issue === rule));
}

function regressionModel(outputActivation: 'linear' | 'sigmoid', optimizer = tf.train.adam(1e-2)): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [4], kernelInitializer: tfl.initializers.heNormal({ seed: 3 }) }),
      tfl.layers.dense({ units: 1, activation: outputActivation, kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

/** y = w·x + noise, or (shuffled) the same targets in an order unrelated to x. */
function regressionData(n: number, shuffled: boolean, offset = 0, scale = 1): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const next = rng(17);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = [0, 1, 2, 3].map(() => gaussian(next));
    xs.push(...row);
    ys.push(offset + scale * (row[0] - 2 * row[1] + 0.5 * row[2] + row[3] + 0.1 * gaussian(next)));
  }
  if (shuffled) for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [ys[i], ys[j]] = [ys[j], ys[i]];
  }
  return { x: tf.tensor2d(xs, [n, 4]), y: tf.tensor2d(ys, [n, 1]) };
}

describe('double softmax', () => {
  const softmaxLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred);
  it('a softmax output fed to softmaxCrossEntropy is an output/loss mismatch; logits into it are not', async () => {
    const buggy = await trainWithDoctor(mlp({ outputActivation: 'softmax', loss: softmaxLoss }), data.x, data.y, { epochs: 2 });
    expect(raised(buggy.findings, 'output_loss_mismatch', 'double_softmax')).toBeDefined();
    const fixed = await trainWithDoctor(mlp({ outputActivation: 'linear', loss: softmaxLoss }), data.x, data.y, { epochs: 2 });
    expect(raised(fixed.findings, 'output_loss_mismatch')).toBeUndefined();
  });
});

describe('categorical cross-entropy on one output unit, passed as a function (keras-team/keras#17029)', () => {
  const oneUnit = (loss: string | ((a: tf.Tensor, b: tf.Tensor) => tf.Tensor)) => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }), tfl.layers.dense({ units: 1, activation: 'sigmoid' })] });
    model.compile({ optimizer: tf.train.adam(1e-2), loss });
    return model;
  };
  const bits = tf.tensor2d(data.labels.map((c) => (c === 0 ? 1 : 0)), [data.labels.length, 1]);
  it('tfjs runs it (it refuses only the string), every loss is 0 and nothing is learned; binary cross-entropy learns', async () => {
    const cce = (a: tf.Tensor, b: tf.Tensor) => tfl.metrics.categoricalCrossentropy(a, b);
    const buggy = await trainWithDoctor(oneUnit(cce), data.x, bits, { epochs: 2 });
    expect(buggy.report.record.steps.loss.every((l) => l < 1e-6)).toBe(true); // −ln(1 − ε): the clip's floor
    expect(raised(buggy.findings, 'output_loss_mismatch', 'categorical_single_unit')).toMatchObject({ severity: 'error' });
    const fixed = await trainWithDoctor(oneUnit('binaryCrossentropy'), data.x, bits, { epochs: 2 });
    expect(raised(fixed.findings, 'output_loss_mismatch')).toBeUndefined();
    // a custom one-unit loss that does depend on the prediction is not mistaken for it
    const customBce = (a: tf.Tensor, b: tf.Tensor) => tfl.metrics.binaryCrossentropy(a, b);
    const custom = await trainWithDoctor(oneUnit(customBce), data.x, bits, { epochs: 2 });
    expect(raised(custom.findings, 'output_loss_mismatch')).toBeUndefined();
  });
});

describe('near-dead units: a ReLU layer that shrinks towards 0 without being exactly 0', () => {
  // A weight penalty far too strong for the data loss (L2 of 2 on kernels and biases under SGD 0.1) shrinks
  // every weight by ~40% a step: the hidden ReLU outputs fall to ~1e-13 of their start, positive but
  // useless, and the model predicts the class prior. A penalty of 1e-4 leaves the layer alive and it learns.
  const penalised = (l2: number) => {
    const reg = () => tfl.regularizers.l2({ l2 });
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 32, activation: 'relu', inputShape: [8], kernelRegularizer: reg(), biasRegularizer: reg(), kernelInitializer: tfl.initializers.heNormal({ seed: 5 }), name: 'hidden' }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelRegularizer: reg(), kernelInitializer: tfl.initializers.glorotUniform({ seed: 6 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return model;
  };
  it('dead_relu (collapsed) once the layer has shrunk and the loss sits at chance; a sane penalty is silent', async () => {
    const buggy = await trainWithDoctor(penalised(2), data.x, data.y, { epochs: 10 });
    const acts = buggy.report.record.probes.map((p) => p.layers.hidden?.activation).filter((a) => a !== undefined);
    expect(acts[acts.length - 1]!.deadUnitFraction).toBeLessThan(0.9); // not dead by the exact-zero count…
    expect(acts[acts.length - 1]!.absMax).toBeLessThan(1e-4 * acts[0]!.absMax); // …but shrunk to nothing
    expect(raised(buggy.findings, 'dead_relu', 'collapsed')).toMatchObject({ layer: 'hidden' });
    const fixed = await trainWithDoctor(penalised(1e-4), data.x, data.y, { epochs: 10 });
    expect(raised(fixed.findings, 'dead_relu')).toBeUndefined();
    expect(fixed.report.healthy).toBe(true);
  });
});

describe('a regression stuck at the constant prediction', () => {
  it('targets shuffled apart from their inputs sit at MSE ≈ Var(y): chance_plateau (regression); the real targets do not', async () => {
    const bad = regressionData(512, true);
    const buggy = await trainWithDoctor(regressionModel('linear'), bad.x, bad.y, { epochs: 10 });
    expect(raised(buggy.findings, 'chance_plateau', 'regression')).toMatchObject({ severity: 'error' });
    const good = regressionData(512, false);
    const fixed = await trainWithDoctor(regressionModel('linear'), good.x, good.y, { epochs: 10 });
    expect(raised(fixed.findings, 'chance_plateau')).toBeUndefined();
    expect(fixed.report.healthy).toBe(true);
  });
});

describe('a bounded output on unbounded targets', () => {
  it('a sigmoid output for targets 3–103 cannot reach them; a linear output can', async () => {
    const d = regressionData(256, false, 53, 12);
    const buggy = await trainWithDoctor(regressionModel('sigmoid'), d.x, d.y, { epochs: 2 });
    expect(raised(buggy.findings, 'output_loss_mismatch', 'bounded_output')).toMatchObject({ severity: 'error' });
    const fixed = await trainWithDoctor(regressionModel('linear'), d.x, d.y, { epochs: 2 });
    expect(raised(fixed.findings, 'output_loss_mismatch')).toBeUndefined();
  });
});

describe('labels the output cannot represent, seen during fit', () => {
  const binaryModel = () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }), tfl.layers.dense({ units: 1, activation: 'sigmoid' })] });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'binaryCrossentropy' });
    return model;
  };
  it('integer labels 0–9 into one sigmoid unit with binary cross-entropy; 0/1 labels are fine', async () => {
    const digits = tf.tensor2d(data.labels.map((c, i) => (c * 3 + i) % 10), [data.labels.length, 1]);
    const buggy = await trainWithDoctor(binaryModel(), data.x, digits, { epochs: 2 });
    expect(raised(buggy.findings, 'label_problems')).toMatchObject({ severity: 'error' });
    const bits = tf.tensor2d(data.labels.map((c) => (c === 0 ? 1 : 0)), [data.labels.length, 1]);
    const fixed = await trainWithDoctor(binaryModel(), data.x, bits, { epochs: 2 });
    expect(raised(fixed.findings, 'label_problems')).toBeUndefined();
  });

  it('sparse labels divided by 255 (tfjs reads them as class 0); integer labels are fine', async () => {
    const sparse = () => mlp({ loss: 'sparseCategoricalCrossentropy' });
    const divided = tf.tensor1d(data.labels.map((c) => c / 255));
    const buggy = await trainWithDoctor(sparse(), data.x, divided, { epochs: 2 });
    expect(raised(buggy.findings, 'label_problems', 'out_of_range')).toMatchObject({ severity: 'error' });
    const fixed = await trainWithDoctor(sparse(), data.x, tf.tensor1d(data.labels), { epochs: 2 });
    expect(raised(fixed.findings, 'label_problems')).toBeUndefined();
  });

  it('validationSplit of data sorted by class trains without the last class; shuffled first, it trains on all', async () => {
    const order = data.labels.map((c, i) => [c, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    const idx = tf.tensor1d(order, 'int32');
    const [xs, ys] = [tf.gather(data.x, idx), tf.gather(data.y, idx)];
    const fitSorted = async (x: tf.Tensor, y: tf.Tensor) => {
      const model = mlp();
      const doctor = diagnose(model, { log: false });
      await model.fit(x, y, { epochs: 3, batchSize: 32, validationSplit: 0.35, callbacks: [doctor], verbose: 0 });
      doctor.detach();
      return doctor.findings;
    };
    expect(raised(await fitSorted(xs, ys), 'label_problems', 'missing_in_training')).toBeDefined();
    expect(raised(await fitSorted(data.x, data.y), 'label_problems')).toBeUndefined();
  });
});

describe('weights that never update', () => {
  it('a learning rate of 0 is weights_not_updating, not a chance plateau; a working rate is silent', async () => {
    const buggy = await trainWithDoctor(mlp({ optimizer: tf.train.sgd(0) }), data.x, data.y, { epochs: 2 });
    expect(raised(buggy.findings, 'weights_not_updating')).toMatchObject({ severity: 'error' });
    const fixed = await trainWithDoctor(mlp({ optimizer: tf.train.sgd(0.1) }), data.x, data.y, { epochs: 2 });
    expect(raised(fixed.findings, 'weights_not_updating')).toBeUndefined();
  });
});

describe('a learning rate too low', () => {
  it('SGD at 1e-6 barely moves the weights or the loss: lr_too_low; SGD at 0.1 learns', async () => {
    const buggy = await trainWithDoctor(mlp({ optimizer: tf.train.sgd(1e-6) }), data.x, data.y, { epochs: 8 });
    expect(raised(buggy.findings, 'lr_too_low')).toBeDefined();
    expect(raised(buggy.findings, 'weights_not_updating')).toBeUndefined();
    const fixed = await trainWithDoctor(mlp({ optimizer: tf.train.sgd(0.1) }), data.x, data.y, { epochs: 8 });
    expect(raised(fixed.findings, 'lr_too_low')).toBeUndefined();
    expect(fixed.report.healthy).toBe(true);
  });
});

describe('overfitting', () => {
  /** y = sin(x) + noise on [−3, 3]. */
  function sine(n: number, next: () => number) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = 6 * next() - 3;
      xs.push(x);
      ys.push(Math.sin(x) + 0.3 * gaussian(next));
    }
    return { x: tf.tensor2d(xs, [n, 1]), y: tf.tensor2d(ys, [n, 1]) };
  }
  async function fitSine(trainSize: number, epochs: number) {
    const next = rng(31);
    const train = sine(trainSize, next);
    const val = sine(200, next);
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 64, activation: 'relu', inputShape: [1] }), tfl.layers.dense({ units: 64, activation: 'relu' }), tfl.layers.dense({ units: 1 })] });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'meanSquaredError' });
    const doctor = diagnose(model, { log: false });
    await model.fit(train.x, train.y, { epochs, batchSize: 16, validationData: [val.x, val.y], callbacks: [doctor], verbose: 0 });
    doctor.detach();
    return doctor.findings;
  }
  it('a wide net fitting 16 noisy points for 200 epochs: the validation loss climbs from its best; 200 points for 20 epochs do not', async () => {
    expect(raised(await fitSine(16, 200), 'overfitting', 'rising')).toMatchObject({ severity: 'warning' });
    expect(raised(await fitSine(200, 20), 'overfitting')).toBeUndefined();
  });
});
