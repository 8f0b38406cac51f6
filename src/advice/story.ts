/**
 * The words for the story of a run (src/story.ts builds it as data): each finding as one short step of
 * the timeline, in its own measured numbers; the root cause in a few words; and the fixes tried for the
 * chapter, with what they measured.
 */
import type { Finding, FindingCode } from '../findings';
import type { ModelSummary } from '../model-info';
import type { Prescription } from '../prescriptions/prescription';
import type { StoryChapter } from '../story';
import { fmt, pct } from './format';
import { fixHelped, measuredWords } from './prescriptions';

/** A ratio to two significant digits: "28", "1.6e+5". */
const ratio = (x: number) => fmt(Number(x.toPrecision(2)));
const list = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** "ln 10" when the chance loss is ln C of the model's classes, else the number. */
function chanceWords(chanceLoss: number, model?: ModelSummary): string {
  const c = model?.numClasses;
  return c && c > 1 && Math.abs(chanceLoss - Math.log(c)) < 1e-3 ? `ln ${c}` : fmt(chanceLoss);
}

const initName = (layer: string, model?: ModelSummary) => {
  const l = model?.layers.find((x) => x.name === layer);
  return l === undefined ? 'the expected' : l.isRelu ? 'the He' : 'the Glorot';
};

/** One finding as one step of the story, in its own evidence: "conv2 dead (99.9% zeros)". */
export function storyStep(f: Finding, model?: ModelSummary): string {
  switch (f.code) {
    case 'bad_init': {
      const e = f.evidence;
      const parts: string[] = [];
      if (Number.isFinite(e.chanceLoss) && e.initialLoss >= 2 * e.chanceLoss) parts.push(`loss ${fmt(e.initialLoss)}, ${ratio(e.initialLoss / e.chanceLoss)}× ${chanceWords(e.chanceLoss, model)}`);
      if (e.layersOffScale > 0 && e.expectedStd > 0) parts.push(`${e.worstLayer}'s init is ${ratio(e.worstKernelStd / e.expectedStd)}× ${initName(e.worstLayer, model)} scale`);
      else if (e.maxActivationStd >= 1e3) parts.push(`activation std ${fmt(e.maxActivationStd)}`);
      return parts.join(' — ') || `loss ${fmt(e.initialLoss)} before any update`;
    }
    case 'input_not_normalized': {
      const e = f.evidence;
      if (e.rule === 'non_finite') return 'NaN or Infinity in the inputs';
      return `${e.rule === 'targets' ? 'targets' : 'inputs'} range ${fmt(e.inputMin)}–${fmt(e.inputMax)}`;
    }
    case 'exploding_gradients':
      return f.evidence.rule === 'overflow' ? 'the gradients overflowed to NaN/Infinity' : `gradient norm ${fmt(f.evidence.gradNorm)}`;
    case 'vanishing_gradients':
      return `gradients vanish toward the input (relative gradient ${fmt(f.evidence.firstLayerRelativeGrad)} in the first layer, ${fmt(f.evidence.lastLayerRelativeGrad)} in ${f.evidence.lastLayer})`;
    case 'dead_relu':
      return f.evidence.rule === 'collapsed'
        ? `${f.layer}'s outputs collapsed (at most ${fmt(f.evidence.absMax)}, from ${fmt(f.evidence.initialAbsMax)})`
        : `${f.layer} dead (${pct(f.evidence.zeroFraction)} zeros)`;
    case 'chance_plateau':
      return f.evidence.rule === 'regression'
        ? `loss flat at ${fmt(f.evidence.medianLoss)}, a constant prediction's`
        : `loss flat at ${fmt(f.evidence.medianLoss)}, the chance level ${chanceWords(f.evidence.chanceLoss, model)}${Number.isFinite(f.evidence.meanAccuracy) ? `, accuracy ${pct(f.evidence.meanAccuracy)}` : ''}`;
    case 'nan_loss':
      return f.evidence.where === 'weights' ? `NaN or Infinity in ${f.evidence.firstBadLayer ?? 'the weights'}` : `loss ${f.evidence.loss}`;
    case 'lr_too_high': {
      const e = f.evidence;
      return {
        divergence: `loss climbing (${fmt(e.recentLoss)}, best ${fmt(e.bestLoss)})`,
        spike: `loss jumped from ${fmt(e.bestLoss)} to ${fmt(e.recentLoss)}`,
        overshoot: `the first update raised the loss from ${fmt(e.bestLoss)} to ${fmt(e.recentLoss)}`,
        nan_after_growth: `loss grew to ${fmt(e.recentLoss)}, then NaN`,
        update_ratio: `each step moves the weights by ${fmt(e.medianUpdateRatio)} of their norm`,
        range_test: `a range test suggests a learning rate of ${fmt(e.suggestedLearningRate)} (now ${fmt(e.learningRate)})`,
      }[e.rule];
    }
    case 'lr_too_low':
      return `each step moves the weights by ${fmt(f.evidence.medianUpdateRatio)} of their norm; loss fell ${pct(Math.max(0, f.evidence.lossFall))} in ${f.evidence.steps} steps`;
    case 'saturated_output':
      return Number.isFinite(f.evidence.noGradientFraction)
        ? `${pct(f.evidence.noGradientFraction)} of samples at the clipped probability (no gradient)`
        : `${pct(f.evidence.saturatedFraction)} of the outputs pinned at 0 or 1`;
    case 'weights_not_updating':
      return { frozen: 'no trainable weights', zero_lr: 'learning rate 0', no_change: `the weights stopped moving (‖Δθ‖/‖θ‖ at most ${fmt(f.evidence.maxUpdateRatio)})` }[f.evidence.rule];
    case 'cannot_overfit':
      return `cannot memorise ${f.evidence.samples} samples (loss ${fmt(f.evidence.initialLoss)} → ${fmt(f.evidence.finalLoss)})`;
    case 'input_independent':
      return f.evidence.rule === 'inputs_hurt'
        ? `real inputs train worse than zeros (loss ${fmt(f.evidence.realLoss)} vs ${fmt(f.evidence.zeroedLoss)})`
        : `zeroed inputs train as well (loss ${fmt(f.evidence.zeroedLoss)} vs ${fmt(f.evidence.realLoss)} on real inputs)`;
    case 'overfitting':
      return f.evidence.rule === 'gap'
        ? `validation loss ${ratio(f.evidence.valLoss / f.evidence.trainLoss)}× the training loss`
        : `validation loss rising (${fmt(f.evidence.bestValLoss)} at epoch ${f.evidence.bestEpoch} → ${fmt(f.evidence.valLoss)})`;
    case 'output_loss_mismatch':
      return `${f.evidence.outputActivation} output (${f.evidence.units} unit${f.evidence.units === 1 ? '' : 's'}) with ${f.evidence.loss}`;
    case 'missing_activation':
      return `no activation in ${f.evidence.layers}`;
    case 'dropout_too_high':
      return f.evidence.rule === 'high_rate' ? `dropout rate ${fmt(f.evidence.maxRate)} in ${f.evidence.layers}` : `dropout keeps ${pct(f.evidence.keepProbability)} of the paths`;
    case 'label_problems': {
      const e = f.evidence;
      return {
        out_of_range: `${fmt(e.invalid)} labels out of range`,
        not_one_hot: `${fmt(e.invalid)} label rows not one-hot`,
        missing_class: `class ${e.missingClasses} missing`,
        imbalance: `majority class ${pct(e.majorityShare)} of the labels`,
        missing_in_training: `class ${e.missingClasses} missing from training`,
        impossible_loss: `loss ${fmt(e.invalid)}, impossible with valid labels`,
      }[e.issue];
    }
    case 'probe_failed':
      return `the ${f.evidence.probe} probe failed`;
  }
}

/** The root cause in a few words: "initialisation", "raw 0–255 inputs". */
export function causeName(f: Finding): string {
  switch (f.code) {
    case 'bad_init':
      return f.evidence.layersOffScale > 0 ? 'initialisation' : 'the scale of the first forward pass';
    case 'input_not_normalized':
      return f.evidence.rule === 'non_finite' ? 'NaN or Infinity in the inputs' : f.evidence.rule === 'targets' ? 'unscaled regression targets' : `raw ${fmt(f.evidence.inputMin)}–${fmt(f.evidence.inputMax)} inputs`;
    case 'lr_too_high':
      return `a learning rate too high${Number.isFinite(f.evidence.learningRate) ? ` (${fmt(f.evidence.learningRate)})` : ''}`;
    case 'lr_too_low':
      return `a learning rate too low${Number.isFinite(f.evidence.learningRate) ? ` (${fmt(f.evidence.learningRate)})` : ''}`;
    case 'output_loss_mismatch':
      return `the output and the loss (${f.evidence.outputActivation} with ${f.evidence.loss})`;
    case 'dead_relu':
      return `dead ReLUs in ${f.layer}`;
    default:
      return NAMES[f.code] ?? f.code;
  }
}

const NAMES: Partial<Record<FindingCode, string>> = {
  exploding_gradients: 'exploding gradients',
  vanishing_gradients: 'vanishing gradients',
  label_problems: 'the labels',
  missing_activation: 'a missing activation',
  dropout_too_high: 'too much dropout',
  weights_not_updating: 'weights that do not update',
  saturated_output: 'a saturated output',
  nan_loss: 'a NaN loss',
  chance_plateau: 'a plateau at chance',
  cannot_overfit: 'a model that cannot fit a small batch',
  input_independent: 'a model that ignores its input',
  overfitting: 'overfitting',
};

/** The fixes tried for a chapter: those for any finding in it. */
export function chapterPrescriptions(chapter: StoryChapter, prescriptions: readonly Prescription[]): Prescription[] {
  const codes = new Set(chapter.events.map((e) => e.code));
  return prescriptions.filter((p) => codes.has(p.code));
}

/** One tried fix, as the story ends: "He init on fc1, fc2 — loss 1.6 vs 2.3 untreated after 300 steps, accuracy 41% vs 10%, dead_relu cleared". */
export function describeTried(p: Prescription): string {
  const measured = measuredWords(p);
  const what = p.kind === 'combined' ? `${p.fix} (every fix together)` : `${p.fix} (for ${p.code})`;
  return `${what} — ${fixHelped(p) ? measured : `it did not help: ${measured}`}`;
}

/** A chapter in words: the timeline, the cause, and what the fixes tried for it measured. */
export interface ChapterWords {
  /** "step 0: loss 3.57e+5, 1.6e+5× ln 10 — fc1's init is 28× the He scale; inputs range 0–255 → step 1: gradient norm 1.71e+6 → …" */
  timeline: string;
  /** "Cause: initialisation (and raw 0–255 inputs)." */
  cause: string;
  /** "Fix, tried: He init on fc1, fc2 (for bad_init) — loss … ", one per tried fix. */
  tried: string[];
  /** Each event's step and words, for timelines drawn elsewhere (the HTML). */
  steps: { step: number; key: string; words: string }[];
}

/** The words of one chapter. `findings` must hold every finding its events name (the report's findings). */
export function describeChapter(chapter: StoryChapter, findings: readonly Finding[], prescriptions: readonly Prescription[] = [], model?: ModelSummary): ChapterWords {
  const byKey = new Map(findings.map((f) => [f.layer === undefined ? f.code : `${f.code}@${f.layer}`, f] as const));
  const steps = chapter.events.flatMap((e) => {
    const f = byKey.get(e.key);
    return f ? [{ step: e.step, key: e.key, words: storyStep(f, model) }] : [];
  });
  const atStep: string[] = [];
  for (let i = 0; i < steps.length; ) {
    const step = steps[i].step;
    const same: string[] = [];
    for (; i < steps.length && steps[i].step === step; i++) same.push(steps[i].words);
    atStep.push(`step ${step}: ${same.join('; ')}`);
  }
  const causes = chapter.causes.flatMap((k) => (byKey.has(k) ? [causeName(byKey.get(k)!)] : []));
  const cause = causes.length
    ? `Cause: ${causes[0]}${causes.length > 1 ? ` (and ${list(causes.slice(1))})` : ''}.`
    : 'Cause: none of the findings explains it.';
  const tried = chapterPrescriptions(chapter, prescriptions).map((p) => `Fix, tried: ${describeTried(p)}.`);
  return { timeline: `${atStep.join(' → ')}.`, cause, tried, steps };
}
