/**
 * A synthetic long run (plain arrays, no tensors): the record a tiny MLP's 50,000-step fit leaves, with
 * spikes and findings planted at late steps, for the tests of run-log thinning and the long-run bench.
 */
import type { Finding } from '../../src/findings';
import type { ProbeRecord, RunRecord } from '../../src/record';
import { isProbeStep } from '../../src/probes/schedule';
import { layer, modelSummary } from './record';
import { mulberry32 } from '../../src/util';

export interface LongRunOptions {
  steps?: number;
  /** The doctor's default, 50. */
  probeEvery?: number;
  /** Steps per epoch (one epoch record each); default 64. */
  stepsPerEpoch?: number;
  /** Loss spikes: the loss (and data loss) at these steps is `loss`. NaN plants a non-finite loss. */
  spikes?: { step: number; loss: number }[];
  /** Gradient-norm spikes: the probe at this step (must be a probe step) has `factor` × its norms. */
  gradientSpikes?: { step: number; factor: number }[];
  /** A dead-unit spike: the probe at this step reads `fraction` of hidden1's units dead. */
  deadSpikes?: { step: number; fraction: number }[];
  /** Findings raised at these steps (and resolved `resolvedAfter` steps later, when given). */
  findings?: { step: number; resolvedAfter?: number }[];
}

export function longRunRecord(opts: LongRunOptions = {}): { record: RunRecord; findings: Finding[] } {
  const n = opts.steps ?? 50_000;
  const probeEvery = opts.probeEvery ?? 50;
  const perEpoch = opts.stepsPerEpoch ?? 64;
  const next = mulberry32(7);
  const model = modelSummary({
    name: 'tiny-mlp',
    layers: [layer('hidden1', { outputShape: [null, 32] }), layer('hidden2', { outputShape: [null, 32] }), layer('output', { activation: 'softmax', isRelu: false, outputShape: [null, 3] })],
    numClasses: 3,
  });
  const spikes = new Map((opts.spikes ?? []).map((s) => [s.step, s.loss]));
  const step: number[] = [];
  const epoch: number[] = [];
  const loss: number[] = [];
  const accuracy: number[] = [];
  const learningRate: number[] = [];
  for (let i = 0; i < n; i++) {
    const level = 1.05 * Math.exp(-i / 4000) + 0.08;
    const value = spikes.get(i) ?? level * (1 + 0.35 * (next() - 0.5));
    step.push(i);
    epoch.push(Math.floor(i / perEpoch));
    loss.push(value);
    accuracy.push(Math.round(32 * Math.min(1, Math.max(0, 1 - level / 1.1 + 0.1 * (next() - 0.5)))) / 32);
    learningRate.push(0.01);
  }
  const gradientSpikes = new Map((opts.gradientSpikes ?? []).map((s) => [s.step, s.factor]));
  const deadSpikes = new Map((opts.deadSpikes ?? []).map((s) => [s.step, s.fraction]));
  const probes: ProbeRecord[] = [];
  for (let i = 0; i < n; i++) {
    if (!isProbeStep(i, probeEvery)) continue;
    const g = gradientSpikes.get(i) ?? 1;
    const reading = (base: number) => base * (1 + 0.2 * (next() - 0.5));
    const hidden = (name: string) => ({
      activation: {
        mean: reading(0.4),
        std: reading(0.6),
        zeroFraction: reading(0.5),
        deadUnitFraction: name === 'hidden1' && deadSpikes.has(i) ? deadSpikes.get(i)! : Math.round(32 * reading(0.06)) / 32,
        absMax: reading(3),
        units: 32,
        nonFinite: 0,
      },
      gradNorm: g * reading(0.05 * Math.exp(-i / 20000)),
      weightNorm: reading(4),
      updateRatio: g * reading(2e-3),
    });
    probes.push({
      step: i,
      epoch: Math.floor(i / perEpoch),
      beforeFirstUpdate: i === 0,
      layers: { hidden1: hidden('hidden1'), hidden2: hidden('hidden2'), output: { gradNorm: g * reading(0.03), weightNorm: reading(2), updateRatio: g * reading(1e-3) } },
      output: { saturatedFraction: reading(0.01), noGradientFraction: 0, accuracy: reading(0.9), labelPrior: [0.33984375, 0.32421875, 0.3359375], labelPriorSamples: 3200, loss: loss[i] },
      input: { min: -3.8, max: 4.1, mean: reading(0.01), std: reading(1), nonFinite: 0, dtype: 'float32' },
    });
  }
  const epochs: RunRecord['epochs'] = [];
  for (let e = 0; e * perEpoch < n; e++) {
    const last = Math.min(n, (e + 1) * perEpoch) - 1;
    epochs.push({ epoch: e, logs: { loss: loss[last] * (1 + 0.1 * (next() - 0.5)), acc: accuracy[last] } });
  }
  const findings: Finding[] = (opts.findings ?? []).map(({ step: at, resolvedAfter }) => ({
    code: 'lr_too_high',
    severity: 'error',
    step: at,
    epoch: Math.floor(at / perEpoch),
    evidence: { rule: 'spike', learningRate: 0.01, recentLoss: loss[at], bestLoss: 0.1, medianUpdateRatio: NaN, windowSteps: 20 },
    message: `The loss jumped at step ${at}.`,
    fixes: [{ title: 'Lower the learning rate', code: 'tf.train.adam(1e-3)' }],
    role: 'symptom',
    status: resolvedAfter === undefined ? 'open' : 'resolved',
    explains: [],
    history: [
      { step: at, status: 'open', severity: 'error', note: '' },
      ...(resolvedAfter === undefined ? [] : [{ step: at + resolvedAfter, status: 'resolved' as const, severity: 'error' as const, note: 'the loss fell back' }]),
    ],
  }));
  return {
    record: {
      model,
      steps: { step, epoch, loss, dataLoss: [...loss], accuracy, learningRate },
      probes,
      epochs,
      fits: [{ startIndex: 0, startStep: 0, batchSize: 32, epochs: epochs.length, samples: perEpoch * 32, validates: false }],
      labels: { samples: 3200, counts: [1088, 1037, 1075], min: 0, max: 1, integerValued: true },
    },
    findings,
  };
}
