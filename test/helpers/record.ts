/** Hand-written run records for unit tests of checks: plain arrays, no tensors. */
import type { LayerSummary, ModelSummary } from '../../src/model-info';
import type { EpochRecord, LabelCounts, ProbeRecord, RunRecord, TargetStats } from '../../src/record';

export function layer(name: string, over: Partial<LayerSummary> = {}): LayerSummary {
  return { name, className: 'Dense', activation: 'relu', isRelu: true, outputShape: [null, 16], params: 100, trainableWeights: [`${name}/kernel`], ...over };
}

export function modelSummary(over: Partial<ModelSummary> = {}): ModelSummary {
  return {
    name: 'test',
    layers: [layer('fc1'), layer('out', { activation: 'softmax', isRelu: false })],
    task: 'multiclass',
    numClasses: 10,
    loss: 'categoricalCrossentropy',
    lossOnLogits: false,
    outputActivation: 'softmax',
    optimizer: 'Adam',
    totalParams: 200,
    trainableParams: 200,
    epsilon: 1e-7,
    inputShapes: [[null, 8]],
    ...over,
  };
}

export interface RecordOptions {
  model?: Partial<ModelSummary>;
  loss?: number[];
  /** The data loss, when it differs from fit's loss (weight penalties). */
  dataLoss?: number[];
  accuracy?: number[];
  lr?: number | number[];
  probes?: ProbeRecord[];
  /** Samples per training batch of the one fit (default 32). */
  batchSize?: number;
  /** Samples per epoch of the fit (default unknown). */
  samples?: number;
  epochs?: EpochRecord[];
  targets?: TargetStats;
  labels?: LabelCounts;
}

export function record(opts: RecordOptions): RunRecord {
  const loss = opts.loss ?? [];
  const lr = opts.lr ?? 1e-3;
  return {
    model: modelSummary(opts.model),
    steps: {
      step: loss.map((_, i) => i),
      epoch: loss.map(() => 0),
      loss,
      dataLoss: opts.dataLoss ?? loss,
      accuracy: opts.accuracy ?? loss.map(() => NaN),
      learningRate: loss.map((_, i) => (Array.isArray(lr) ? lr[i] : lr)),
    },
    probes: opts.probes ?? [],
    epochs: opts.epochs ?? [],
    fits: [{ startIndex: 0, startStep: 0, batchSize: opts.batchSize ?? 32, epochs: NaN, samples: opts.samples ?? NaN, validates: false }],
    ...(opts.targets ? { targets: opts.targets } : {}),
    ...(opts.labels ? { labels: opts.labels } : {}),
  };
}

/** Target statistics of a one-column regression. */
export function targets(mean: number, variance: number, min: number, max: number): TargetStats {
  return { samples: 512, mean: [mean], variance: [variance], min, max, meanAbsDeviation: [Math.sqrt(variance) * 0.8] };
}

export function probe(step: number, layers: ProbeRecord['layers'], over: Partial<ProbeRecord> = {}): ProbeRecord {
  return { step, epoch: 0, beforeFirstUpdate: step === 0, layers, ...over };
}

export function act(deadUnitFraction: number, over: Partial<import('../../src/record').ActivationStats> = {}) {
  return { mean: 0.5, std: 1, zeroFraction: Math.max(0.5, deadUnitFraction), deadUnitFraction, absMax: 3, units: 16, nonFinite: 0, ...over };
}

/** A series that wobbles around `level` by ± `noise`, deterministic. */
export function flat(level: number, n: number, noise = 0.01): number[] {
  return Array.from({ length: n }, (_, i) => level + noise * Math.sin(i * 1.7));
}

export function falling(from: number, to: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
}
