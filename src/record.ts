/**
 * The run record: every series the probes measured, as plain arrays. Checks read only this (never
 * tensors), so each check is a pure function tested with hand-written series, and the record serialises
 * to the JSON run log — whole for a short run, thinned beyond 5,000 steps, 300 probes or 1,000 epochs
 * (record-thinning.ts). In memory it stays whole: the checks judge every step.
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

/** The model's output on the probe batch: classification statistics, or for other tasks its range. */
export interface OutputStats {
  /** Fraction of samples whose top probability is ≥ 1 − ε (pinned), ε the backend's epsilon (`model.epsilon`). */
  saturatedFraction: number;
  /** Fraction whose true-class probability is ≤ ε: tfjs's clipped cross-entropy gives them no gradient. */
  noGradientFraction?: number;
  accuracy?: number;
  /**
   * Label distribution (when labels are known): of the training batches counted so far (the first 100
   * steps' during fit), else of the probe batch.
   */
  labelPrior?: number[];
  /** How many labels `labelPrior` was counted from. */
  labelPriorSamples?: number;
  /** The compiled loss on the probe batch (data loss only, no weight penalties). */
  loss?: number;
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
  /** Σ of the model's weight penalties (L1/L2 regularizers) at this probe; 0 without regularizers. */
  penalty?: number;
  layers: Record<string, LayerProbe>;
  output?: OutputStats;
  input?: InputStats;
}

/** Per-step scalars; arrays are aligned by index. Missing values are NaN (null in JSON). */
export interface StepSeries {
  step: number[];
  epoch: number[];
  /** fit's loss, as logged (weight penalties included). */
  loss: number[];
  /**
   * The data loss: fit's loss minus the weight penalties at that step's weights (equal to `loss`
   * for a model without regularizers). The checks judge this one.
   */
  dataLoss: number[];
  accuracy: number[];
  learningRate: number[];
}

/** The names fit logs the training accuracy under, by metric (`val_` and the same name for validation). */
export const ACCURACY_KEYS = ['acc', 'accuracy', 'categoricalAccuracy', 'sparseCategoricalAccuracy', 'binaryAccuracy'] as const;

export interface EpochRecord {
  epoch: number;
  logs: Record<string, number>;
}

/** One call of fit (or fitDataset) the doctor watched. Loss rules judge each fit from its own start. */
export interface FitRecord {
  /** Index into the step series of this fit's first step. */
  startIndex: number;
  /** Global step of its first step. */
  startStep: number;
  /** Samples in its first training batch (windows of the loss rules are measured in samples). */
  batchSize: number;
  /** fit's params: epochs and samples per epoch (NaN when fit did not say). */
  epochs: number;
  samples: number;
  /** Whether fit validates (validationSplit or validationData). */
  validates: boolean;
}

/** The training targets, counted from the first training batches (first output; regression tasks). */
export interface TargetStats {
  samples: number;
  /** Per target column. */
  mean: number[];
  variance: number[];
  min: number;
  max: number;
  /** Mean |y − median(y)| per column, from the first values seen (the constant prediction's MAE). */
  meanAbsDeviation: number[];
}

/** The training labels seen during fit, counted from the training batches (classification). */
export interface LabelCounts {
  samples: number;
  /** Samples per class (argmax of one-hot rows, or the integer id). */
  counts: number[];
  /** Smallest and largest label value seen, and whether every value was a whole number. */
  min: number;
  max: number;
  integerValued: boolean;
}

export interface RunRecord {
  model: ModelSummary;
  steps: StepSeries;
  probes: ProbeRecord[];
  epochs: EpochRecord[];
  /** Every fit watched, oldest first (empty in checkup's record). */
  fits: FitRecord[];
  /** Regression targets of the training batches (fit), or of the labels given (checkup). */
  targets?: TargetStats;
  /** Class labels of the training batches (fit only; checkup has `checkup.labels`). */
  labels?: LabelCounts;
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
  /**
   * suggested: the curve fell and `suggested` lies inside the sweep; no_learning_rate_works: no rate of the
   * sweep made the loss fall (no suggestion is given); too_short: too few points to judge.
   */
  verdict: 'suggested' | 'no_learning_rate_works' | 'too_short';
}

export interface CheckupData {
  labels?: LabelStats;
  /** Overfit one tiny batch: can the model drive the loss near zero? At the user's learning rate. */
  overfit?: TrialRun;
  /** When the user's rate could not overfit the batch: the same trial at ÷10 and ×10 (fresh copies, same batch). */
  overfitAlternatives?: TrialRun[];
  /** Input-independent baseline: the same training on the real batch and on zeroed inputs. */
  baseline?: {
    real: TrialRun;
    zeroed: TrialRun;
    /** When real inputs did no better than zeros at the user's learning rate: the same pair of trials at ×10, then ÷10. */
    alternatives?: { real: TrialRun; zeroed: TrialRun }[];
  };
  lrRange?: LrRangeTest;
}

export function emptyRecord(model: ModelSummary): RunRecord {
  return {
    model,
    steps: { step: [], epoch: [], loss: [], dataLoss: [], accuracy: [], learningRate: [] },
    probes: [],
    epochs: [],
    fits: [],
  };
}
