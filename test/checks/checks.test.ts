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
import { act, falling, flat, layer, probe, record } from '../helpers/record';

const ctx = { plateauWindow: 100 };
const LN10 = Math.log(10);

describe('chance_plateau', () => {
  it('fires on a flat loss at ln 10 with chance accuracy', () => {
    const r = record({ loss: [...falling(30, 3, 50), ...flat(LN10, 120)], accuracy: [...flat(0.1, 170, 0.01)] });
    const [f] = chancePlateau.run(r, ctx);
    expect(f.code).toBe('chance_plateau');
    expect(f.severity).toBe('error');
    expect(f.evidence.chanceLoss).toBeCloseTo(LN10, 5);
    expect(f.evidence.meanAccuracy).toBeCloseTo(0.1, 2);
  });
  it('uses the label-prior entropy for imbalanced classes', () => {
    const prior = [0.9, 0.1];
    const h = -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1));
    const r = record({ model: { numClasses: 2, task: 'binary' }, loss: flat(h, 150), probes: [probe(0, {}, { output: { saturatedFraction: 0, accuracy: 0.9, labelPrior: prior } })] });
    expect(chancePlateau.run(r, ctx)[0]?.evidence.chanceLoss).toBeCloseTo(h, 5);
  });
  it('is silent while the loss still falls through the chance level', () => {
    expect(chancePlateau.run(record({ loss: falling(2.6, 1.9, 150) }), ctx)).toEqual([]);
  });
  it('is silent when accuracy is well above chance', () => {
    expect(chancePlateau.run(record({ loss: flat(LN10, 150), accuracy: flat(0.4, 150) }), ctx)).toEqual([]);
  });
  it('waits for a full window', () => {
    expect(chancePlateau.run(record({ loss: flat(LN10, 99) }), ctx)).toEqual([]);
  });
  it('does not apply to regression', () => {
    expect(chancePlateau.run(record({ model: { task: 'regression', numClasses: undefined }, loss: flat(LN10, 150) }), ctx)).toEqual([]);
  });
});

describe('dead_relu', () => {
  const probes = (fractions: number[], steps: number[]) => steps.map((s, i) => probe(s, { fc1: { activation: act(fractions[i]) } }));
  it('fires as an error when ≥ 90% of units are dead in 3 probes spanning ≥ 20 steps', () => {
    const [f] = deadRelu.run(record({ loss: flat(1, 40), probes: probes([0.95, 0.97, 1], [8, 16, 32]) }), ctx);
    expect(f).toMatchObject({ code: 'dead_relu', layer: 'fc1', severity: 'error' });
  });
  it('is silent between 50% and 90% dead units: healthy Adam-trained CNNs lose that many and keep learning', () => {
    expect(deadRelu.run(record({ loss: flat(1, 40), probes: probes([0.6, 0.6, 0.7], [8, 16, 32]) }), ctx)).toEqual([]);
    expect(deadRelu.run(record({ loss: flat(1, 40), probes: probes([0.78, 0.81, 0.83], [8, 16, 32]) }), ctx)).toEqual([]);
  });
  it('is a warning when 99–99.5% of outputs are zero with fewer than 90% dead units', () => {
    const near = [8, 16, 32].map((s) => probe(s, { fc1: { activation: act(0.5, { zeroFraction: 0.992 }) } }));
    expect(deadRelu.run(record({ loss: flat(1, 40), probes: near }), ctx)[0].severity).toBe('warning');
  });
  it('is silent for sparse but alive layers (most outputs zero, few dead units)', () => {
    const sparse = [8, 16, 32].map((s) => probe(s, { fc1: { activation: act(0.1, { zeroFraction: 0.85 }) } }));
    expect(deadRelu.run(record({ loss: flat(1, 40), probes: sparse }), ctx)).toEqual([]);
  });
  it('on the sparse later schedule, 2 probes 50 steps apart are enough', () => {
    expect(deadRelu.run(record({ loss: flat(1, 260), probes: probes([0.3, 0.94, 0.95], [150, 200, 250]) }), ctx)[0]).toMatchObject({ layer: 'fc1', evidence: { probes: 2, sinceStep: 200 } });
    expect(deadRelu.run(record({ loss: flat(1, 260), probes: probes([0.3, 0.5, 0.95], [150, 200, 250]) }), ctx)).toEqual([]);
  });
  it('needs the death to persist', () => {
    expect(deadRelu.run(record({ loss: flat(1, 40), probes: probes([0.95, 0.2, 1], [8, 16, 32]) }), ctx)).toEqual([]);
    expect(deadRelu.run(record({ loss: flat(1, 5), probes: probes([1, 1, 1], [1, 2, 4]) }), ctx)).toEqual([]);
  });
  it('ignores non-ReLU layers', () => {
    const r = record({ model: { layers: [layer('fc1', { activation: 'tanh', isRelu: false })] }, loss: flat(1, 40), probes: probes([1, 1, 1], [8, 16, 32]) });
    expect(deadRelu.run(r, ctx)).toEqual([]);
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
    const [f] = badInit.run(r, ctx);
    expect(f).toMatchObject({ code: 'bad_init', severity: 'error', layer: 'fc1' });
    expect(f.evidence.worstKernelStd).toBeCloseTo(0.88);
    expect(f.evidence.layersOffScale).toBe(1);
  });
  it('is silent for He and Glorot kernels and a loss near ln C', () => {
    const r = record({
      model: { layers: [layer('fc1', { kernel: kernel(Math.sqrt(2 / 4096)) }), layer('fc2', { kernel: kernel(Math.sqrt(2 / (4096 + 384))) })] },
      loss: [2.4],
      probes: [probe(0, { fc1: { activation: act(0) } })],
    });
    expect(badInit.run(r, ctx)).toEqual([]);
  });
  it('loss alone: warns at chance + 3 nats for few classes, not at 3× ln 3 with sound kernels', () => {
    const sound = { layers: [layer('fc1', { kernel: kernel(Math.sqrt(2 / 4096)) })], numClasses: 3 };
    const at = (loss: number) => badInit.run(record({ model: sound, loss: [loss], probes: [probe(0, { fc1: { activation: act(0) } })] }), ctx);
    expect(at(3.45)).toEqual([]); // a healthy MLP on un-standardised (std ≈ 2.5) 3-class blobs
    expect(at(4.2)[0]).toMatchObject({ code: 'bad_init', severity: 'warning' });
    expect(at(5.2)[0]).toMatchObject({ code: 'bad_init', severity: 'error' });
  });
  it('is judged only on the probe before the first update', () => {
    expect(badInit.run(record({ loss: [40, 30], probes: [probe(1, {}, { beforeFirstUpdate: false })] }), ctx)).toEqual([]);
  });
});

describe('input_not_normalized', () => {
  const withInput = (min: number, max: number, nonFinite = 0, model = {}) =>
    record({ model, loss: [1], probes: [probe(0, {}, { input: { min, max, mean: (min + max) / 2, std: (max - min) / 4, nonFinite } })] });
  it('warns on raw 0–255 pixels', () => expect(inputNotNormalized.run(withInput(0, 255), ctx)[0].severity).toBe('warning'));
  it('errors on NaN in the inputs', () => expect(inputNotNormalized.run(withInput(0, 1, 3), ctx)[0].severity).toBe('error'));
  it('is silent for [0, 1] and standardised inputs', () => {
    expect(inputNotNormalized.run(withInput(0, 1), ctx)).toEqual([]);
    expect(inputNotNormalized.run(withInput(-4.2, 5.1), ctx)).toEqual([]);
  });
  it('is silent for unit-order data whose tails pass 10 (std 2.7), but not for one wide raw column', () => {
    const tails = record({ loss: [1], probes: [probe(0, {}, { input: { min: -10.3, max: 9.1, mean: -0.42, std: 2.7, nonFinite: 0 } })] });
    expect(inputNotNormalized.run(tails, ctx)).toEqual([]);
    const ageColumn = record({ loss: [1], probes: [probe(0, {}, { input: { min: -2.9, max: 98, mean: 3.1, std: 14, nonFinite: 0 } })] });
    expect(inputNotNormalized.run(ageColumn, ctx)).toHaveLength(1);
  });
  it('exempts embedding models (integer ids)', () => {
    expect(inputNotNormalized.run(withInput(0, 999, 0, { layers: [layer('emb', { className: 'Embedding', isRelu: false })] }), ctx)).toEqual([]);
  });
});

describe('saturated_output', () => {
  const out = (noGradientFraction: number | undefined, saturatedFraction: number) => ({ saturatedFraction, noGradientFraction, accuracy: 0.1 });
  it('fires when ≥ 30% of samples have a clipped true-class probability in 2 probes', () => {
    const r = record({ loss: flat(14.5, 10), probes: [probe(1, {}, { output: out(0.9, 1) }), probe(2, {}, { output: out(0.88, 1) })] });
    expect(saturatedOutput.run(r, ctx)[0]).toMatchObject({ code: 'saturated_output', severity: 'error' });
  });
  it('is silent for confident, correct outputs', () => {
    const r = record({ loss: flat(0.01, 10), probes: [probe(1, {}, { output: out(0, 0.95) }), probe(2, {}, { output: out(0.01, 0.97) })] });
    expect(saturatedOutput.run(r, ctx)).toEqual([]);
  });
  it('minority saturation: ≥ 5% wrong-pinned in 3 training probes over ≥ 20 steps, carrying half the loss → warning', () => {
    const trained = (step: number, noGrad: number) => probe(step, {}, { output: out(noGrad, 0.97), beforeFirstUpdate: false });
    const [f] = saturatedOutput.run(record({ loss: flat(1.2, 40), probes: [trained(8, 0.09), trained(16, 0.06), trained(32, 0.12)] }), ctx);
    expect(f).toMatchObject({ severity: 'warning', evidence: { noGradientFraction: 0.06, probes: 3 } });
    expect(f.evidence.noGradientFraction * f.evidence.clippedLossCeiling).toBeGreaterThanOrEqual(0.5 * f.evidence.meanLoss);
    // Not persistent, not enough of the loss, or too short a span: silent.
    expect(saturatedOutput.run(record({ loss: flat(1.2, 40), probes: [trained(8, 0.09), trained(16, 0.02), trained(32, 0.12)] }), ctx)).toEqual([]);
    expect(saturatedOutput.run(record({ loss: flat(4, 40), probes: [trained(8, 0.09), trained(16, 0.06), trained(32, 0.12)] }), ctx)).toEqual([]);
    expect(saturatedOutput.run(record({ loss: flat(1.2, 10), probes: [trained(1, 0.09), trained(2, 0.06), trained(4, 0.12)] }), ctx)).toEqual([]);
  });
  it('without labels, needs pinned outputs and a high loss', () => {
    const pinned = [probe(1, {}, { output: out(undefined, 0.95) }), probe(2, {}, { output: out(undefined, 0.96) })];
    expect(saturatedOutput.run(record({ loss: flat(14, 10), probes: pinned }), ctx)[0].severity).toBe('warning');
    expect(saturatedOutput.run(record({ loss: flat(0.1, 10), probes: pinned }), ctx)).toEqual([]);
  });
  it('does not apply to logits losses', () => {
    const r = record({ model: { lossOnLogits: true }, loss: flat(14.5, 10), probes: [probe(1, {}, { output: out(0.9, 1) }), probe(2, {}, { output: out(0.9, 1) })] });
    expect(saturatedOutput.run(r, ctx)).toEqual([]);
  });
});

describe('nan_loss', () => {
  it('fires on NaN and names the last finite loss', () => {
    const [f] = nanLoss.run(record({ loss: [2, 5, 40, NaN] }), ctx);
    expect(f.evidence).toMatchObject({ loss: 'NaN', lastFiniteLoss: 40, lastFiniteStep: 2 });
  });
  it('fires on Infinity', () => expect(nanLoss.run(record({ loss: [2, Infinity] }), ctx)[0].evidence.loss).toBe('Infinity'));
  it('is silent on finite losses', () => expect(nanLoss.run(record({ loss: [2, 1] }), ctx)).toEqual([]));
});

describe('lr_too_high', () => {
  it('fires on divergence', () => {
    const [f] = lrTooHigh.run(record({ loss: [...falling(2, 1, 20), ...falling(1.5, 6, 20)] }), ctx);
    expect(f.evidence.rule).toBe('divergence');
  });
  it('fires on NaN after growth', () => {
    expect(lrTooHigh.run(record({ loss: [2, 1.5, 3, 9, 40, 900, NaN] }), ctx)[0].evidence.rule).toBe('nan_after_growth');
  });
  it('fires on growth followed by non-finite weights behind a still-finite loss', () => {
    const broken = probe(3, { fc1: { weightNorm: Infinity, gradNorm: NaN } }, { beforeFirstUpdate: false });
    expect(lrTooHigh.run(record({ loss: [26, 4.5e6, 2e20, 16.1], probes: [broken] }), ctx)[0].evidence.rule).toBe('nan_after_growth');
  });
  it('fires on a single step that multiplies the loss tenfold, even if the loss then sinks back', () => {
    const [f] = lrTooHigh.run(record({ loss: [1.1, 2.5, 12.7] }), ctx);
    expect(f.evidence).toMatchObject({ rule: 'spike', recentLoss: 12.7, bestLoss: 1.1 });
    expect(lrTooHigh.run(record({ loss: [0.05, 0.2, 0.6] }), ctx)).toEqual([]); // 12× but only +0.55
  });
  it('is silent on a noisy loss that bounces without climbing back half way to the start', () => {
    // BatchNorm net on spirals: first loss 1.1, best 10-step mean ≈ 0.25, later means up to ≈ 0.57.
    const bouncing = [1.1, ...falling(1, 0.25, 60), ...Array.from({ length: 60 }, (_, i) => 0.4 + 0.17 * Math.sin(i / 3))];
    expect(lrTooHigh.run(record({ loss: bouncing }), ctx)).toEqual([]);
    const oneBadWindow = [...bouncing, ...Array.from({ length: 10 }, () => 0.8)];
    expect(lrTooHigh.run(record({ loss: oneBadWindow }), ctx)).toEqual([]);
    const climbing = [...bouncing, ...Array.from({ length: 20 }, () => 0.8)];
    expect(lrTooHigh.run(record({ loss: climbing }), ctx)[0].evidence.rule).toBe('divergence');
  });
  it('asks 3×, not 2×, of a climb measured against the first step alone (one lucky batch)', () => {
    // A healthy regression on batches of 16: step 0 scored 0.27, the next twenty steps average 0.94 and 0.64.
    const lucky = [0.27, 1.12, 1.71, 0.81, 0.67, 1.33, 1.01, 0.81, 0.74, 0.97, ...Array.from({ length: 10 }, () => 0.64)];
    expect(lrTooHigh.run(record({ loss: lucky }), ctx)).toEqual([]);
    const blownUp = [0.27, ...Array.from({ length: 19 }, () => 0.9)];
    expect(lrTooHigh.run(record({ loss: blownUp }), ctx)[0].evidence).toMatchObject({ rule: 'divergence', bestLoss: 0.27 });
  });
  it("floors a zero-initialised layer's weight norm in update ratios", () => {
    const k = { fanIn: 64, fanOut: 3, std: 0, heStd: 0.18, glorotStd: 0.17, lecunStd: 0.125 };
    const model = { layers: [layer('fc1', { kernel: { ...k, std: 0.18 } }), layer('out', { kernel: k, isRelu: false, params: 195 })] };
    // out: ‖θ‖ 0.01 after its first steps from zero, ‖Δθ‖ 0.005 → ratio 0.5; floored at 0.1 × 0.17 × √195 ≈ 0.24 → 0.02.
    const p = (s: number) => probe(s, { fc1: { updateRatio: 0.15, weightNorm: 2 }, out: { updateRatio: 0.5, weightNorm: 0.01 } }, { beforeFirstUpdate: false });
    expect(lrTooHigh.run(record({ model, loss: flat(1.1, 10), probes: [p(2), p(4), p(8)] }), ctx)).toEqual([]);
  });
  it('does not blame the LR for a NaN out of a flat loss', () => {
    expect(lrTooHigh.run(record({ loss: [2, 1.9, 1.9, 1.8, NaN] }), ctx)).toEqual([]);
  });
  it('warns on update ratios ≥ 0.1 in 3 probes, unless the loss has halved (bold steps that work)', () => {
    const big = (s: number) => probe(s, { fc1: { updateRatio: 0.3 }, fc2: { updateRatio: 0.2 } }, { beforeFirstUpdate: false });
    const model = { layers: [layer('fc1', { kernel: { fanIn: 8, fanOut: 8, std: 0.5, heStd: 0.5, glorotStd: 0.35, lecunStd: 0.35 } }), layer('fc2', { kernel: { fanIn: 8, fanOut: 8, std: 0.5, heStd: 0.5, glorotStd: 0.35, lecunStd: 0.35 } })] };
    const [f] = lrTooHigh.run(record({ model, loss: falling(2, 1.2, 10), probes: [big(2), big(4), big(8)] }), ctx);
    expect(f.evidence).toMatchObject({ rule: 'update_ratio' });
    expect(lrTooHigh.run(record({ model, loss: falling(2, 0.4, 10), probes: [big(2), big(4), big(8)] }), ctx)).toEqual([]);
    // A blow-up does not count as payoff: 1.6 → 11.4 → 13.6 → … → 3.6 has not halved the *first* loss.
    const blowUp = [1.6, 11.4, 13.6, 8.2, 5.7, 3.8, 3.6, 3.5];
    expect(lrTooHigh.run(record({ model, loss: blowUp, probes: [big(1), big(2), big(4)] }), ctx)[0].evidence.rule).toBe('update_ratio');
  });
  it('is silent on a falling, noisy loss', () => {
    const noisy = falling(2.3, 0.5, 200).map((l, i) => l * (1 + 0.2 * Math.sin(i * 2.3)));
    expect(lrTooHigh.run(record({ loss: noisy }), ctx)).toEqual([]);
  });
});

describe('exploding_gradients', () => {
  const g = (step: number, gradNorm: number) => probe(step, { fc1: { gradNorm } });
  it('fires when the gradient norm is ≥ 100 in 2 probes', () => {
    expect(explodingGradients.run(record({ loss: [1], probes: [g(0, 500), g(1, 300)] }), ctx)[0]).toMatchObject({ severity: 'warning' });
    expect(explodingGradients.run(record({ loss: [1], probes: [g(0, 5e4), g(1, 3e4)] }), ctx)[0]).toMatchObject({ severity: 'error' });
  });
  it('fires on 100× growth', () => {
    expect(explodingGradients.run(record({ loss: [1], probes: [g(0, 0.2), g(1, 0.3), g(2, 40), g(4, 50)] }), ctx)).toHaveLength(1);
  });
  it('fires at once when large gradients overflow to NaN before a second finite probe', () => {
    const [f] = explodingGradients.run(record({ loss: [4e10, Infinity], probes: [g(0, 4e11), g(1, NaN)] }), ctx);
    expect(f).toMatchObject({ severity: 'error', evidence: { rule: 'overflow', gradNorm: 4e11, probes: 1 } });
    // NaN gradients out of ordinary ones are nan_loss's business (a log(0), a bad input), not this rule's.
    expect(explodingGradients.run(record({ loss: [2, NaN], probes: [g(0, 3), g(1, NaN)] }), ctx)).toEqual([]);
  });
  it('is silent for ordinary norms and a single spike', () => {
    expect(explodingGradients.run(record({ loss: [1], probes: [g(0, 2), g(1, 3), g(2, 1)] }), ctx)).toEqual([]);
    expect(explodingGradients.run(record({ loss: [1], probes: [g(0, 2), g(1, 300), g(2, 1)] }), ctx)).toEqual([]);
  });
});

describe('vanishing_gradients', () => {
  const k = { fanIn: 8, fanOut: 8, std: 0.5, heStd: 0.5, glorotStd: 0.35, lecunStd: 0.35 };
  const model = { layers: ['l1', 'l2', 'l3'].map((n) => layer(n, { kernel: k })) };
  const p = (step: number, first: number) => probe(step, { l1: { gradNorm: first, weightNorm: 1 }, l2: { gradNorm: 0.1, weightNorm: 1 }, l3: { gradNorm: 1, weightNorm: 1 } }, { beforeFirstUpdate: false });
  it('fires when the first layer learns ≥ 1000× slower than the last', () => {
    expect(vanishingGradients.run(record({ model, loss: [1], probes: [p(1, 1e-4), p(2, 2e-4)] }), ctx)[0]).toMatchObject({ layer: 'l1', severity: 'warning' });
  });
  it('is silent for a zero-initialised output layer: its near-zero norm is floored at a tenth of the init norm', () => {
    // He std 0.5 × √100 params = 5, so l3's norm is floored at 0.5: ρ_last = 1 / 0.5, ratio 5e-3 — not vanishing.
    const z = (step: number) => probe(step, { l1: { gradNorm: 1e-2, weightNorm: 1 }, l2: { gradNorm: 0.1, weightNorm: 1 }, l3: { gradNorm: 1, weightNorm: 1e-3 } }, { beforeFirstUpdate: false });
    expect(vanishingGradients.run(record({ model, loss: [1], probes: [z(1), z(2)] }), ctx)).toEqual([]);
    // The same gradients against a normally scaled last layer are vanishing (ratio 1e-4 < 1e-3).
    const v = (step: number) => probe(step, { l1: { gradNorm: 1e-4, weightNorm: 1 }, l2: { gradNorm: 0.1, weightNorm: 1 }, l3: { gradNorm: 1, weightNorm: 1 } }, { beforeFirstUpdate: false });
    expect(vanishingGradients.run(record({ model, loss: [1], probes: [v(1), v(2)] }), ctx)).toHaveLength(1);
  });
  it('is silent for comparable layers and for exactly-zero (dead) gradients', () => {
    expect(vanishingGradients.run(record({ model, loss: [1], probes: [p(1, 0.05), p(2, 0.08)] }), ctx)).toEqual([]);
    expect(vanishingGradients.run(record({ model, loss: [1], probes: [p(1, 0), p(2, 0)] }), ctx)).toEqual([]);
  });
});

describe('dead_relu, nearly-dead layers', () => {
  it('fires when ≥ 99% of outputs are zero even if every unit fires somewhere', () => {
    const probes = [8, 16, 32].map((s) => probe(s, { fc1: { activation: act(0.16, { zeroFraction: 0.998 }) } }));
    expect(deadRelu.run(record({ loss: flat(1, 40), probes }), ctx)[0]).toMatchObject({ severity: 'error', layer: 'fc1' });
  });
  it('is silent at 95% zeros (sparse but alive)', () => {
    const probes = [8, 16, 32].map((s) => probe(s, { fc1: { activation: act(0.1, { zeroFraction: 0.95 }) } }));
    expect(deadRelu.run(record({ loss: flat(1, 40), probes }), ctx)).toEqual([]);
  });
});

describe('chance_plateau with loss spikes', () => {
  it('fires when the loss sits at ln 10 between occasional bursts (the seed CNN)', () => {
    const spiky = flat(LN10, 150).map((l, i) => (i % 9 === 0 ? 6 + (i % 4) : l));
    expect(chancePlateau.run(record({ loss: spiky, accuracy: flat(0.1, 150) }), ctx)[0]?.code).toBe('chance_plateau');
  });
});

describe('input_not_normalized, models that scale their own input', () => {
  const rescaled = (scaledAbsMax: number) =>
    record({
      model: { layers: [layer('scale', { className: 'Rescaling', isRelu: false, activation: undefined }), layer('fc1')] },
      loss: [1],
      probes: [probe(0, { scale: { activation: act(0, { absMax: scaledAbsMax }) } }, { input: { min: 0, max: 255, mean: 120, std: 64, nonFinite: 0 } })],
    });
  it('is silent when a Rescaling layer brings 0–255 pixels to [0, 1]', () => expect(inputNotNormalized.run(rescaled(1), ctx)).toEqual([]));
  it('still warns when the rescaling leaves them large', () => expect(inputNotNormalized.run(rescaled(255), ctx)).toHaveLength(1));
});

describe('nan_loss behind a finite loss', () => {
  it('fires when the newest probe measured NaN weights while the clipped loss stays finite', () => {
    const r = record({ loss: [2.3, 16.12, 16.12], probes: [probe(2, { fc1: { weightNorm: NaN, gradNorm: NaN } }, { beforeFirstUpdate: false })] });
    const [f] = nanLoss.run(r, ctx);
    expect(f.evidence).toMatchObject({ where: 'weights', firstBadLayer: 'fc1', loss: '16.12' });
  });
  it('ignores an older probe and finite norms', () => {
    expect(nanLoss.run(record({ loss: [2.3, 2, 1.9], probes: [probe(1, { fc1: { weightNorm: NaN } }, { beforeFirstUpdate: false })] }), ctx)).toEqual([]);
    expect(nanLoss.run(record({ loss: [2.3, 2, 1.9], probes: [probe(2, { fc1: { weightNorm: 3, gradNorm: 0.1 } }, { beforeFirstUpdate: false })] }), ctx)).toEqual([]);
  });
});

describe('bad_init, overflowed activations', () => {
  it('treats a NaN/Infinity activation std as exploding, not as missing', () => {
    const r = record({
      loss: [2.3],
      probes: [probe(0, { fc1: { activation: act(0, { std: 1e5 }) }, fc2: { activation: act(0, { std: NaN, nonFinite: 12 }) } })],
    });
    const [f] = badInit.run(r, ctx);
    expect(f).toMatchObject({ severity: 'error' });
    expect(f.evidence.maxActivationStd).toBe(Infinity);
  });
});

describe('review fixes', () => {
  const g = (step: number, gradNorm: number) => probe(step, { fc1: { gradNorm } });
  it('exploding_gradients: growth over the first probe needs only 3 probes, and says it is growth', () => {
    const [f] = explodingGradients.run(record({ loss: [1], probes: [g(0, 0.1), g(1, 20), g(2, 20)] }), ctx);
    expect(f.evidence).toMatchObject({ rule: 'growth', threshold: 10 });
    expect(explodingGradients.run(record({ loss: [1], probes: [g(0, 0.1), g(1, 20)] }), ctx)).toEqual([]);
  });
  it('lr_too_high: no divergence verdict for losses that go negative', () => {
    const negative = [...falling(-0.1, -0.3, 20), ...flat(-0.18, 10, 0.001)];
    expect(lrTooHigh.run(record({ model: { task: 'regression', numClasses: undefined }, loss: negative }), ctx)).toEqual([]);
  });
});
