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
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];
export type Severity = 'info' | 'warning' | 'error';

/** A numbered piece of evidence; strings name things (a layer, a loss), numbers measure them. */
export type Evidence = Record<string, number | string>;

/** The evidence each code carries. Field names are stable; they appear in JSON reports. */
export interface EvidenceByCode {
  nan_loss: { loss: string; where: 'loss' | 'weights'; lastFiniteLoss: number; lastFiniteStep: number; firstBadLayer?: string };
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
  input_not_normalized: { inputMin: number; inputMax: number; inputMean: number; inputStd: number; nonFinite: number; dtype?: string; nonFiniteStep?: number };
  chance_plateau: {
    medianLoss: number;
    chanceLoss: number;
    meanAccuracy: number;
    chanceAccuracy: number;
    numClasses: number;
    windowSteps: number;
    sinceStep: number;
  };
  dead_relu: { deadUnitFraction: number; zeroFraction: number; units: number; probes: number; sinceStep: number };
  saturated_output: {
    noGradientFraction: number;
    saturatedFraction: number;
    meanLoss: number;
    clippedLossCeiling: number;
    probes: number;
  };
  lr_too_high: {
    rule: 'divergence' | 'nan_after_growth' | 'spike' | 'update_ratio' | 'range_test';
    learningRate: number;
    recentLoss: number;
    bestLoss: number;
    medianUpdateRatio: number;
    /** range_test only: the LR range test's suggestion. */
    suggestedLearningRate?: number;
  };
  exploding_gradients: { rule: 'norm' | 'growth' | 'overflow'; gradNorm: number; threshold: number; growth: number; probes: number };
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
  };
  missing_activation: { layers: string; count: number };
  dropout_too_high: { rule: 'high_rate' | 'many_half'; maxRate: number; layers: string; count: number; keepProbability: number };
  label_problems: {
    issue: 'out_of_range' | 'not_one_hot' | 'missing_class' | 'imbalance';
    samples: number;
    numClasses: number;
    invalid: number;
    missingClasses: string;
    majorityShare: number;
    imbalanceRatio: number;
  };
  input_independent: { realLoss: number; zeroedLoss: number; initialLoss: number; improvement: number; steps: number; samples: number };
  cannot_overfit: { samples: number; steps: number; initialLoss: number; finalLoss: number; threshold: number; learningRate: number };
}

/** Which output/loss/label combination `output_loss_mismatch` found. */
export type OutputLossRule =
  | 'softmax_single_unit'
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

/** A diagnosis with its evidence, an explanation and ranked fixes. A discriminated union on `code`. */
export type Finding<C extends FindingCode = FindingCode> = C extends FindingCode
  ? DraftOf<C> & { message: string; fixes: Fix[] }
  : never;

/** Findings are reported once per code and layer: this is that identity. */
export function findingKey(f: { code: FindingCode; layer?: string }): string {
  return f.layer === undefined ? f.code : `${f.code}@${f.layer}`;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}
