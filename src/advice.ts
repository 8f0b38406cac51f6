/**
 * All the words. Turns a check's draft into a finding with an explanation and ranked fixes (each with
 * a tfjs snippet to paste), so console, JSON, HTML and CLI all say the same thing.
 */
import type { Finding, FindingCode, FindingDraft, Fix } from './findings';
import type { ModelSummary } from './model-info';

export function fmt(x: number | string | undefined): string {
  if (typeof x === 'string') return x;
  if (x === undefined || Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(2);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(a >= 100 ? 5 : 3)));
}

const pct = (x: number) => `${fmt(Math.round(x * 1000) / 10)}%`;

const FIX = {
  scaleInputs: { title: 'Scale the inputs to [0, 1] (or standardise them) before fit', code: 'const xScaled = x.div(255);  // pixels; or x.sub(mean).div(std)' },
  heInit: (layer?: string) => ({
    title: `Use He initialisation for ReLU layers${layer ? ` (start with ${layer})` : ''} instead of a hand-set stddev`,
    code: "tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal' })",
  }),
  batchNorm: { title: 'Add batch normalization before the activations', code: "tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same' }),\ntf.layers.batchNormalization(),\ntf.layers.activation({ activation: 'relu' })," },
  lowerLr: (lr: number) => ({
    title: `Lower the learning rate${Number.isFinite(lr) ? ` (now ${fmt(lr)})` : ''} by 10×`,
    code: `model.compile({ optimizer: tf.train.adam(${Number.isFinite(lr) ? fmt(lr / 10) : '1e-4'}), loss, metrics: ['accuracy'] })`,
  }),
  leakyRelu: { title: 'Use LeakyReLU so units that go negative still get a gradient', code: 'tf.layers.dense({ units }), tf.layers.leakyReLU({ alpha: 0.1 }),' },
  clip: { title: 'Clip gradients', code: 'tf.train.adam(1e-3)  // tfjs optimizers have no clipnorm: clip in a custom loop with tf.clipByValue, or lower the LR' },
  logits: { title: 'Output logits and use a loss that takes logits (no probability clipping)', code: "tf.layers.dense({ units: numClasses }),  // no softmax\nmodel.compile({ optimizer, loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred) })" },
  glorotOutput: { title: 'Initialise the output layer small (default Glorot, not a large stddev)', code: "tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: 'glorotUniform' })" },
  checkLabels: { title: 'Check that labels match inputs (shuffle x and y together) and that the loss fits the labels', code: "// one-hot labels → 'categoricalCrossentropy'; integer labels → 'sparseCategoricalCrossentropy'" },
  residual: { title: 'Use ReLU with He init, batch normalization, or residual connections in deep stacks', code: "tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal' }), tf.layers.batchNormalization()," },
};

type Advice = { message: string; fixes: Fix[] };
type Adviser<C extends FindingCode> = (d: FindingDraft<C>, model: ModelSummary) => Advice;

const ADVICE: { [C in FindingCode]: Adviser<C> } = {
  nan_loss: ({ evidence: e, step }) => ({
    message: `The loss became ${e.loss} at step ${step}${e.lastFiniteStep >= 0 ? ` (last finite value ${fmt(e.lastFiniteLoss)} at step ${e.lastFiniteStep})` : ''}. Every later step only spreads NaN through the weights, so training was stopped.`,
    fixes: [FIX.lowerLr(NaN), FIX.scaleInputs, { title: 'Look for NaN/Infinity in the data and for log(0) or division by zero in a custom loss', code: 'tf.any(tf.isNaN(x)).print();' }],
  }),
  bad_init: ({ evidence: e }, model) => {
    const parts: string[] = [];
    if (Number.isFinite(e.chanceLoss) && e.initialLoss >= 2 * e.chanceLoss) {
      parts.push(`The loss before any update was ${fmt(e.initialLoss)}, ${fmt(e.initialLoss / e.chanceLoss)}× the ${fmt(e.chanceLoss)} (ln ${model.numClasses}) a freshly initialised classifier should start at.`);
    }
    if (e.layersOffScale > 0) {
      parts.push(`${e.layersOffScale} layer${e.layersOffScale > 1 ? 's have' : ' has'} kernels far from a sound initial scale; worst is ${e.worstLayer}: std ${fmt(e.worstKernelStd)} where ${fmt(e.expectedStd)} is expected for a fan-in of ${fmt(e.fanIn)}.`);
    }
    if (e.maxActivationStd >= 1e3) parts.push(`Activations reach a std of ${fmt(e.maxActivationStd)} in the first forward pass.`);
    return {
      message: `${parts.join(' ')} Training from here usually wastes its first hundreds of steps shrinking the weights, and often kills ReLU units on the way.`,
      fixes: [FIX.heInit(e.worstLayer !== 'none' ? e.worstLayer : undefined), FIX.scaleInputs, FIX.batchNorm],
    };
  },
  input_not_normalized: ({ evidence: e }) => ({
    message:
      e.nonFinite > 0
        ? `The inputs contain ${fmt(e.nonFinite)} NaN or Infinity values in the probe batch.`
        : `The inputs range from ${fmt(e.inputMin)} to ${fmt(e.inputMax)} (mean ${fmt(e.inputMean)}, std ${fmt(e.inputStd)}). Unscaled inputs make the first layer's pre-activations huge, so gradients are badly conditioned and ReLUs die.`,
    fixes:
      e.nonFinite > 0
        ? [{ title: 'Find and remove or impute the non-finite values', code: 'const bad = tf.logicalNot(tf.isFinite(x)).any(1);' }]
        : [FIX.scaleInputs, { title: 'Or let the model scale its input', code: 'tf.layers.rescaling({ scale: 1 / 255, inputShape })  // first layer' }],
  }),
  chance_plateau: ({ evidence: e }) => ({
    message: `The loss has sat at ${fmt(e.meanLoss)} for ${e.windowSteps} steps (since step ${e.sinceStep}) — the chance level ${fmt(e.chanceLoss)} of a ${e.numClasses}-class model that ignores its input — with accuracy ${Number.isFinite(e.meanAccuracy) ? pct(e.meanAccuracy) : 'n/a'} against ${pct(e.chanceAccuracy)} by chance. The network predicts the class prior and has stopped learning.`,
    fixes: [FIX.scaleInputs, FIX.heInit(), FIX.lowerLr(NaN), FIX.batchNorm, FIX.checkLabels],
  }),
  dead_relu: ({ evidence: e, layer }) => ({
    message: `${pct(e.deadUnitFraction)} of the ${e.units} units of ${layer} never activate on the probe batch (over ${e.probes} probes since step ${e.sinceStep}); ${pct(e.zeroFraction)} of its outputs are zero. Dead ReLU units get no gradient and do not recover.`,
    fixes: [FIX.heInit(layer), FIX.scaleInputs, FIX.lowerLr(NaN), FIX.leakyRelu, FIX.batchNorm],
  }),
  saturated_output: ({ evidence: e, layer }, model) => ({
    message: Number.isFinite(e.noGradientFraction)
      ? `${pct(e.noGradientFraction)} of the probe batch gets a true-class probability below 1e-7 from ${layer ?? 'the output layer'}: tfjs clips probabilities in its cross-entropy, so these samples cost ${fmt(e.clippedLossCeiling)} each and send back zero gradient. Loss ${fmt(e.meanLoss)} is the clipped ceiling, not a loss that can fall.`
      : `${pct(e.saturatedFraction)} of the ${model.outputActivation} outputs are pinned at 0 or 1 while the loss is ${fmt(e.meanLoss)}: the clipped cross-entropy gives such outputs no gradient.`,
    fixes: [FIX.logits, FIX.glorotOutput, FIX.scaleInputs, FIX.lowerLr(NaN)],
  }),
  lr_too_high: ({ evidence: e }) => {
    const why = {
      nan_after_growth: `The loss grew to ${fmt(e.recentLoss)} (from ${fmt(e.bestLoss)}) and then became NaN: the steps overshoot.`,
      divergence: `The loss is climbing: ${fmt(e.recentLoss)} over the last 10 steps against a best of ${fmt(e.bestLoss)}.`,
      update_ratio: `Each step changes the weights by ${fmt(e.medianUpdateRatio)} of their norm (median over layers; healthy training is near 1e-3 to 1e-2).`,
    }[e.rule];
    return {
      message: `${why} The learning rate${Number.isFinite(e.learningRate) ? ` ${fmt(e.learningRate)}` : ''} is too high for this model.`,
      fixes: [FIX.lowerLr(e.learningRate), FIX.batchNorm, FIX.clip],
    };
  },
  exploding_gradients: ({ evidence: e }) => ({
    message: `The gradient norm is ${fmt(e.gradNorm)} (≥ ${fmt(e.threshold)} in the last ${e.probes} probes${e.growth > 1 ? `; ${fmt(e.growth)}× its first value` : ''}). Steps this large throw the weights around.`,
    fixes: [FIX.scaleInputs, FIX.heInit(), FIX.lowerLr(NaN), FIX.batchNorm, FIX.clip],
  }),
  vanishing_gradients: ({ evidence: e, layer }) => ({
    message: `${layer} learns ${fmt(1 / e.ratio)}× slower than ${e.lastLayer}: its relative gradient ‖g‖/‖w‖ is ${fmt(e.firstLayerRelativeGrad)} against ${fmt(e.lastLayerRelativeGrad)}. The signal dies on its way back through the layers.`,
    fixes: [FIX.residual, { title: 'Replace sigmoid/tanh hidden activations with ReLU', code: "activation: 'relu'" }, FIX.batchNorm],
  }),
  probe_failed: ({ evidence: e }) => ({
    message: `Could not measure ${e.probe}: ${e.reason}. Other diagnoses still run.`,
    fixes: [],
  }),
};

/** Adds the explanation and fixes to a check's draft. */
export function advise<C extends FindingCode>(draft: FindingDraft<C>, model: ModelSummary): Finding<C> {
  const { message, fixes } = (ADVICE[draft.code] as Adviser<C>)(draft, model);
  return { ...draft, message, fixes } as Finding<C>;
}
