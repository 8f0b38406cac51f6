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
  /** Label distribution of the probe batch (when labels are known). */
  labelPrior?: number[];
}

export interface InputStats {
  min: number;
  max: number;
  mean: number;
  std: number;
  nonFinite: number;
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
}

export function emptyRecord(model: ModelSummary): RunRecord {
  return {
    model,
    steps: { step: [], epoch: [], loss: [], accuracy: [], learningRate: [] },
    probes: [],
    epochs: [],
  };
}
