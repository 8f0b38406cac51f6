/**
 * The run record: every series the probes measured, as plain arrays. Checks read only this (never
 * tensors), so each check is a pure function tested with hand-written series, and the whole record
 * serialises to the JSON run log.
 */
import type { ModelSummary } from './model-info';

/** Activation statistics of one layer's output on the probe batch. */
export interface ActivationStats {
  mean: number;
  std: number;
  /** Fraction of all output values ≤ 0 (for ReLU: exactly zero). */
  zeroFraction: number;
  /** Fraction of units (channels for conv) never > 0 anywhere in the probe batch. */
  deadUnitFraction: number;
  absMax: number;
  units: number;
  /** 1 when the output holds NaN or ±Infinity (read off its mean and std, at no extra pass), else 0. */
  nonFinite: number;
}

/** What one probe measured for one layer; each part is present when its probe ran. */
export interface LayerProbe {
  activation?: ActivationStats;
  /** ‖∂loss/∂θ‖ over the layer's trainable weights, from the real training step. */
  gradNorm?: number;
  /** ‖θ‖ over the layer's trainable weights before the step. */
  weightNorm?: number;
  /** ‖Δθ‖ / ‖θ‖ of the step (undefined where ‖θ‖ is ~0, e.g. zero-initialised biases alone). */
  updateRatio?: number;
}

/** The model's output on the probe batch (classification outputs only). */
export interface OutputStats {
  /** Fraction of samples whose top probability is ≥ 1 − 1e-7 (pinned). */
  saturatedFraction: number;
  /** Fraction whose true-class probability is ≤ 1e-7: tfjs's clipped cross-entropy gives them no gradient. */
  noGradientFraction?: number;
  accuracy?: number;
  /**
   * Label distribution (when labels are known): of the training batches counted so far (the first 100
   * steps' during fit), else of the probe batch.
   */
  labelPrior?: number[];
  /** How many labels `labelPrior` was counted from. */
  labelPriorSamples?: number;
}

export interface InputStats {
  min: number;
  max: number;
  mean: number;
  std: number;
  nonFinite: number;
  /** The input tensor's dtype, when the probe knew it ('float32', 'int32', 'bool'). */
  dtype?: string;
}

export interface ProbeRecord {
  step: number;
  epoch: number;
  /** True for the probe taken before the first weight update. */
  beforeFirstUpdate: boolean;
  layers: Record<string, LayerProbe>;
  output?: OutputStats;
  input?: InputStats;
}

/** Per-step scalars; arrays are aligned by index. Missing values are NaN (null in JSON). */
export interface StepSeries {
  step: number[];
  epoch: number[];
  loss: number[];
  accuracy: number[];
  learningRate: number[];
}

export interface EpochRecord {
  epoch: number;
  logs: Record<string, number>;
}

export interface RunRecord {
  model: ModelSummary;
  steps: StepSeries;
  probes: ProbeRecord[];
  epochs: EpochRecord[];
  /** What `checkup()` / `findLearningRate()` measured before training; absent in a fit's record. */
  checkup?: CheckupData;
  /**
   * fit only: the first training step whose batch held a NaN/Infinity input (every batch is watched;
   * the probe batch is one fixed batch and missing values are often elsewhere).
   */
  nonFiniteBatch?: { step: number };
}

/** The labels `checkup()` was given, summarised (first output only). */
export interface LabelStats {
  samples: number;
  dtype: string;
  /** Rank of y including the sample axis. */
  rank: number;
  /** Values per sample: the last axis for rank ≥ 2, else 1. */
  width: number;
  /** Every value is a whole number. */
  integerValued: boolean;
  min: number;
  max: number;
  nonFinite: number;
  /** Width > 1: rows that are not exactly one 1 and zeros elsewhere. */
  notOneHotRows: number;
  /** Width > 1: rows that are not a probability distribution (a value outside [0, 1] or a sum ≠ 1 ± 1e-3). */
  notDistributionRows: number;
  /**
   * Samples per class: the argmax of each row (width > 1), or the value itself (width 1, whole
   * numbers in [0, 4096)); empty when the labels are not class labels.
   */
  counts: number[];
}

/** One short trial training run on a copy of the model. */
export interface TrialRun {
  samples: number;
  steps: number;
  learningRate: number;
  /** Loss of every step, in order (the first is before any update of the copy). */
  losses: number[];
}

/** The learning-rate range test: the swept curve and the suggestion. */
export interface LrRangeTest {
  curve: { lr: number; loss: number; smoothed: number }[];
  suggested: number;
  /** The user's current learning rate, read from the optimizer (NaN when unreadable). */
  learningRate: number;
  rule: string;
}

export interface CheckupData {
  labels?: LabelStats;
  /** Overfit one tiny batch: can the model drive the loss near zero? */
  overfit?: TrialRun;
  /** Input-independent baseline: the same training on the real batch and on zeroed inputs. */
  baseline?: { real: TrialRun; zeroed: TrialRun };
  lrRange?: LrRangeTest;
}

export function emptyRecord(model: ModelSummary): RunRecord {
  return {
    model,
    steps: { step: [], epoch: [], loss: [], accuracy: [], learningRate: [] },
    probes: [],
    epochs: [],
  };
}
