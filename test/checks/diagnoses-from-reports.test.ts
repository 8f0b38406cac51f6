/**
 * The diagnoses real reports need, each on plain recorded series: the rule fires on the pathological
 * shape and stays silent on its healthy twin.
 */
import type { Check } from '../../src/checks';
import { chancePlateau } from '../../src/checks/chance-plateau';
import { checkContext } from '../../src/checks/check';
import { inputNotNormalized } from '../../src/checks/input-not-normalized';
import { labelProblems } from '../../src/checks/label-problems';
import { lrTooHigh } from '../../src/checks/lr-too-high';
import { lrTooLow } from '../../src/checks/lr-too-low';
import { nanLoss } from '../../src/checks/nan-loss';
import { outputLossMismatch } from '../../src/checks/output-loss-mismatch';
import { overfitting } from '../../src/checks/overfitting';
import { progress } from '../../src/checks/progress';
import { weightsNotUpdating } from '../../src/checks/weights-not-updating';
import type { FindingCode, FindingDraft } from '../../src/findings';
import type { RunRecord } from '../../src/record';
import { falling, flat, layer, probe, record, targets } from '../helpers/record';

const judge = <C extends FindingCode>(check: Check<C>, r: RunRecord): FindingDraft<C>[] => check.run(r, checkContext(r));
const LN10 = Math.log(10);
const regression = (over = {}) => ({ task: 'regression' as const, numClasses: undefined, loss: 'meanSquaredError', outputActivation: 'linear', layers: [layer('fc1'), layer('out', { activation: 'linear', isRelu: false, outputShape: [null, 1] })], ...over });

describe('progress', () => {
  it('learns when the loss is well below the chance level and accuracy is up from chance', () => {
    const p = progress(record({ loss: [...falling(2.3, 0.5, 30), ...flat(0.4, 30)], accuracy: flat(0.9, 60) }));
    expect(p).toMatchObject({ ready: true, windowSteps: 20, learning: true });
    expect(p.baseline).toBeCloseTo(LN10, 5);
  });
  it('is not learning at a loss below ln C while accuracy sits at chance (pinned minority)', () => {
    expect(progress(record({ loss: flat(1.2, 60), accuracy: flat(0.1, 60) })).learning).toBe(false);
  });
  it('measures windows in samples: 200 steps at batch 1, 10 at batch 128', () => {
    expect(progress(record({ batchSize: 1, loss: flat(1, 10) })).windowSteps).toBe(200);
    expect(progress(record({ batchSize: 128, loss: flat(1, 10) })).windowSteps).toBe(10);
  });
  it('uses Var(y) as the regression baseline', () => {
    const p = progress(record({ model: regression(), targets: targets(60, 1800, 0, 150), loss: [...falling(5000, 400, 20), ...flat(350, 20)] }));
    expect(p.baseline).toBe(1800);
    expect(p.learning).toBe(true);
  });
  it('stalls when two windows neither learn nor fall', () => {
    expect(progress(record({ loss: flat(LN10, 60) })).stalled).toBe(true);
    expect(progress(record({ loss: falling(4, 2.5, 60) })).stalled).toBe(false);
  });
});

describe('chance_plateau, regression', () => {
  it('fires when MSE sits at the variance of the targets (a model predicting the mean)', () => {
    const [f] = judge(chancePlateau, record({ model: regression(), targets: targets(60, 1800, 0, 150), loss: flat(1810, 120, 30) }));
    expect(f).toMatchObject({ code: 'chance_plateau', severity: 'error', evidence: { rule: 'regression', chanceLoss: 1800 } });
  });
  it('fires on a flat loss above it too (a dead ReLU output predicting 0), not on one that learned', () => {
    expect(judge(chancePlateau, record({ model: regression(), targets: targets(60, 1800, 0, 150), loss: flat(5400, 120, 30) }))).toHaveLength(1);
    expect(judge(chancePlateau, record({ model: regression(), targets: targets(60, 1800, 0, 150), loss: flat(300, 120, 30) }))).toEqual([]);
  });
});

describe('input_not_normalized, regression targets', () => {
  it('warns on targets far from unit scale, not on standardised ones', () => {
    expect(judge(inputNotNormalized, record({ model: regression(), loss: [1], targets: targets(60, 1800, 3, 103) }))[0]).toMatchObject({ severity: 'warning', evidence: { rule: 'targets' } });
    expect(judge(inputNotNormalized, record({ model: regression(), loss: [1], targets: targets(0, 1, -3, 3) }))).toEqual([]);
  });
});

describe('output_loss_mismatch, rules from real reports', () => {
  it('double_softmax: a softmax output into softmaxCrossEntropy', () => {
    const r = record({ model: { loss: 'softmaxCrossEntropy', lossOnLogits: true, outputActivation: 'softmax' }, loss: [2.3] });
    expect(judge(outputLossMismatch, r)[0]).toMatchObject({ severity: 'warning', evidence: { rule: 'double_softmax' } });
    expect(judge(outputLossMismatch, record({ model: { loss: 'softmaxCrossEntropy', lossOnLogits: true, outputActivation: 'linear', layers: [layer('out', { activation: 'linear', isRelu: false, outputShape: [null, 10] })] }, loss: [2.3] }))).toEqual([]);
  });
  it('bounded_output: sigmoid, tanh or ReLU outputs that cannot reach the targets', () => {
    const sig = regression({ outputActivation: 'sigmoid', layers: [layer('out', { activation: 'sigmoid', isRelu: false, outputShape: [null, 1] })] });
    expect(judge(outputLossMismatch, record({ model: sig, loss: [3000], targets: targets(53, 800, 3, 103) }))[0]).toMatchObject({ severity: 'error', evidence: { rule: 'bounded_output', targetMin: 3, targetMax: 103 } });
    const relu = regression({ outputActivation: 'relu', layers: [layer('out', { activation: 'relu', outputShape: [null, 1] })] });
    expect(judge(outputLossMismatch, record({ model: relu, loss: [3], targets: targets(0, 1, -2, 2) }))[0].severity).toBe('warning');
    expect(judge(outputLossMismatch, record({ model: relu, loss: [3], targets: targets(5, 1, 1, 9) }))).toEqual([]);
    expect(judge(outputLossMismatch, record({ model: regression(), loss: [3], targets: targets(53, 800, 3, 103) }))).toEqual([]);
  });
  it('regression_loss_on_classifier: MSE on a softmax output (a cause: a warning)', () => {
    const r = record({ model: { loss: 'meanSquaredError', task: 'regression', outputActivation: 'softmax' }, loss: [0.09] });
    expect(judge(outputLossMismatch, r)[0]).toMatchObject({ severity: 'warning', evidence: { rule: 'regression_loss_on_classifier' } });
  });
});

describe('label_problems during fit', () => {
  const counts = (over = {}) => ({ samples: 320, counts: Array(10).fill(32), min: 0, max: 9, integerValued: true, ...over });
  it('impossible_loss: a negative cross-entropy (integer labels 0–9 fed to one sigmoid unit)', () => {
    const model = { task: 'binary' as const, numClasses: 2, loss: 'binaryCrossentropy', outputActivation: 'sigmoid' };
    expect(judge(labelProblems, record({ model, loss: [0.7, -3.4] }))[0]).toMatchObject({ severity: 'error', evidence: { issue: 'impossible_loss', invalid: -3.4 } });
    expect(judge(labelProblems, record({ model, loss: [0.7, 0.4] }))).toEqual([]);
  });
  it('out_of_range: fractional sparse labels (labels / 255) and binary labels above 1', () => {
    const sparse = { loss: 'sparseCategoricalCrossentropy' };
    expect(judge(labelProblems, record({ model: sparse, loss: [2.3], labels: counts({ max: 9 / 255, integerValued: false }) }))[0].evidence).toMatchObject({ issue: 'out_of_range' });
    expect(judge(labelProblems, record({ model: sparse, loss: [2.3], labels: counts() }))).toEqual([]);
    const binary = { task: 'binary' as const, numClasses: 2, loss: 'binaryCrossentropy', outputActivation: 'sigmoid' };
    expect(judge(labelProblems, record({ model: binary, loss: [0.7], labels: counts({ counts: [10, 310], max: 9 }) }))[0].evidence.issue).toBe('out_of_range');
  });
  it('missing_in_training: a class no batch of a whole epoch held; an error once validation is far worse', () => {
    const missing = counts({ counts: [40, 40, 40, 40, 40, 40, 40, 40, 0, 0], max: 7 });
    expect(judge(labelProblems, record({ loss: [2.3], labels: missing }))).toEqual([]); // epoch size unknown: not judged
    const [f] = judge(labelProblems, record({ loss: [2.3], samples: 320, labels: missing }));
    expect(f).toMatchObject({ severity: 'warning', evidence: { issue: 'missing_in_training', missingClasses: '8, 9' } });
    const withGap = record({ loss: [2.3], samples: 320, labels: missing, epochs: [{ epoch: 0, logs: { loss: 0.6, val_loss: 13 } }] });
    expect(judge(labelProblems, withGap)[0].severity).toBe('error');
    expect(judge(labelProblems, record({ loss: [2.3], samples: 320, labels: counts() }))).toEqual([]);
  });
});

describe('weights_not_updating', () => {
  it('frozen: no trainable parameters', () => {
    expect(judge(weightsNotUpdating, record({ model: { trainableParams: 0 }, loss: [2.3] }))[0]).toMatchObject({ severity: 'error', evidence: { rule: 'frozen' } });
  });
  it('zero_lr: a learning rate of 0 for 3 steps', () => {
    expect(judge(weightsNotUpdating, record({ loss: flat(2.3, 5), lr: 0 }))[0].evidence.rule).toBe('zero_lr');
    expect(judge(weightsNotUpdating, record({ loss: flat(2.3, 5), lr: [1e-3, 1e-3, 1e-3, 1e-3, 0] }))).toEqual([]);
  });
  it('no_change: every kernel layer with a zero update ratio in 2 probes', () => {
    const k = { fanIn: 8, fanOut: 16, std: 0.5, heStd: 0.5, glorotStd: 0.3, lecunStd: 0.35 };
    const model = { layers: [layer('fc1', { kernel: k }), layer('out', { kernel: k, isRelu: false })] };
    const p = (s: number, u: number) => probe(s, { fc1: { updateRatio: u, weightNorm: 2 }, out: { updateRatio: u, weightNorm: 2 } }, { beforeFirstUpdate: false });
    expect(judge(weightsNotUpdating, record({ model, loss: flat(2.3, 10), probes: [p(4, 0), p(8, 0)] }))[0].evidence.rule).toBe('no_change');
    expect(judge(weightsNotUpdating, record({ model, loss: flat(2.3, 10), probes: [p(4, 1e-3), p(8, 0)] }))).toEqual([]);
  });
});

describe('lr_too_low', () => {
  const k = { fanIn: 8, fanOut: 16, std: 0.5, heStd: 0.5, glorotStd: 0.3, lecunStd: 0.35 };
  const model = { layers: [layer('fc1', { kernel: k }), layer('out', { kernel: k, isRelu: false })] };
  const p = (s: number, u: number) => probe(s, { fc1: { updateRatio: u, weightNorm: 2 }, out: { updateRatio: u, weightNorm: 2 } }, { beforeFirstUpdate: false });
  it('fires on tiny updates while the loss does not move; an error once it stalls', () => {
    const [f] = judge(lrTooLow, record({ model, loss: flat(LN10, 60, 0.001), probes: [p(8, 2e-6), p(16, 2e-6), p(50, 2e-6)] }));
    expect(f).toMatchObject({ code: 'lr_too_low', severity: 'error' });
  });
  it('is silent with healthy update ratios, or when the loss falls anyway', () => {
    expect(judge(lrTooLow, record({ model, loss: flat(LN10, 60, 0.001), probes: [p(8, 1e-3), p(16, 1e-3), p(50, 1e-3)] }))).toEqual([]);
    expect(judge(lrTooLow, record({ model, loss: falling(2.3, 1.4, 60), probes: [p(8, 2e-6), p(16, 2e-6), p(50, 2e-6)] }))).toEqual([]);
  });
});

describe('overfitting', () => {
  const epochs = (val: number[], train: number[]) => val.map((v, i) => ({ epoch: i, logs: { loss: train[i], val_loss: v } }));
  const trainFalling = [0.9, 0.6, 0.45, 0.35, 0.25, 0.18, 0.14, 0.11, 0.09];
  it('rising: the 3-epoch mean of the validation loss up for 3 epochs from its best while training falls', () => {
    const [f] = judge(overfitting, record({ loss: [1], epochs: epochs([0.9, 0.7, 0.6, 0.55, 0.55, 0.6, 0.7, 0.8, 0.9], trainFalling) }));
    expect(f).toMatchObject({ severity: 'warning', evidence: { rule: 'rising', bestEpoch: 4, epochsRising: 4 } });
    expect(f.evidence.bestValLoss).toBeCloseTo(0.5667, 3);
    expect(judge(overfitting, record({ loss: [1], epochs: epochs([0.9, 0.7, 0.6, 0.58, 0.57, 0.56], [0.9, 0.6, 0.45, 0.35, 0.25, 0.18]) }))).toEqual([]);
  });
  it('rising: a note, not a warning, while the validation loss is less than 1.25 × its best', () => {
    const [f] = judge(overfitting, record({ loss: [1], epochs: epochs([0.9, 0.7, 0.6, 0.55, 0.55, 0.58, 0.62, 0.65, 0.66], trainFalling) }));
    expect(f).toMatchObject({ severity: 'info', evidence: { rule: 'rising' } });
  });
  it('rising: a note while the validation accuracy holds (over-confidence, no lost predictions); a warning once it falls', () => {
    const val = [0.9, 0.7, 0.6, 0.55, 0.55, 0.6, 0.7, 0.8, 0.9];
    const withAccuracy = (acc: number[]) => epochs(val, trainFalling).map((e, i) => ({ ...e, logs: { ...e.logs, val_acc: acc[i] } }));
    const [held] = judge(overfitting, record({ loss: [1], epochs: withAccuracy([0.6, 0.7, 0.75, 0.78, 0.8, 0.81, 0.8, 0.81, 0.8]) }));
    expect(held).toMatchObject({ severity: 'info', evidence: { rule: 'rising', valAccuracyTrend: 'held' } });
    const [fell] = judge(overfitting, record({ loss: [1], epochs: withAccuracy([0.6, 0.7, 0.75, 0.78, 0.8, 0.78, 0.75, 0.72, 0.7]) }));
    expect(fell).toMatchObject({ severity: 'warning', evidence: { rule: 'rising', valAccuracyTrend: 'fell' } });
  });
  it('rising: silent on a noisy validation loss that only wanders (keras-io imbalanced classification, 2 steps per epoch)', () => {
    expect(judge(overfitting, record({ loss: [1], epochs: epochs([0.047, 0.41, 0.146, 0.021, 0.015, 0.024, 0.066, 0.106], [2.6e-4, 2.1e-4, 8.7e-5, 2.0e-5, 1.8e-5, 3.1e-5, 3.1e-6, 1.1e-5]) }))).toEqual([]);
  });
  it('gap: validation far above training from the first epoch', () => {
    expect(judge(overfitting, record({ loss: [1], epochs: epochs([13, 14], [0.6, 0.4]) }))[0].evidence.rule).toBe('gap');
    expect(judge(overfitting, record({ loss: [1], epochs: epochs([0.8, 0.6], [0.7, 0.5]) }))).toEqual([]);
  });
});

describe('NaN from the data', () => {
  it('nan_loss names the batch that held NaN inputs, and lr_too_high stays silent', () => {
    const r = { ...record({ loss: [2.3, 2.1, 9, 40, NaN] }), nonFiniteBatch: { step: 4 } };
    expect(judge(nanLoss, r)[0].evidence.nonFiniteInputStep).toBe(4);
    expect(judge(lrTooHigh, r)).toEqual([]);
    expect(judge(lrTooHigh, record({ loss: [2.3, 2.1, 9, 40, NaN] }))[0].evidence.rule).toBe('nan_after_growth');
  });
});
