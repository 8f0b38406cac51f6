/**
 * Findings are plain data: what a check concluded, when, where, and the numbers behind it.
 * Checks produce drafts (no wording); the advice module turns a draft into a Finding with a
 * message and fixes, so every reporter says the same thing.
 */

/** Every finding code cnn-doctor can emit. Codes are part of the public API. */
export const FINDING_CODES = [
  'nan_loss',
  'bad_init',
  'input_not_normalized',
  'chance_plateau',
  'dead_relu',
  'saturated_output',
  'lr_too_high',
  'exploding_gradients',
  'vanishing_gradients',
  'probe_failed',
  'output_loss_mismatch',
  'missing_activation',
  'dropout_too_high',
  'label_problems',
  'input_independent',
  'cannot_overfit',
  'weights_not_updating',
  'lr_too_low',
  'overfitting',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];
export type Severity = 'info' | 'warning' | 'error';

/**
 * Where a finding stands:
 *  - open: raised; a cause with no harm seen yet, or a symptom still present;
 *  - confirmed: a cause that explains a symptom seen in this run (or a symptom that persisted);
 *  - resolved: training showed it harmless (the loss fell well below its chance level) or the symptom
 *    cleared. A resolved finding no longer counts against `healthy`.
 */
export type FindingStatus = 'open' | 'confirmed' | 'resolved';

/**
 * What kind of finding it is, which decides how far its severity may go:
 *  - symptom: something went wrong in training (NaN, a plateau, divergence, dead layers while the loss
 *    stalls) — an error by itself;
 *  - cause: a risk factor (init scale, input scale, a large early update) — a warning until it explains
 *    a symptom, resolved when training shows it harmless;
 *  - breakage: a setup that cannot learn whatever happens next (one softmax unit, labels the output cannot
 *    represent, an impossible loss value) — never resolved by training;
 *  - note: info only (something could not be measured).
 */
export type FindingRole = 'symptom' | 'cause' | 'breakage' | 'note';

/** One change in a finding's life, dated by training step. */
export interface FindingEvent {
  step: number;
  status: FindingStatus;
  severity: Severity;
  /** Words for the change ("the loss fell to 0.61, below 1.61"): written by the advice module. */
  note: string;
}

/** A numbered piece of evidence; strings name things (a layer, a loss), numbers measure them. */
export type Evidence = Record<string, number | string>;

/** The evidence each code carries. Field names are stable; they appear in JSON reports. */
export interface EvidenceByCode {
  nan_loss: {
    loss: string;
    where: 'loss' | 'weights';
    lastFiniteLoss: number;
    lastFiniteStep: number;
    firstBadLayer?: string;
    /** The first training step whose batch held NaN/Infinity inputs, when one did: the data is the cause. */
    nonFiniteInputStep?: number;
  };
  bad_init: {
    initialLoss: number;
    chanceLoss: number;
    layersOffScale: number;
    worstLayer: string;
    worstKernelStd: number;
    expectedStd: number;
    fanIn: number;
    maxActivationStd: number;
  };
  input_not_normalized: {
    /** inputs: x far from unit scale; targets: regression targets far from unit scale; non_finite: NaN/Infinity in x. */
    rule: 'inputs' | 'targets' | 'non_finite';
    inputMin: number;
    inputMax: number;
    inputMean: number;
    inputStd: number;
    nonFinite: number;
    dtype?: string;
    nonFiniteStep?: number;
  };
  chance_plateau: {
    /** classification: the loss sits at ln C or the label entropy; regression: at the constant prediction's loss (MSE ≈ Var(y)). */
    rule: 'classification' | 'regression';
    medianLoss: number;
    chanceLoss: number;
    meanAccuracy: number;
    chanceAccuracy: number;
    numClasses: number;
    windowSteps: number;
    sinceStep: number;
    /** max |x| of the probe batch's inputs (NaN when not measured): already-scaled inputs point at the labels. */
    inputAbsMax: number;
  };
  dead_relu: {
    /** dead_units: units never > 0; mostly_zero: ≥ 99% zeros; collapsed: outputs shrank to ~0 (≤ 1e-4 of their size at step 0). */
    rule: 'dead_units' | 'mostly_zero' | 'collapsed';
    deadUnitFraction: number;
    zeroFraction: number;
    units: number;
    probes: number;
    sinceStep: number;
    /** The layer's largest output now and at the first probe. */
    absMax: number;
    initialAbsMax: number;
  };
  saturated_output: {
    noGradientFraction: number;
    saturatedFraction: number;
    meanLoss: number;
    clippedLossCeiling: number;
    probes: number;
  };
  lr_too_high: {
    rule: 'divergence' | 'nan_after_growth' | 'spike' | 'overshoot' | 'update_ratio' | 'range_test';
    /** Steps per loss window (more for small batches: windows are measured in samples). */
    windowSteps?: number;
    learningRate: number;
    recentLoss: number;
    bestLoss: number;
    medianUpdateRatio: number;
    /** range_test only: the LR range test's suggestion. */
    suggestedLearningRate?: number;
  };
  exploding_gradients: { rule: 'norm' | 'growth' | 'overflow'; gradNorm: number; threshold: number; growth: number; probes: number; optimizer: string };
  vanishing_gradients: {
    firstLayerRelativeGrad: number;
    lastLayerRelativeGrad: number;
    ratio: number;
    lastLayer: string;
    probes: number;
  };
  probe_failed: { probe: string; reason: string };
  output_loss_mismatch: {
    rule: OutputLossRule;
    loss: string;
    outputActivation: string;
    units: number;
    /** Values per label row in y (NaN when y was not seen). */
    labelWidth: number;
    /** Classes the labels imply (NaN when y was not seen). */
    labelClasses: number;
    /** bounded_output: the range of the targets. */
    targetMin?: number;
    targetMax?: number;
  };
  missing_activation: { layers: string; count: number };
  dropout_too_high: { rule: 'high_rate' | 'many_half'; maxRate: number; layers: string; count: number; keepProbability: number };
  label_problems: {
    /**
     * out_of_range / not_one_hot / missing_class / imbalance: from the labels checkup() was given or fit's
     * training batches; missing_in_training: classes the validation data has that no training batch had;
     * impossible_loss: a loss value no valid label can give (a negative cross-entropy).
     */
    issue: 'out_of_range' | 'not_one_hot' | 'missing_class' | 'imbalance' | 'missing_in_training' | 'impossible_loss';
    samples: number;
    numClasses: number;
    invalid: number;
    missingClasses: string;
    majorityShare: number;
    imbalanceRatio: number;
    /** Smallest and largest label value seen (NaN when not counted). */
    labelMin?: number;
    labelMax?: number;
  };
  input_independent: {
    /** ignores_input: zeroed inputs train as well as real ones; inputs_hurt: real inputs train clearly worse (unscaled or exploding). */
    rule: 'ignores_input' | 'inputs_hurt';
    realLoss: number;
    zeroedLoss: number;
    initialLoss: number;
    improvement: number;
    steps: number;
    samples: number;
  };
  cannot_overfit: {
    samples: number;
    steps: number;
    initialLoss: number;
    finalLoss: number;
    threshold: number;
    learningRate: number;
    /** Learning rates tried (the user's and ×/÷ 10), and the best final loss any of them reached. */
    triedLearningRates: string;
    bestLearningRate: number;
  };
  weights_not_updating: {
    /** frozen: no trainable weights; zero_lr: the learning rate is 0; no_change: the weights did not move across probes. */
    rule: 'frozen' | 'zero_lr' | 'no_change';
    learningRate: number;
    /** Largest update ratio ‖Δθ‖/‖θ‖ over layers in the probes judged. */
    maxUpdateRatio: number;
    probes: number;
    sinceStep: number;
  };
  lr_too_low: {
    learningRate: number;
    /** Median over Dense/Conv layers of ‖Δθ‖/‖θ‖ per step, the largest across the probes judged. */
    medianUpdateRatio: number;
    /** Relative fall of the loss since the start of this fit (0.02 = 2%). */
    lossFall: number;
    steps: number;
    probes: number;
  };
  overfitting: {
    /** rising: the validation loss climbs from its best while training falls; gap: far above training from the first epoch. */
    rule: 'rising' | 'gap';
    /** Epoch of the lowest validation loss (gap: the fit's first epoch). */
    bestEpoch: number;
    bestValLoss: number;
    valLoss: number;
    /** Training loss at the best epoch and now. */
    trainLossAtBest: number;
    trainLoss: number;
    epochsRising: number;
    /** rising, when fit logs a validation accuracy: its smoothed value at the best epoch and now. */
    valAccuracyAtBest?: number;
    valAccuracy?: number;
    /** held: the validation accuracy is within 1 point of its value at the best epoch; fell: it is not. */
    valAccuracyTrend?: 'held' | 'fell';
  };
}

/** Which output/loss/label combination `output_loss_mismatch` found. */
export type OutputLossRule =
  | 'softmax_single_unit'
  | 'categorical_single_unit'
  | 'double_softmax'
  | 'bounded_output'
  | 'regression_loss_on_classifier'
  | 'softmax_binary_crossentropy'
  | 'logits_into_probability_loss'
  | 'sigmoid_categorical_crossentropy'
  | 'integer_labels_categorical_crossentropy'
  | 'one_hot_labels_sparse_crossentropy'
  | 'units_vs_classes';

interface DraftOf<C extends FindingCode> {
  code: C;
  severity: Severity;
  /** Global training step (batches since the doctor was attached) at which it was detected. */
  step: number;
  epoch: number;
  /** The layer concerned, when the diagnosis is about one layer. */
  layer?: string;
  evidence: EvidenceByCode[C];
}

/** What a check returns: a diagnosis without words. */
export type FindingDraft<C extends FindingCode = FindingCode> = C extends FindingCode ? DraftOf<C> : never;

/** One ranked remedy; `code` is a tfjs snippet the user can paste. */
export interface Fix {
  title: string;
  code?: string;
}

/** What the lifecycle adds to a draft: where the finding stands and why. */
export interface FindingState {
  role: FindingRole;
  status: FindingStatus;
  /** Keys (`code` or `code@layer`) of the symptom findings this finding is taken to explain. */
  explains: string[];
  /** Every change, oldest first; the first is when it was raised. */
  history: FindingEvent[];
}

/** A diagnosis with its evidence, an explanation and ranked fixes. A discriminated union on `code`. */
export type Finding<C extends FindingCode = FindingCode> = C extends FindingCode
  ? DraftOf<C> & FindingState & { message: string; fixes: Fix[] }
  : never;

/** Findings are reported once per code and layer: this is that identity. */
export function findingKey(f: { code: FindingCode; layer?: string }): string {
  return f.layer === undefined ? f.code : `${f.code}@${f.layer}`;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

/** Does this finding count against a healthy verdict now (a warning or error not resolved)? */
export function isActive(f: { severity: Severity; status?: FindingStatus }): boolean {
  return f.severity !== 'info' && f.status !== 'resolved';
}
