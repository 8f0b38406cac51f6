/**
 * The new checks on plain data (no tensors): each rule fires on its fault and stays silent on the
 * healthy twin. Also the LR-curve arithmetic and the label summary.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cannotOverfit } from '../../src/checks/cannot-overfit';
import { dropoutTooHigh } from '../../src/checks/dropout-too-high';
import { inputIndependent } from '../../src/checks/input-independent';
import { inputNotNormalized } from '../../src/checks/input-not-normalized';
import { labelProblems } from '../../src/checks/label-problems';
import { lrRangeTest } from '../../src/checks/lr-range-test';
import { missingActivation } from '../../src/checks/missing-activation';
import { outputLossMismatch } from '../../src/checks/output-loss-mismatch';
import { advise } from '../../src/advice';
import { diverged, smoothLosses, suggestLr, sweepLr } from '../../src/checkup/lr-curve';
import { labelStats } from '../../src/checkup/labels';
import type { LabelStats, RunRecord } from '../../src/record';
import type { Check } from '../../src/checks';
import type { FindingCode, FindingDraft } from '../../src/findings';
import { checkContext } from '../../src/checks/check';
import { layer, modelSummary, probe, record } from '../helpers/record';



function labels(over: Partial<LabelStats> = {}): LabelStats {
  return { samples: 300, dtype: 'float32', rank: 2, width: 3, integerValued: true, min: 0, max: 1, nonFinite: 0, notOneHotRows: 0, notDistributionRows: 0, counts: [100, 100, 100], ...over };
}

/** A kernel summary with the given fans (std values are irrelevant here). */
const kernel = (fanIn: number, fanOut: number) => ({ fanIn, fanOut, std: 0.1, heStd: Math.sqrt(2 / fanIn), glorotStd: Math.sqrt(2 / (fanIn + fanOut)), lecunStd: Math.sqrt(1 / fanIn) });
const out = (activation: string, units: number) => layer('out', { activation, isRelu: false, outputShape: [null, units] });

/** A check's drafts for a record, with the context the engine would give it. */
function judge<C extends FindingCode>(check: Check<C>, r: RunRecord): FindingDraft<C>[] {
  return check.run(r, checkContext(r));
}

function withCheckup(model: Parameters<typeof record>[0]['model'], checkup: RunRecord['checkup']): RunRecord {
  return { ...record({ model, loss: [1.1] }), checkup };
}

describe('output_loss_mismatch', () => {
  const run = (model: Parameters<typeof record>[0]['model'], l?: LabelStats) => judge(outputLossMismatch, withCheckup(model, l ? { labels: l } : undefined));
  const rule = (model: Parameters<typeof record>[0]['model'], l?: LabelStats) => run(model, l)[0]?.evidence.rule;

  it('softmax + binaryCrossentropy', () => {
    expect(rule({ layers: [layer('fc1'), out('softmax', 3)], outputActivation: 'softmax', loss: 'binaryCrossentropy' })).toBe('softmax_binary_crossentropy');
  });
  it('softmax on a single unit', () => {
    expect(rule({ layers: [layer('fc1'), out('softmax', 1)], outputActivation: 'softmax', loss: 'binaryCrossentropy' })).toBe('softmax_single_unit');
  });
  it('categorical cross-entropy over a single unit (the loss is always 0)', () => {
    expect(run({ layers: [layer('fc1'), out('sigmoid', 1)], outputActivation: 'sigmoid', loss: 'categoricalCrossentropy' })[0]).toMatchObject({ severity: 'error', evidence: { rule: 'categorical_single_unit' } });
    expect(run({ layers: [layer('fc1'), out('sigmoid', 1)], outputActivation: 'sigmoid', loss: 'binaryCrossentropy' })).toEqual([]);
  });
  it('logits into a probability loss', () => {
    const [f] = run({ layers: [layer('fc1'), out('linear', 3)], outputActivation: 'linear', loss: 'categoricalCrossentropy' });
    expect(f).toMatchObject({ severity: 'error', layer: 'out', evidence: { rule: 'logits_into_probability_loss', units: 3 } });
  });
  it('sigmoid on a multi-class output with categoricalCrossentropy', () => {
    expect(rule({ layers: [layer('fc1'), out('sigmoid', 3)], outputActivation: 'sigmoid' })).toBe('sigmoid_categorical_crossentropy');
  });
  it('integer labels with categoricalCrossentropy', () => {
    expect(rule({ layers: [layer('fc1'), out('softmax', 3)] }, labels({ width: 1, rank: 1, max: 2, counts: [100, 100, 100] }))).toBe('integer_labels_categorical_crossentropy');
  });
  it('one-hot labels with sparseCategoricalCrossentropy', () => {
    expect(rule({ layers: [layer('fc1'), out('softmax', 3)], loss: 'sparseCategoricalCrossentropy' }, labels())).toBe('one_hot_labels_sparse_crossentropy');
  });
  it('output units ≠ classes in y', () => {
    const [f] = run({ layers: [layer('fc1'), out('softmax', 3)] }, labels({ width: 4, counts: [1, 1, 1, 1] }));
    expect(f.evidence).toMatchObject({ rule: 'units_vs_classes', units: 3, labelClasses: 4 });
    expect(rule({ layers: [layer('fc1'), out('softmax', 3)], loss: 'sparseCategoricalCrossentropy' }, labels({ width: 1, rank: 1, max: 4 }))).toBe('units_vs_classes');
  });
  it('is silent on matching pairs', () => {
    expect(run({ layers: [layer('fc1'), out('softmax', 3)] }, labels())).toEqual([]);
    expect(run({ layers: [layer('fc1'), out('softmax', 3)], loss: 'sparseCategoricalCrossentropy' }, labels({ width: 1, rank: 1, max: 2 }))).toEqual([]);
    expect(run({ layers: [layer('fc1'), out('sigmoid', 1)], outputActivation: 'sigmoid', loss: 'binaryCrossentropy', task: 'binary', numClasses: 2 }, labels({ width: 1, max: 1, counts: [150, 150] }))).toEqual([]);
    expect(run({ layers: [layer('fc1'), out('linear', 3)], outputActivation: 'linear', loss: 'softmaxCrossEntropy', lossOnLogits: true }, labels())).toEqual([]);
    expect(run({ layers: [layer('fc1'), out('linear', 1)], outputActivation: 'linear', loss: 'meanSquaredError', task: 'regression' })).toEqual([]);
  });
  it('every rule has words and a tfjs fix', () => {
    const rules = ['softmax_single_unit', 'categorical_single_unit', 'softmax_binary_crossentropy', 'logits_into_probability_loss', 'sigmoid_categorical_crossentropy', 'integer_labels_categorical_crossentropy', 'one_hot_labels_sparse_crossentropy', 'units_vs_classes'] as const;
    for (const r of rules) {
      const f = advise({ code: 'output_loss_mismatch', severity: 'error', step: 0, epoch: 0, layer: 'out', evidence: { rule: r, loss: 'categoricalCrossentropy', outputActivation: 'linear', units: 3, labelWidth: 4, labelClasses: 4 } }, modelSummary());
      expect(f.message.length).toBeGreaterThan(40);
      expect(f.fixes[0].code).toMatch(/tf\.|model\.|const /);
    }
  });
});

describe('missing_activation', () => {
  const lin = (name: string, over = {}) => layer(name, { activation: 'linear', isRelu: false, ...over });
  it('fires on two linear Dense layers in a row, through Dropout/Flatten', () => {
    const r = record({ model: { layers: [lin('fc1'), layer('drop', { className: 'Dropout', activation: undefined, isRelu: false, rate: 0.2 }), lin('fc2'), out('softmax', 3)] }, loss: [1] });
    expect(judge(missingActivation, r)[0]).toMatchObject({ severity: 'warning', layer: 'fc1', evidence: { layers: 'fc1 → fc2 → out', count: 3 } });
  });
  it('fires on one linear hidden layer under a non-linear layer (Dense(64) → Dense(10, softmax))', () => {
    const fc = lin('fc1', { outputShape: [null, 64], kernel: kernel(2048, 64) });
    const [f] = judge(missingActivation, record({ model: { layers: [fc, out('softmax', 10)] }, loss: [1] }));
    expect(f).toMatchObject({ layer: 'fc1', evidence: { layers: 'fc1 → out', count: 2 } });
    const conv = lin('conv1', { className: 'Conv2D', outputShape: [null, 12, 12, 16], kernel: kernel(9, 144) });
    const relu = layer('conv2', { className: 'Conv2D', activation: 'relu', outputShape: [null, 12, 12, 32], kernel: kernel(144, 288) });
    expect(judge(missingActivation, record({ model: { layers: [conv, relu, out('softmax', 3)] }, loss: [1] }))[0].evidence.layers).toBe('conv1 → conv2');
  });
  it('is silent on deliberate linear factorisations: a bottleneck narrower than its input and the next layer, a depthwise conv', () => {
    // MobileNetV2-style projection: 1×1 conv 144 → 24 channels (linear), then expansion 24 → 144 with ReLU.
    const project = lin('project', { className: 'Conv2D', outputShape: [null, 8, 8, 24], kernel: kernel(144, 24) });
    const expand = layer('expand', { className: 'Conv2D', activation: 'relu', outputShape: [null, 8, 8, 144], kernel: kernel(24, 144) });
    expect(judge(missingActivation, record({ model: { layers: [project, expand, out('softmax', 3)] }, loss: [1] }))).toEqual([]);
    const depthwise = lin('dw', { className: 'DepthwiseConv2D', outputShape: [null, 8, 8, 32], kernel: kernel(9, 9) });
    const pointwise = layer('pw', { className: 'Conv2D', activation: 'relu', outputShape: [null, 8, 8, 64], kernel: kernel(32, 64) });
    expect(judge(missingActivation, record({ model: { layers: [depthwise, pointwise, out('softmax', 3)] }, loss: [1] }))).toEqual([]);
  });
  it('follows graph edges (inbound) rather than list order', () => {
    const layers = [lin('a', { inbound: ['input'] }), lin('b', { inbound: ['input'] }), lin('c', { inbound: ['a'] })];
    expect(judge(missingActivation, record({ model: { layers }, loss: [1] }))[0].evidence.layers).toBe('a → c');
  });
  it('is silent when a non-linearity (activation, ReLU layer, max pooling) sits between', () => {
    const relu = layer('act', { className: 'ReLU', activation: 'relu' });
    const pool = layer('pool', { className: 'MaxPooling2D', activation: undefined, isRelu: false });
    const c2 = layer('c2', { className: 'Conv2D', activation: 'relu' });
    expect(judge(missingActivation, record({ model: { layers: [lin('c1', { className: 'Conv2D' }), relu, c2, out('softmax', 3)] }, loss: [1] }))).toEqual([]);
    expect(judge(missingActivation, record({ model: { layers: [lin('c1', { className: 'Conv2D' }), pool, c2, out('softmax', 3)] }, loss: [1] }))).toEqual([]);
    expect(judge(missingActivation, record({ loss: [1] }))).toEqual([]);
  });
});

describe('dropout_too_high', () => {
  const drop = (name: string, rate: number) => layer(name, { className: 'Dropout', activation: undefined, isRelu: false, rate });
  it('fires on a rate ≥ 0.7 (error at ≥ 0.9)', () => {
    expect(judge(dropoutTooHigh, record({ model: { layers: [layer('fc1'), drop('d1', 0.8), out('softmax', 3)] }, loss: [1] }))[0]).toMatchObject({ severity: 'warning', layer: 'd1', evidence: { rule: 'high_rate', maxRate: 0.8 } });
    expect(judge(dropoutTooHigh, record({ model: { layers: [drop('d1', 0.95)] }, loss: [1] }))[0].severity).toBe('error');
  });
  it('fires on stacked dropout whose combined rate is ≥ 0.7', () => {
    const [f] = judge(dropoutTooHigh, record({ model: { layers: [layer('fc1'), drop('d1', 0.5), drop('d2', 0.5)] }, loss: [1] }));
    expect(f.evidence.maxRate).toBeCloseTo(0.75);
    expect(f.evidence.layers).toBe('d1 → d2');
  });
  it('fires on three dropout layers at 0.5', () => {
    const layers = [layer('a'), drop('d1', 0.5), layer('b'), drop('d2', 0.5), layer('c'), drop('d3', 0.5), out('softmax', 3)];
    expect(judge(dropoutTooHigh, record({ model: { layers }, loss: [1] }))[0].evidence).toMatchObject({ rule: 'many_half', count: 3, keepProbability: 0.125 });
  });
  it('is silent on two 0.5 layers (the VGG head) and on small rates', () => {
    expect(judge(dropoutTooHigh, record({ model: { layers: [layer('a'), drop('d1', 0.5), layer('b'), drop('d2', 0.5), out('softmax', 3)] }, loss: [1] }))).toEqual([]);
    expect(judge(dropoutTooHigh, record({ model: { layers: [layer('a'), drop('d1', 0.2)] }, loss: [1] }))).toEqual([]);
  });
});

describe('label_problems', () => {
  const model = { numClasses: 3, layers: [layer('fc1'), out('softmax', 3)] };
  const issue = (l: LabelStats, m: Parameters<typeof record>[0]['model'] = model) => judge(labelProblems, withCheckup(m, { labels: l }))[0]?.evidence.issue;
  it('missing class', () => {
    const [f] = judge(labelProblems, withCheckup(model, { labels: labels({ counts: [150, 150, 0] }) }));
    expect(f).toMatchObject({ severity: 'warning', evidence: { issue: 'missing_class', missingClasses: '2' } });
  });
  it('imbalance: 10× or ≥ 90%', () => {
    expect(issue(labels({ counts: [200, 90, 10] }))).toBe('imbalance');
    expect(issue(labels({ width: 1, rank: 2, counts: [280, 20] }), { ...model, task: 'binary', numClasses: 2, loss: 'binaryCrossentropy', layers: [layer('fc1'), out('sigmoid', 1)] })).toBe('imbalance');
  });
  it('out of range: integer labels ≥ C, negative or fractional', () => {
    const sparse = { ...model, loss: 'sparseCategoricalCrossentropy' };
    const [f] = judge(labelProblems, withCheckup(sparse, { labels: labels({ width: 1, rank: 1, max: 3, counts: [100, 100, 90, 10] }) }));
    expect(f).toMatchObject({ severity: 'error', evidence: { issue: 'out_of_range', invalid: 10 } });
    expect(issue(labels({ width: 1, rank: 1, min: -1, integerValued: true, counts: [100, 100, 90] }), sparse)).toBe('out_of_range');
    expect(issue(labels({ width: 1, rank: 2, min: 0, max: 2, counts: [150, 0, 150] }), { ...model, task: 'binary', numClasses: 2, loss: 'binaryCrossentropy' })).toBe('out_of_range');
  });
  it('rows that are not one-hot', () => {
    expect(judge(labelProblems, withCheckup(model, { labels: labels({ notOneHotRows: 30, notDistributionRows: 30 }) }))[0].evidence).toMatchObject({ issue: 'not_one_hot', invalid: 30 });
  });
  it('is silent on balanced one-hot, smoothed labels, soft binary labels, small samples, and regression', () => {
    expect(judge(labelProblems, withCheckup(model, { labels: labels() }))).toEqual([]);
    expect(judge(labelProblems, withCheckup(model, { labels: labels({ notOneHotRows: 300, integerValued: false }) }))).toEqual([]);
    expect(issue(labels({ width: 1, rank: 2, integerValued: false, min: 0.1, max: 0.9, counts: [] }), { ...model, task: 'binary', numClasses: 2, loss: 'binaryCrossentropy' })).toBeUndefined();
    expect(issue(labels({ samples: 12, counts: [6, 6, 0] }))).toBeUndefined();
    expect(issue(labels({ width: 1, counts: [] }), { task: 'regression', numClasses: undefined, loss: 'meanSquaredError' })).toBeUndefined();
  });
});

describe('trial-run checks', () => {
  const trial = (losses: number[]) => ({ samples: 8, steps: losses.length, learningRate: 1e-2, losses });
  it('cannot_overfit fires when 8 samples stay above 0.1 × ln C', () => {
    const [f] = judge(cannotOverfit, withCheckup({ numClasses: 3 }, { overfit: trial([1.1, 0.9, 0.8, 0.7, 0.6, 0.55]) }));
    expect(f).toMatchObject({ severity: 'error', evidence: { threshold: 0.1 * Math.log(3) } });
    expect(judge(cannotOverfit, withCheckup({ numClasses: 3 }, { overfit: trial([1.1, 0.05, 0.03, 0.01, 0.005, 0.001]) }))).toEqual([]);
  });
  it('cannot_overfit fires only on a clear failure: above 2× the threshold and fallen less than 10×', () => {
    const binary = { task: 'binary' as const, numClasses: 2 };
    // 1.19 → 0.086 against 0.069: close to memorised.
    expect(judge(cannotOverfit, withCheckup(binary, { overfit: trial([1.19, 0.4, 0.09, 0.088, 0.086, 0.085, 0.083]) }))).toEqual([]);
    // Fallen 10× (a start inflated by a bad init), or at 0.1 against 0.069: learning, not a bug.
    expect(judge(cannotOverfit, withCheckup(binary, { overfit: trial([5, 0.3, 0.22, 0.21, 0.2, 0.2, 0.2]) }))).toEqual([]);
    expect(judge(cannotOverfit, withCheckup(binary, { overfit: trial([0.7, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1]) }))).toEqual([]);
    // Stuck at ln 2: fires, naming every rate tried and the best.
    const stuck = { ...trial([0.7, 0.69, 0.69, 0.69, 0.69, 0.69]), learningRate: 1e-3 };
    const [f] = judge(cannotOverfit, withCheckup(binary, { overfit: stuck, overfitAlternatives: [{ ...stuck, learningRate: 1e-4 }, { ...trial([0.7, 0.6, 0.5, 0.45, 0.45, 0.45]), learningRate: 1e-2 }] }));
    expect(f.evidence).toMatchObject({ triedLearningRates: '0.001, 0.0001, 0.01', bestLearningRate: 1e-2 });
    expect(f.evidence.finalLoss).toBeCloseTo(0.49, 2);
  });
  it('cannot_overfit: a rate ÷10 or ×10 that memorises the batch clears it', () => {
    const binary = { task: 'binary' as const, numClasses: 2 };
    const stuck = trial([0.7, 0.69, 0.69, 0.69, 0.69, 0.69]);
    expect(judge(cannotOverfit, withCheckup(binary, { overfit: stuck, overfitAlternatives: [{ ...trial([0.7, 0.1, 0.01, 0.01, 0.01, 0.01]), learningRate: 1e-2 }] }))).toEqual([]);
  });
  it('cannot_overfit spares a best trial still falling steadily at the end of its budget', () => {
    const binary = { task: 'binary' as const, numClasses: 2, loss: 'binaryCrossentropy' };
    const linear = trial(Array.from({ length: 300 }, (_, i) => 0.7 - 0.0015 * i)); // 0.70 → 0.25, still going
    expect(judge(cannotOverfit, withCheckup(binary, { overfit: linear }))).toEqual([]);
    const stalled = trial([...Array.from({ length: 150 }, (_, i) => 0.7 - 0.003 * i), ...Array(150).fill(0.25)]);
    expect(judge(cannotOverfit, withCheckup(binary, { overfit: stalled }))).toHaveLength(1);
  });
  it('cannot_overfit on regression needs a 10× fall', () => {
    const reg = { task: 'regression' as const, numClasses: undefined };
    expect(judge(cannotOverfit, withCheckup(reg, { overfit: trial([100, 80, 60, 50, 40, 30]) }))).toHaveLength(1);
    expect(judge(cannotOverfit, withCheckup(reg, { overfit: trial([100, 9, 8, 6, 5, 4]) }))).toEqual([]);
  });
  it('input_independent fires when zeroed inputs reach about the same loss, once both trials have settled', () => {
    const settled = (start: number, level: number) => trial([start, ...Array(29).fill(level)]);
    const [f] = judge(inputIndependent, withCheckup({}, { baseline: { real: settled(1.1, 1.0), zeroed: settled(1.1, 1.0) } }));
    expect(f).toMatchObject({ severity: 'error', evidence: { rule: 'ignores_input', improvement: 0 } });
    expect(judge(inputIndependent, withCheckup({}, { baseline: { real: settled(1.1, 0.95), zeroed: settled(1.1, 1) } }))[0].evidence.rule).toBe('ignores_input');
    expect(judge(inputIndependent, withCheckup({}, { baseline: { real: settled(1.1, 0.1), zeroed: settled(1.1, 1) } }))).toEqual([]);
    // Still falling at the end of a short trial: too soon to tell.
    expect(judge(inputIndependent, withCheckup({}, { baseline: { real: trial([1.1, 1.05, 1.0, 0.97, 0.95]), zeroed: trial([1.1, 1, 1, 1, 1]) } }))).toEqual([]);
  });
  it('input_independent: a real-input trial at ×10 or ÷10 the rate that beats zeros clears it (XOR at batch 1: lr 0.1 too slow for 150 steps)', () => {
    const slow = { ...trial([0.738, ...Array(29).fill(0.67)]), learningRate: 0.1 };
    const zeroed = trial([0.693, ...Array(29).fill(0.693)]);
    expect(judge(inputIndependent, withCheckup({}, { baseline: { real: slow, zeroed } }))[0].evidence.rule).toBe('ignores_input');
    const fast = { ...trial([0.738, 0.6, 0.4, 0.2, ...Array(26).fill(0.06)]), learningRate: 1 };
    expect(judge(inputIndependent, withCheckup({}, { baseline: { real: slow, zeroed, alternatives: [{ real: fast, zeroed }] } }))).toEqual([]);
  });
  it('input_independent: a pair at another rate that settles with no gain is evidence, though the user-rate pair still falls (a zero first-layer kernel)', () => {
    const creep = (from: number, to: number) => trial(Array.from({ length: 30 }, (_, i) => from + ((to - from) * i) / 29));
    const flat = (start: number, level: number) => trial([start, ...Array(29).fill(level)]);
    const [f] = judge(inputIndependent, withCheckup({}, { baseline: { real: creep(1.1, 1.0), zeroed: creep(1.1, 1.0), alternatives: [{ real: flat(1.1, 0.958), zeroed: flat(1.1, 0.96) }] } }));
    expect(f).toMatchObject({ severity: 'error', evidence: { rule: 'ignores_input' } });
  });
  it('input_independent: a trial still falling between its midpoint and its end is too short to tell', () => {
    const creeping = trial(Array.from({ length: 30 }, (_, i) => 0.74 - 0.003 * i));
    expect(judge(inputIndependent, withCheckup({}, { baseline: { real: creeping, zeroed: trial([0.693, ...Array(29).fill(0.693)]) } }))).toEqual([]);
  });
  it('input_independent says so when real inputs train clearly worse than zeros (inputs hurt)', () => {
    const [f] = judge(inputIndependent, withCheckup({}, { baseline: { real: trial([9, 6, 5, 4.8, 4.8]), zeroed: trial([1.1, 1, 1, 1, 1]) } }));
    expect(f).toMatchObject({ severity: 'warning', evidence: { rule: 'inputs_hurt' } });
    expect(advise(f, modelSummary()).message).toMatch(/worse/);
  });
  it('trial checks are silent on a fit record (no checkup data)', () => {
    const r = record({ loss: [1, 1, 1, 1, 1, 1] });
    expect([...judge(cannotOverfit, r), ...judge(inputIndependent, r), ...judge(labelProblems, r), ...judge(lrRangeTest, r)]).toEqual([]);
  });
});

describe('lr_too_high (range_test)', () => {
  const curve = [1e-4, 1e-3, 1e-2, 1e-1, 1].map((lr, i) => ({ lr, loss: [2, 1.5, 0.5, 0.8, 5][i], smoothed: [2, 1.6, 0.9, 0.8, 3][i] }));
  const run = (learningRate: number, verdict: 'suggested' | 'no_learning_rate_works' = 'suggested') =>
    judge(lrRangeTest, withCheckup({}, { lrRange: { curve, suggested: 1e-2, learningRate, rule: 'steepest', verdict } }));
  it('warns at ≥ 10× the suggestion: a risk judged on a copy, never an error', () => {
    expect(run(0.1)[0]).toMatchObject({ severity: 'warning', evidence: { rule: 'range_test', suggestedLearningRate: 1e-2, recentLoss: 0.8, bestLoss: 0.8 } });
    expect(run(1)[0].severity).toBe('warning');
    expect(run(1, 'no_learning_rate_works')).toEqual([]);
    expect(advise(run(1)[0], modelSummary()).fixes[0].code).toContain('0.01');
  });
  it('is silent below 10×', () => expect(run(0.05)).toEqual([]));
});

describe('input_not_normalized: dtype (checkup records it)', () => {
  const withInput = (max: number, dtype?: string) => record({ loss: [1], probes: [probe(0, {}, { input: { min: 0, max, mean: max / 2, std: 1, nonFinite: 0, dtype } })] });
  it('warns on integer inputs above 1', () => {
    const [f] = judge(inputNotNormalized, withInput(5, 'int32'));
    expect(f.evidence.dtype).toBe('int32');
    expect(advise(f, modelSummary()).message).toContain('int32');
  });
  it('is silent on 0/1 integer masks and on float inputs, and unchanged without a dtype', () => {
    expect(judge(inputNotNormalized, withInput(1, 'int32'))).toEqual([]);
    expect(judge(inputNotNormalized, withInput(5, 'float32'))).toEqual([]);
    expect(judge(inputNotNormalized, withInput(5))).toEqual([]);
  });
});

describe('LR curve arithmetic', () => {
  it('sweeps exponentially', () => {
    expect(sweepLr(1e-7, 10, 101, 0)).toBeCloseTo(1e-7);
    expect(sweepLr(1e-7, 10, 101, 100)).toBeCloseTo(10);
    expect(sweepLr(1e-7, 10, 101, 50)).toBeCloseTo(10 ** -3, 8);
  });
  it('bias-corrects the EMA (a constant series stays constant)', () => {
    expect(smoothLosses([2, 2, 2], 0.98)).toEqual([2, 2, 2].map((v) => expect.closeTo(v, 10)));
  });
  it('stops at 4× the best smoothed loss or a non-finite loss', () => {
    expect(diverged([1, 0.5, 1.9], 4)).toBe(false);
    expect(diverged([1, 0.5, 2.1], 4)).toBe(true);
    expect(diverged([1, NaN], 4)).toBe(true);
  });
  it('suggests the steepest descent before the minimum, or min/10', () => {
    const lrs = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1];
    const smoothed = [2.3, 2.3, 2.0, 0.6, 0.5, 9];
    const curve = lrs.map((lr, i) => ({ lr, loss: smoothed[i], smoothed: smoothed[i] }));
    expect(suggestLr(curve, 'steepest', { skipStart: 0, window: 1 })).toBe(1e-3);
    expect(suggestLr(curve, 'min_over_10')).toBeCloseTo(1e-2);
    expect(suggestLr(curve.slice(0, 2), 'steepest')).toBeNaN();
  });
});

describe('labelStats (tensor → plain data)', () => {
  it('summarises one-hot rows', () => {
    const y = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.5, 0.5, 0], [2, 0, 0]]);
    expect(labelStats(y)).toMatchObject({ samples: 5, width: 3, notOneHotRows: 2, notDistributionRows: 1, counts: [3, 1, 1], max: 2 });
    y.dispose();
  });
  it('summarises integer ids', () => {
    const y = tf.tensor1d([0, 1, 1, 4, -1, 2.5], 'float32');
    expect(labelStats(y)).toMatchObject({ width: 1, integerValued: false, min: -1, max: 4, counts: [1, 2, 0, 0, 1] });
    y.dispose();
  });
});
