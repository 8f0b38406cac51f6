/**
 * Each check on plain recorded series: the rule fires on the pathological shape and stays silent on
 * its healthy twin. No tensors here: checks never see one.
 */
import { badInit } from '../../src/checks/bad-init';
import { chancePlateau } from '../../src/checks/chance-plateau';
import { deadRelu } from '../../src/checks/dead-relu';
import { explodingGradients } from '../../src/checks/exploding-gradients';
import { inputNotNormalized } from '../../src/checks/input-not-normalized';
import { lrTooHigh } from '../../src/checks/lr-too-high';
import { nanLoss } from '../../src/checks/nan-loss';
import { saturatedOutput } from '../../src/checks/saturated-output';
import { vanishingGradients } from '../../src/checks/vanishing-gradients';
import { advise } from '../../src/advice';
import type { Check } from '../../src/checks';
import { checkContext } from '../../src/checks/check';
import type { FindingCode, FindingDraft } from '../../src/findings';
import type { RunRecord } from '../../src/record';
import { act, falling, flat, layer, probe, record } from '../helpers/record';

const LN10 = Math.log(10);

/** What a check returns for a record, with the context the engine would give it. */
function judge<C extends FindingCode>(check: Check<C>, r: RunRecord): FindingDraft<C>[] {
  return check.run(r, checkContext(r));
}

describe('chance_plateau', () => {
  it('fires on a flat loss at ln 10 with chance accuracy', () => {
    const r = record({ loss: [...falling(30, 3, 50), ...flat(LN10, 120)], accuracy: [...flat(0.1, 170, 0.01)] });
    const [f] = judge(chancePlateau, r);
    expect(f.code).toBe('chance_plateau');
    expect(f.severity).toBe('error');
    expect(f.evidence.chanceLoss).toBeCloseTo(LN10, 5);
    expect(f.evidence.meanAccuracy).toBeCloseTo(0.1, 2);
  });
  it('uses the label-prior entropy for imbalanced classes', () => {
    const prior = [0.9, 0.1];
    const h = -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1));
    const r = record({ model: { numClasses: 2, task: 'binary' }, loss: flat(h, 150), probes: [probe(0, {}, { output: { saturatedFraction: 0, accuracy: 0.9, labelPrior: prior } })] });
    expect(judge(chancePlateau, r)[0]?.evidence.chanceLoss).toBeCloseTo(h, 5);
  });
  it('is silent while the loss still falls through the chance level', () => {
    expect(judge(chancePlateau, record({ loss: falling(2.6, 1.9, 150) }))).toEqual([]);
  });
  it('is silent when accuracy is well above chance', () => {
    expect(judge(chancePlateau, record({ loss: flat(LN10, 150), accuracy: flat(0.4, 150) }))).toEqual([]);
  });
  it('waits for a full window', () => {
    expect(judge(chancePlateau, record({ loss: flat(LN10, 99) }))).toEqual([]);
  });
  it('does not apply to regression', () => {
    expect(judge(chancePlateau, record({ model: { task: 'regression', numClasses: undefined }, loss: flat(LN10, 150) }))).toEqual([]);
  });
});

describe('dead_relu', () => {
  const probes = (fractions: number[], steps: number[]) => steps.map((s, i) => probe(s, { fc1: { activation: act(fractions[i]) } }));
  it('fires when ≥ 90% of units are dead in 3 probes spanning ≥ 20 steps: an error once two loss windows show no learning, a warning before', () => {
    const [f] = judge(deadRelu, record({ loss: flat(LN10, 40), probes: probes([0.95, 0.97, 1], [8, 16, 32]) }));
    expect(f).toMatchObject({ code: 'dead_relu', layer: 'fc1', severity: 'error', evidence: { rule: 'dead_units' } });
    expect(judge(deadRelu, record({ loss: flat(LN10, 33), probes: probes([0.95, 0.97, 1], [8, 16, 32]) }))[0].severity).toBe('warning');
  });
  it('is silent while the fit learns, however many units are dead (the network routes around them)', () => {
    expect(judge(deadRelu, record({ loss: flat(0.3, 40), probes: probes([0.95, 0.97, 1], [8, 16, 32]) }))).toEqual([]);
  });
  it('is silent between 50% and 90% dead units: healthy Adam-trained CNNs lose that many and keep learning', () => {
    expect(judge(deadRelu, record({ loss: flat(1, 40), probes: probes([0.6, 0.6, 0.7], [8, 16, 32]) }))).toEqual([]);
    expect(judge(deadRelu, record({ loss: flat(1, 40), probes: probes([0.78, 0.81, 0.83], [8, 16, 32]) }))).toEqual([]);
  });
  it('mostly_zero: ≥ 99% of outputs zero with fewer than 90% dead units', () => {
    const near = [8, 16, 32].map((s) => probe(s, { fc1: { activation: act(0.5, { zeroFraction: 0.992 }) } }));
    expect(judge(deadRelu, record({ loss: flat(LN10, 40), probes: near }))[0].evidence.rule).toBe('mostly_zero');
  });
  it('collapsed: outputs that shrink to ≤ 1e-4 of their first size without being exactly zero', () => {
    const shrinking = [0, 8, 16, 32].map((s, i) => probe(s, { fc1: { activation: act(0, { zeroFraction: 0.5, absMax: i === 0 ? 3 : 1e-8 }) } }));
    expect(judge(deadRelu, record({ loss: flat(LN10, 40), probes: shrinking }))[0].evidence).toMatchObject({ rule: 'collapsed', absMax: 1e-8, initialAbsMax: 3 });
    const alive = [0, 8, 16, 32].map((s) => probe(s, { fc1: { activation: act(0, { zeroFraction: 0.5, absMax: 0.01 }) } }));
    expect(judge(deadRelu, record({ loss: flat(LN10, 40), probes: alive }))).toEqual([]);
  });
  it('is silent for sparse but alive layers (most outputs zero, few dead units)', () => {
    const sparse = [8, 16, 32].map((s) => probe(s, { fc1: { activation: act(0.1, { zeroFraction: 0.85 }) } }));
    expect(judge(deadRelu, record({ loss: flat(1, 40), probes: sparse }))).toEqual([]);
  });
  it('on the sparse later schedule, 2 probes 50 steps apart are enough', () => {
    expect(judge(deadRelu, record({ loss: flat(LN10, 260), probes: probes([0.3, 0.94, 0.95], [150, 200, 250]) }))[0]).toMatchObject({ layer: 'fc1', evidence: { probes: 2, sinceStep: 200 } });
    expect(judge(deadRelu, record({ loss: flat(LN10, 260), probes: probes([0.3, 0.5, 0.95], [150, 200, 250]) }))).toEqual([]);
  });
  it('needs the death to persist', () => {
    expect(judge(deadRelu, record({ loss: flat(1, 40), probes: probes([0.95, 0.2, 1], [8, 16, 32]) }))).toEqual([]);
    expect(judge(deadRelu, record({ loss: flat(1, 5), probes: probes([1, 1, 1], [1, 2, 4]) }))).toEqual([]);
  });
  it('ignores non-ReLU layers', () => {
    const r = record({ model: { layers: [layer('fc1', { activation: 'tanh', isRelu: false })] }, loss: flat(1, 40), probes: probes([1, 1, 1], [8, 16, 32]) });
    expect(judge(deadRelu, r)).toEqual([]);
  });
});

describe('bad_init', () => {
  const kernel = (std: number, fanIn = 4096, fanOut = 384) => ({ fanIn, fanOut, std, heStd: Math.sqrt(2 / fanIn), glorotStd: Math.sqrt(2 / (fanIn + fanOut)), lecunStd: Math.sqrt(1 / fanIn) });
  it('fires on a huge initial loss and a kernel std 40× He (the seed)', () => {
    const r = record({
      model: { layers: [layer('fc1', { kernel: kernel(0.88) }), layer('out', { isRelu: false, activation: 'linear' })] },
      loss: [31344, 3000],
      probes: [probe(0, { fc1: { activation: act(0.1, { std: 5e4 }) } })],
    });
    const [f] = judge(badInit, r);
    // A cause: a warning; only the finding pipeline makes it an error, when a symptom it explains appears.
    expect(f).toMatchObject({ code: 'bad_init', severity: 'warning', layer: 'fc1' });
    expect(f.evidence.worstKernelStd).toBeCloseTo(0.88);
    expect(f.evidence.layersOffScale).toBe(1);
  });
  it('is silent for He and Glorot kernels and a loss near ln C', () => {
    const r = record({
      model: { layers: [layer('fc1', { kernel: kernel(Math.sqrt(2 / 4096)) }), layer('fc2', { kernel: kernel(Math.sqrt(2 / (4096 + 384))) })] },
      loss: [2.4],
      probes: [probe(0, { fc1: { activation: act(0) } })],
    });
    expect(judge(badInit, r)).toEqual([]);
  });
  it('loss alone: warns at chance + 3 nats for few classes, not at 3× ln 3 with sound kernels', () => {
    const sound = { layers: [layer('fc1', { kernel: kernel(Math.sqrt(2 / 4096)) })], numClasses: 3 };
    const at = (loss: number) => judge(badInit, record({ model: sound, loss: [loss], probes: [probe(0, { fc1: { activation: act(0) } })] }));
    expect(at(3.45)).toEqual([]); // a healthy MLP on un-standardised (std ≈ 2.5) 3-class blobs
    expect(at(4.2)[0]).toMatchObject({ code: 'bad_init', severity: 'warning' });
  });
  it('at batch size 1 judges the median of the first 32 per-sample losses, not one sample', () => {
    const sound = { layers: [layer('fc1', { kernel: kernel(Math.sqrt(2 / 4096)) })], numClasses: 3 };
    const oneUnlucky = [9, ...flat(1.1, 40)];
    expect(judge(badInit, record({ model: sound, batchSize: 1, loss: oneUnlucky, probes: [probe(0, { fc1: { activation: act(0) } })] }))).toEqual([]);
    expect(judge(badInit, record({ model: sound, batchSize: 1, loss: flat(9, 40), probes: [probe(0, { fc1: { activation: act(0) } })] }))).toHaveLength(1);
  });
  it('judges the data loss: an L2 penalty is not a bad initial loss', () => {
    const sound = { layers: [layer('fc1', { kernel: kernel(Math.sqrt(2 / 4096)) })], numClasses: 3 };
    const r = record({ model: sound, loss: [1.1 + 6], dataLoss: [1.1], probes: [probe(0, { fc1: { activation: act(0) } })] });
    expect(judge(badInit, r)).toEqual([]);
  });
  it('is judged only on the probe before the first update', () => {
    expect(judge(badInit, record({ loss: [40, 30], probes: [probe(1, {}, { beforeFirstUpdate: false })] }))).toEqual([]);
  });
});

describe('input_not_normalized', () => {
  const withInput = (min: number, max: number, nonFinite = 0, model = {}) =>
    record({ model, loss: [1], probes: [probe(0, {}, { input: { min, max, mean: (min + max) / 2, std: (max - min) / 4, nonFinite } })] });
  it('warns on raw 0–255 pixels', () => expect(judge(inputNotNormalized, withInput(0, 255))[0].severity).toBe('warning'));
  it('errors on NaN in the inputs', () => expect(judge(inputNotNormalized, withInput(0, 1, 3))[0].severity).toBe('error'));
  it('is silent for [0, 1] and standardised inputs', () => {
    expect(judge(inputNotNormalized, withInput(0, 1))).toEqual([]);
    expect(judge(inputNotNormalized, withInput(-4.2, 5.1))).toEqual([]);
  });
  it('is silent for unit-order data whose tails pass 10 (std 2.7), but not for one wide raw column', () => {
    const tails = record({ loss: [1], probes: [probe(0, {}, { input: { min: -10.3, max: 9.1, mean: -0.42, std: 2.7, nonFinite: 0 } })] });
    expect(judge(inputNotNormalized, tails)).toEqual([]);
    const ageColumn = record({ loss: [1], probes: [probe(0, {}, { input: { min: -2.9, max: 98, mean: 3.1, std: 14, nonFinite: 0 } })] });
    expect(judge(inputNotNormalized, ageColumn)).toHaveLength(1);
  });
  it('exempts embedding models (integer ids)', () => {
    expect(judge(inputNotNormalized, withInput(0, 999, 0, { layers: [layer('emb', { className: 'Embedding', isRelu: false })] }))).toEqual([]);
  });
});

describe('saturated_output', () => {
  const out = (noGradientFraction: number | undefined, saturatedFraction: number) => ({ saturatedFraction, noGradientFraction, accuracy: 0.1 });
  const three = (a: ReturnType<typeof out>, b: ReturnType<typeof out>, c: ReturnType<typeof out>) => [probe(4, {}, { output: a }), probe(8, {}, { output: b }), probe(32, {}, { output: c })];
  it('fires when ≥ 30% of samples have a clipped true-class probability in 3 probes over ≥ 16 steps', () => {
    const r = record({ loss: flat(14.5, 33), probes: three(out(0.9, 1), out(0.88, 1), out(0.9, 1)) });
    expect(judge(saturatedOutput, r)[0]).toMatchObject({ code: 'saturated_output', severity: 'error', evidence: { clippedLossCeiling: -Math.log(1e-7) } });
    // A transient in the first steps is not persistent.
    expect(judge(saturatedOutput, record({ loss: flat(14.5, 5), probes: [probe(1, {}, { output: out(0.9, 1) }), probe(2, {}, { output: out(0.9, 1) }), probe(4, {}, { output: out(0.9, 1) })] }))).toEqual([]);
  });
  it('is silent while the fit learns', () => {
    expect(judge(saturatedOutput, record({ loss: flat(0.2, 64), probes: three(out(0.35, 1), out(0.35, 1), out(0.35, 1)) }))).toEqual([]);
  });
  it("uses the backend's epsilon: on webgl (1e-4) the clipped ceiling is 9.21", () => {
    const r = record({ model: { epsilon: 1e-4 }, loss: flat(8.3, 33), probes: three(out(0.9, 1), out(0.9, 1), out(0.9, 1)) });
    expect(judge(saturatedOutput, r)[0].evidence.clippedLossCeiling).toBeCloseTo(9.21, 2);
  });
  it("judges and words a webgl run (epsilon 1e-4) by webgl's clip: a minority that carries half the loss at 16.1 does not at 9.21", () => {
    const trained = (step: number, noGrad: number) => probe(step, {}, { output: out(noGrad, 0.97), beforeFirstUpdate: false });
    const probes = [trained(8, 0.07), trained(16, 0.06), trained(32, 0.08)];
    // 6% of samples at the clip carry 0.06 × 16.1 = 0.97 ≥ half of 1.5 on cpu/wasm, but 0.06 × 9.21 = 0.55 < 0.75 on webgl.
    expect(judge(saturatedOutput, record({ loss: flat(1.5, 33), probes }))).toHaveLength(1);
    expect(judge(saturatedOutput, record({ model: { epsilon: 1e-4 }, loss: flat(1.5, 33), probes }))).toEqual([]);
    // Stuck at webgl's ceiling: an error whose message gives webgl's clip and ceiling, not wasm's.
    const webgl = record({ model: { epsilon: 1e-4 }, loss: flat(8.3, 33), probes: three(out(0.9, 1), out(0.9, 1), out(0.9, 1)) });
    const [f] = judge(saturatedOutput, webgl);
    expect(f).toMatchObject({ severity: 'error', evidence: { clippedLossCeiling: -Math.log(1e-4) } });
    const { message } = advise(f, webgl.model);
    expect(message).toContain('below 1.00e-4');
    expect(message).toContain('cost 9.21 each');
    expect(message).not.toMatch(/16\.1|e-7/);
    // And output_loss_mismatch names webgl's clip too (1e-7 when the record has none, as in old run logs).
    const mismatch = { code: 'output_loss_mismatch', severity: 'error', step: 0, epoch: 0, evidence: { rule: 'logits_into_probability_loss', loss: 'categoricalCrossentropy', outputActivation: 'linear', units: 10, labelClasses: 10, labelWidth: 10, targetMin: 0, targetMax: 1 } } as unknown as FindingDraft<'output_loss_mismatch'>;
    expect(advise(mismatch, webgl.model).message).toContain('clips to [0.0001, 1 − 0.0001]');
    expect(advise(mismatch, { ...webgl.model, epsilon: undefined as unknown as number }).message).toContain('clips to [1e-7, 1 − 1e-7]');
  });
  it('is silent for confident, correct outputs', () => {
    const r = record({ loss: flat(0.01, 33), probes: three(out(0, 0.95), out(0.01, 0.97), out(0, 0.96)) });
    expect(judge(saturatedOutput, r)).toEqual([]);
  });
  it('minority saturation: ≥ 5% wrong-pinned in 3 training probes over ≥ 20 steps, carrying half the loss → warning', () => {
    const trained = (step: number, noGrad: number) => probe(step, {}, { output: out(noGrad, 0.97), beforeFirstUpdate: false });
    const [f] = judge(saturatedOutput, record({ loss: flat(1.5, 33), probes: [trained(8, 0.09), trained(16, 0.06), trained(32, 0.12)] }));
    expect(f).toMatchObject({ severity: 'warning', evidence: { noGradientFraction: 0.06, probes: 3 } });
    expect(f.evidence.noGradientFraction * f.evidence.clippedLossCeiling).toBeGreaterThanOrEqual(0.5 * f.evidence.meanLoss);
    // Not persistent, not enough of the loss, or too short a span: silent.
    expect(judge(saturatedOutput, record({ loss: flat(1.5, 33), probes: [trained(8, 0.09), trained(16, 0.02), trained(32, 0.12)] }))).toEqual([]);
    expect(judge(saturatedOutput, record({ loss: flat(4, 33), probes: [trained(8, 0.09), trained(16, 0.06), trained(32, 0.12)] }))).toEqual([]);
    expect(judge(saturatedOutput, record({ loss: flat(1.5, 10), probes: [trained(1, 0.09), trained(2, 0.06), trained(4, 0.12)] }))).toEqual([]);
  });
  it('without labels, needs pinned outputs and a high loss', () => {
    const pinned = three(out(undefined, 0.95), out(undefined, 0.96), out(undefined, 0.97));
    expect(judge(saturatedOutput, record({ loss: flat(14, 33), probes: pinned }))[0].severity).toBe('warning');
    expect(judge(saturatedOutput, record({ loss: flat(0.1, 33), probes: pinned }))).toEqual([]);
  });
  it('does not apply to logits losses', () => {
    const r = record({ model: { lossOnLogits: true }, loss: flat(14.5, 10), probes: [probe(1, {}, { output: out(0.9, 1) }), probe(2, {}, { output: out(0.9, 1) })] });
    expect(judge(saturatedOutput, r)).toEqual([]);
  });
});

describe('nan_loss', () => {
  it('fires on NaN and names the last finite loss', () => {
    const [f] = judge(nanLoss, record({ loss: [2, 5, 40, NaN] }));
    expect(f.evidence).toMatchObject({ loss: 'NaN', lastFiniteLoss: 40, lastFiniteStep: 2 });
  });
  it('fires on Infinity', () => expect(judge(nanLoss, record({ loss: [2, Infinity] }))[0].evidence.loss).toBe('Infinity'));
  it('is silent on finite losses', () => expect(judge(nanLoss, record({ loss: [2, 1] }))).toEqual([]));
});

describe('lr_too_high', () => {
  it('fires on divergence', () => {
    const [f] = judge(lrTooHigh, record({ loss: [...falling(2, 1, 20), ...falling(1.5, 8, 40)] }));
    expect(f.evidence).toMatchObject({ rule: 'divergence', windowSteps: 20 });
  });
  it('at batch size 1, judges medians over 640-sample windows: per-sample loss noise is not divergence', () => {
    // A healthy batch-1 classifier: per-sample losses mostly ~0.05 with frequent misclassified samples at 3–5.
    const noisy = Array.from({ length: 1500 }, (_, i) => (i % 7 === 0 ? 3 + (i % 3) : 0.05 + 0.04 * Math.sin(i)));
    expect(judge(lrTooHigh, record({ batchSize: 1, loss: [1e-7, ...noisy] }))).toEqual([]);
    // The same series judged step by step at batch 32 would be read very differently: the window matters.
    expect(checkContext(record({ batchSize: 1, loss: noisy })).progress.windowSteps).toBe(200);
  });
  it('fires on NaN after growth', () => {
    expect(judge(lrTooHigh, record({ loss: [2, 1.5, 3, 9, 40, 900, NaN] }))[0].evidence.rule).toBe('nan_after_growth');
  });
  it('fires on growth followed by non-finite weights behind a still-finite loss', () => {
    const broken = probe(3, { fc1: { weightNorm: Infinity, gradNorm: NaN } }, { beforeFirstUpdate: false });
    expect(judge(lrTooHigh, record({ loss: [26, 4.5e6, 2e20, 16.1], probes: [broken] }))[0].evidence.rule).toBe('nan_after_growth');
  });
  it('fires on a single step that multiplies the loss tenfold, even if the loss then sinks back', () => {
    const [f] = judge(lrTooHigh, record({ loss: [1.1, 2.5, 12.7] }));
    expect(f.evidence).toMatchObject({ rule: 'spike', recentLoss: 12.7, bestLoss: 1.1 });
    expect(judge(lrTooHigh, record({ loss: [0.05, 0.2, 0.6] }))).toEqual([]); // 12× but only +0.55
  });
  it('is silent on a noisy loss that bounces without climbing back half way to the start', () => {
    // BatchNorm net on spirals: first loss 1.1, best 10-step mean ≈ 0.25, later means up to ≈ 0.57.
    const bouncing = [1.1, ...falling(1, 0.25, 60), ...Array.from({ length: 60 }, (_, i) => 0.4 + 0.17 * Math.sin(i / 3))];
    expect(judge(lrTooHigh, record({ loss: bouncing }))).toEqual([]);
    const oneBadWindow = [...bouncing, ...Array.from({ length: 10 }, () => 0.8)];
    expect(judge(lrTooHigh, record({ loss: oneBadWindow }))).toEqual([]);
    const climbing = [...bouncing, ...Array.from({ length: 40 }, () => 0.8)];
    expect(judge(lrTooHigh, record({ loss: climbing }))[0].evidence.rule).toBe('divergence');
  });
  it('asks 3×, not 2×, of a climb measured against the first step alone (one lucky batch)', () => {
    // A healthy regression on batches of 16: step 0 scored 0.27, the next twenty steps average 0.94 and 0.64.
    const lucky = [0.27, 1.12, 1.71, 0.81, 0.67, 1.33, 1.01, 0.81, 0.74, 0.97, ...Array.from({ length: 30 }, () => 0.64)];
    expect(judge(lrTooHigh, record({ loss: lucky }))).toEqual([]);
    const blownUp = [0.27, ...Array.from({ length: 39 }, () => 0.9)];
    expect(judge(lrTooHigh, record({ loss: blownUp }))[0].evidence).toMatchObject({ rule: 'divergence', bestLoss: 0.27 });
  });
  it("floors a zero-initialised layer's weight norm in update ratios", () => {
    const k = { fanIn: 64, fanOut: 3, std: 0, heStd: 0.18, glorotStd: 0.17, lecunStd: 0.125 };
    const model = { layers: [layer('fc1', { kernel: { ...k, std: 0.18 } }), layer('out', { kernel: k, isRelu: false, params: 195 })] };
    // out: ‖θ‖ 0.01 after its first steps from zero, ‖Δθ‖ 0.005 → ratio 0.5; floored at 0.1 × 0.17 × √195 ≈ 0.24 → 0.02.
    const p = (s: number) => probe(s, { fc1: { updateRatio: 0.15, weightNorm: 2 }, out: { updateRatio: 0.5, weightNorm: 0.01 } }, { beforeFirstUpdate: false });
    expect(judge(lrTooHigh, record({ model, loss: flat(1.1, 10), probes: [p(2), p(4), p(8)] }))).toEqual([]);
  });
  it('does not blame the LR for a NaN out of a flat loss', () => {
    expect(judge(lrTooHigh, record({ loss: [2, 1.9, 1.9, 1.8, NaN] }))).toEqual([]);
  });
  it('warns on update ratios ≥ 0.1 in 3 probes, unless the loss has halved (bold steps that work)', () => {
    const big = (s: number) => probe(s, { fc1: { updateRatio: 0.3 }, fc2: { updateRatio: 0.2 } }, { beforeFirstUpdate: false });
    const model = { layers: [layer('fc1', { kernel: { fanIn: 8, fanOut: 8, std: 0.5, heStd: 0.5, glorotStd: 0.35, lecunStd: 0.35 } }), layer('fc2', { kernel: { fanIn: 8, fanOut: 8, std: 0.5, heStd: 0.5, glorotStd: 0.35, lecunStd: 0.35 } })] };
    const [f] = judge(lrTooHigh, record({ model, loss: falling(2, 1.2, 10), probes: [big(2), big(4), big(8)] }));
    expect(f.evidence).toMatchObject({ rule: 'update_ratio' });
    expect(judge(lrTooHigh, record({ model, loss: falling(2, 0.4, 10), probes: [big(2), big(4), big(8)] }))).toEqual([]);
    // A bump does not count as payoff: 1.6 → 2.9 → 3.1 → … → 1.5 has not halved the *first* loss.
    const bump = [1.6, 2.9, 3.1, 2.7, 2.2, 1.8, 1.6, 1.5];
    expect(judge(lrTooHigh, record({ model, loss: bump, probes: [big(1), big(2), big(4)] }))[0].evidence.rule).toBe('update_ratio');
  });
  it('overshoot: the first update at batch ≥ 16 doubles the loss and adds ≥ 3 (an error, whatever the update ratios)', () => {
    const blowUp = [1.6, 11.4, 13.6, 8.2, 5.7, 3.8, 3.6, 3.5];
    expect(judge(lrTooHigh, record({ loss: blowUp }))[0].evidence).toMatchObject({ rule: 'overshoot', bestLoss: 1.6, recentLoss: 11.4 });
    expect(judge(lrTooHigh, record({ loss: blowUp }))[0].severity).toBe('error');
    // Not 2×, or not 3 above: an early bump of a healthy run, or a small loss that wobbles.
    expect(judge(lrTooHigh, record({ loss: [2.3, 4.2, 4.4, 3.9, 3.1, 2.6] }))).toEqual([]);
    expect(judge(lrTooHigh, record({ loss: [0.2, 1.1, 1.3, 0.9, 0.5, 0.3] }))).toEqual([]);
    // At batch 1 the first step is one sample's loss: not judged.
    expect(judge(lrTooHigh, record({ loss: blowUp, batchSize: 1 }))).toEqual([]);
  });
  it('is silent on a falling, noisy loss', () => {
    const noisy = falling(2.3, 0.5, 200).map((l, i) => l * (1 + 0.2 * Math.sin(i * 2.3)));
    expect(judge(lrTooHigh, record({ loss: noisy }))).toEqual([]);
  });
});

describe('exploding_gradients', () => {
  const g = (step: number, gradNorm: number) => probe(step, { fc1: { gradNorm } });
  const sgd = { optimizer: 'SGD' };
  it('warns when the gradient norm is ≥ 100 in 2 probes under SGD (a cause: a warning)', () => {
    expect(judge(explodingGradients, record({ model: sgd, loss: [1], probes: [g(0, 500), g(1, 300)] }))[0]).toMatchObject({ severity: 'warning', evidence: { threshold: 100, optimizer: 'SGD' } });
  });
  it('under Adam (steps normalised per parameter) the thresholds are 100× higher', () => {
    expect(judge(explodingGradients, record({ loss: [1], probes: [g(0, 500), g(1, 300)] }))).toEqual([]);
    expect(judge(explodingGradients, record({ loss: [1], probes: [g(0, 5e4), g(1, 3e4)] }))[0].evidence.threshold).toBe(1e4);
  });
  it('fires on 100× growth', () => {
    expect(judge(explodingGradients, record({ model: sgd, loss: [1], probes: [g(0, 0.2), g(1, 0.3), g(2, 40), g(4, 50)] }))).toHaveLength(1);
  });
  it('fires at once when large gradients overflow to NaN before a second finite probe', () => {
    const [f] = judge(explodingGradients, record({ loss: [4e10, Infinity], probes: [g(0, 4e11), g(1, NaN)] }));
    expect(f).toMatchObject({ severity: 'error', evidence: { rule: 'overflow', gradNorm: 4e11, probes: 1 } });
    // NaN gradients out of ordinary ones are nan_loss's business (a log(0), a bad input), not this rule's.
    expect(judge(explodingGradients, record({ loss: [2, NaN], probes: [g(0, 3), g(1, NaN)] }))).toEqual([]);
  });
  it('is silent for ordinary norms and a single spike', () => {
    expect(judge(explodingGradients, record({ loss: [1], probes: [g(0, 2), g(1, 3), g(2, 1)] }))).toEqual([]);
    expect(judge(explodingGradients, record({ loss: [1], probes: [g(0, 2), g(1, 300), g(2, 1)] }))).toEqual([]);
  });
});

describe('vanishing_gradients', () => {
  const k = { fanIn: 8, fanOut: 8, std: 0.5, heStd: 0.5, glorotStd: 0.35, lecunStd: 0.35 };
  const model = { layers: ['l1', 'l2', 'l3'].map((n) => layer(n, { kernel: k })) };
  const p = (step: number, first: number) => probe(step, { l1: { gradNorm: first, weightNorm: 1 }, l2: { gradNorm: 0.1, weightNorm: 1 }, l3: { gradNorm: 1, weightNorm: 1 } }, { beforeFirstUpdate: false });
  it('fires when the first layer learns ≥ 1000× slower than the last', () => {
    expect(judge(vanishingGradients, record({ model, loss: [1], probes: [p(1, 1e-4), p(2, 2e-4)] }))[0]).toMatchObject({ layer: 'l1', severity: 'warning' });
  });
  it('is silent for a zero-initialised output layer: its near-zero norm is floored at a tenth of the init norm', () => {
    // He std 0.5 × √100 params = 5, so l3's norm is floored at 0.5: ρ_last = 1 / 0.5, ratio 5e-3 — not vanishing.
    const z = (step: number) => probe(step, { l1: { gradNorm: 1e-2, weightNorm: 1 }, l2: { gradNorm: 0.1, weightNorm: 1 }, l3: { gradNorm: 1, weightNorm: 1e-3 } }, { beforeFirstUpdate: false });
    expect(judge(vanishingGradients, record({ model, loss: [1], probes: [z(1), z(2)] }))).toEqual([]);
    // The same gradients against a normally scaled last layer are vanishing (ratio 1e-4 < 1e-3).
    const v = (step: number) => probe(step, { l1: { gradNorm: 1e-4, weightNorm: 1 }, l2: { gradNorm: 0.1, weightNorm: 1 }, l3: { gradNorm: 1, weightNorm: 1 } }, { beforeFirstUpdate: false });
    expect(judge(vanishingGradients, record({ model, loss: [1], probes: [v(1), v(2)] }))).toHaveLength(1);
  });
  it('is silent for comparable layers and for exactly-zero (dead) gradients', () => {
    expect(judge(vanishingGradients, record({ model, loss: [1], probes: [p(1, 0.05), p(2, 0.08)] }))).toEqual([]);
    expect(judge(vanishingGradients, record({ model, loss: [1], probes: [p(1, 0), p(2, 0)] }))).toEqual([]);
  });
});

describe('dead_relu, nearly-dead layers', () => {
  it('fires when ≥ 99% of outputs are zero even if every unit fires somewhere', () => {
    const probes = [8, 16, 32].map((s) => probe(s, { fc1: { activation: act(0.16, { zeroFraction: 0.998 }) } }));
    expect(judge(deadRelu, record({ loss: flat(LN10, 40), probes }))[0]).toMatchObject({ severity: 'error', layer: 'fc1' });
  });
  it('is silent at 95% zeros (sparse but alive)', () => {
    const probes = [8, 16, 32].map((s) => probe(s, { fc1: { activation: act(0.1, { zeroFraction: 0.95 }) } }));
    expect(judge(deadRelu, record({ loss: flat(1, 40), probes }))).toEqual([]);
  });
});

describe('chance_plateau with loss spikes', () => {
  it('fires when the loss sits at ln 10 between occasional bursts (the seed CNN)', () => {
    const spiky = flat(LN10, 150).map((l, i) => (i % 9 === 0 ? 6 + (i % 4) : l));
    expect(judge(chancePlateau, record({ loss: spiky, accuracy: flat(0.1, 150) }))[0]?.code).toBe('chance_plateau');
  });
});

describe('input_not_normalized, models that scale their own input', () => {
  const rescaled = (scaledAbsMax: number) =>
    record({
      model: { layers: [layer('scale', { className: 'Rescaling', isRelu: false, activation: undefined }), layer('fc1')] },
      loss: [1],
      probes: [probe(0, { scale: { activation: act(0, { absMax: scaledAbsMax }) } }, { input: { min: 0, max: 255, mean: 120, std: 64, nonFinite: 0 } })],
    });
  it('is silent when a Rescaling layer brings 0–255 pixels to [0, 1]', () => expect(judge(inputNotNormalized, rescaled(1))).toEqual([]));
  it('still warns when the rescaling leaves them large', () => expect(judge(inputNotNormalized, rescaled(255))).toHaveLength(1));
});

describe('nan_loss behind a finite loss', () => {
  it('fires when the newest probe measured NaN weights while the clipped loss stays finite', () => {
    const r = record({ loss: [2.3, 16.12, 16.12], probes: [probe(2, { fc1: { weightNorm: NaN, gradNorm: NaN } }, { beforeFirstUpdate: false })] });
    const [f] = judge(nanLoss, r);
    expect(f.evidence).toMatchObject({ where: 'weights', firstBadLayer: 'fc1', loss: '16.12' });
  });
  it('ignores an older probe and finite norms', () => {
    expect(judge(nanLoss, record({ loss: [2.3, 2, 1.9], probes: [probe(1, { fc1: { weightNorm: NaN } }, { beforeFirstUpdate: false })] }))).toEqual([]);
    expect(judge(nanLoss, record({ loss: [2.3, 2, 1.9], probes: [probe(2, { fc1: { weightNorm: 3, gradNorm: 0.1 } }, { beforeFirstUpdate: false })] }))).toEqual([]);
  });
});

describe('bad_init, overflowed activations', () => {
  it('treats a NaN/Infinity activation std as exploding, not as missing', () => {
    const r = record({
      loss: [2.3],
      probes: [probe(0, { fc1: { activation: act(0, { std: 1e5 }) }, fc2: { activation: act(0, { std: NaN, nonFinite: 12 }) } })],
    });
    const [f] = judge(badInit, r);
    expect(f.evidence.maxActivationStd).toBe(Infinity);
  });
});

describe('review fixes', () => {
  const g = (step: number, gradNorm: number) => probe(step, { fc1: { gradNorm } });
  it('exploding_gradients: growth over the first probe needs only 3 probes, and says it is growth', () => {
    const [f] = judge(explodingGradients, record({ model: { optimizer: 'SGD' }, loss: [1], probes: [g(0, 0.1), g(1, 20), g(2, 20)] }));
    expect(f.evidence).toMatchObject({ rule: 'growth', threshold: 10 });
    expect(judge(explodingGradients, record({ model: { optimizer: 'SGD' }, loss: [1], probes: [g(0, 0.1), g(1, 20)] }))).toEqual([]);
  });
  it('lr_too_high: no divergence verdict for losses that go negative', () => {
    const negative = [...falling(-0.1, -0.3, 20), ...flat(-0.18, 10, 0.001)];
    expect(judge(lrTooHigh, record({ model: { task: 'regression', numClasses: undefined }, loss: negative }))).toEqual([]);
  });
});
