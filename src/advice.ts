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
  heInit: (layer?: string, model?: ModelSummary) => ({
    title: `Use He initialisation for ReLU layers${layer ? ` (start with ${layer})` : ''} instead of a hand-set stddev`,
    code: model?.layers.find((l) => l.name === layer)?.className.startsWith('Conv')
      ? "tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'heNormal' })"
      : "tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal' })",
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
    message:
      e.where === 'weights'
        ? `The weights or gradients of ${e.firstBadLayer ?? 'a layer'} are NaN or Infinity at step ${step}, although the loss still reads ${e.loss} (a clipped probability loss can hide them). Nothing trains from here, so by default the doctor stops training.`
        : `The loss became ${e.loss} at step ${step}${e.lastFiniteStep >= 0 ? ` (last finite value ${fmt(e.lastFiniteLoss)} at step ${e.lastFiniteStep})` : ''}. Every later step only spreads NaN through the weights, so by default the doctor stops training.`,
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
      fixes: [FIX.heInit(e.worstLayer !== 'none' ? e.worstLayer : undefined, model), FIX.scaleInputs, FIX.batchNorm],
    };
  },
  input_not_normalized: ({ evidence: e }) => ({
    message:
      e.nonFinite > 0 || e.nonFiniteStep !== undefined
        ? e.nonFiniteStep !== undefined
          ? `The inputs contain NaN or Infinity values: the training batch of step ${e.nonFiniteStep} held some. Every such value turns the predictions, the gradients and then the weights into NaN.`
          : `The inputs contain ${fmt(e.nonFinite)} NaN or Infinity values in the probe batch.`
        : `${e.dtype !== undefined && e.dtype !== 'float32' ? `The inputs are ${e.dtype}, not float32: integer ids or counts fed to a Dense/Conv layer are read as magnitudes. ` : ''}The inputs range from ${fmt(e.inputMin)} to ${fmt(e.inputMax)} (mean ${fmt(e.inputMean)}, std ${fmt(e.inputStd)}). Unscaled inputs make the first layer's pre-activations huge, so gradients are badly conditioned and ReLUs die.`,
    fixes:
      e.nonFinite > 0 || e.nonFiniteStep !== undefined
        ? [{ title: 'Find and remove or impute the non-finite values', code: 'const bad = tf.logicalNot(tf.isFinite(x)).any(1);' }]
        : [
            ...(e.dtype !== undefined && e.dtype !== 'float32'
              ? [{ title: 'Cast to float32 and scale (ids of categories belong in tf.layers.embedding or one-hot vectors instead)', code: "const xf = tf.cast(x, 'float32').div(255);  // pixels\n// category ids: tf.oneHot(x, numCategories) or tf.layers.embedding({ inputDim, outputDim })" }]
              : []),
            FIX.scaleInputs,
            { title: 'Or let the model scale its input', code: 'tf.layers.rescaling({ scale: 1 / 255, inputShape })  // first layer' },
          ],
  }),
  chance_plateau: ({ evidence: e }) => ({
    message: `The loss has sat at ${fmt(e.medianLoss)} for ${e.windowSteps} steps (since step ${e.sinceStep}) — the chance level ${fmt(e.chanceLoss)} of a ${e.numClasses}-class model that ignores its input — with accuracy ${Number.isFinite(e.meanAccuracy) ? pct(e.meanAccuracy) : 'n/a'} against ${pct(e.chanceAccuracy)} by chance. The network predicts the class prior and has stopped learning.`,
    fixes: [FIX.scaleInputs, FIX.heInit(), FIX.lowerLr(NaN), FIX.batchNorm, FIX.checkLabels],
  }),
  dead_relu: ({ evidence: e, layer }, model) => ({
    message: `${pct(e.zeroFraction)} of ${layer}'s ReLU outputs are zero and ${pct(e.deadUnitFraction)} of its ${e.units} units never activate on the probe batch (over ${e.probes} probes since step ${e.sinceStep}). Dead ReLU units get no gradient and do not recover.`,
    fixes: [FIX.heInit(layer, model), FIX.scaleInputs, FIX.lowerLr(NaN), FIX.leakyRelu, FIX.batchNorm],
  }),
  saturated_output: ({ evidence: e, layer }, model) => ({
    message: Number.isFinite(e.noGradientFraction)
      ? `${pct(e.noGradientFraction)} of the probe batch gets a true-class probability below 1e-7 from ${layer ?? 'the output layer'}: tfjs clips probabilities in its cross-entropy, so these samples cost ${fmt(e.clippedLossCeiling)} each and send back zero gradient. ${
          e.noGradientFraction >= 0.3
            ? `Loss ${fmt(e.meanLoss)} is the clipped ceiling, not a loss that can fall.`
            : `They are a minority, but they carry about ${fmt(e.noGradientFraction * e.clippedLossCeiling)} of the loss ${fmt(e.meanLoss)} and can never be learnt.`
        }`
      : `${pct(e.saturatedFraction)} of the ${model.outputActivation} outputs are pinned at 0 or 1 while the loss is ${fmt(e.meanLoss)}: the clipped cross-entropy gives such outputs no gradient.`,
    fixes: [FIX.logits, FIX.glorotOutput, FIX.scaleInputs, FIX.lowerLr(NaN)],
  }),
  lr_too_high: ({ evidence: e }) => {
    const why = {
      nan_after_growth: `The loss grew to ${fmt(e.recentLoss)} (from ${fmt(e.bestLoss)}) and then became NaN: the steps overshoot.`,
      spike: `One step sent the loss from ${fmt(e.bestLoss)} at the start to ${fmt(e.recentLoss)}: the step overshot (a network can die of such a step and then sit at chance).`,
      divergence: `The loss is climbing: ${fmt(e.recentLoss)} over the last 10 steps against a best of ${fmt(e.bestLoss)}.`,
      update_ratio: `Each step changes the weights by ${fmt(e.medianUpdateRatio)} of their norm (median over layers; healthy training is near 1e-3 to 1e-2).`,
      range_test: `A learning-rate range test on a copy of the model suggests ${fmt(e.suggestedLearningRate)} (${fmt(e.learningRate / (e.suggestedLearningRate ?? NaN))}× lower)${Number.isFinite(e.recentLoss) ? `; at the current rate the swept loss was ${fmt(e.recentLoss)} against a best of ${fmt(e.bestLoss)}` : '; the sweep diverged before reaching the current rate'}.`,
    }[e.rule];
    return {
      message: `${why} The learning rate${Number.isFinite(e.learningRate) ? ` ${fmt(e.learningRate)}` : ''} is too high for this model.`,
      fixes:
        e.rule === 'range_test' && e.suggestedLearningRate !== undefined
          ? [
              { title: `Use the range test's suggestion, ${fmt(e.suggestedLearningRate)}`, code: `model.compile({ optimizer: tf.train.adam(${fmt(e.suggestedLearningRate)}), loss, metrics: ['accuracy'] })  // same optimizer class as now` },
              FIX.batchNorm,
            ]
          : [FIX.lowerLr(e.learningRate), FIX.batchNorm, FIX.clip],
    };
  },
  exploding_gradients: ({ evidence: e }) => ({
    message:
      e.rule === 'overflow'
        ? `The gradients overflowed to NaN/Infinity; the last finite gradient norm was ${fmt(e.gradNorm)} (≥ ${fmt(e.threshold)}). Steps this large throw the weights around.`
        : e.rule === 'growth'
        ? `The gradient norm grew ${fmt(e.growth)}× since the first probe, to ${fmt(e.gradNorm)} (≥ ${fmt(e.threshold)} in the last ${e.probes} probes). Steps this large throw the weights around.`
        : `The gradient norm is ${fmt(e.gradNorm)} (≥ ${fmt(e.threshold)} in the last ${e.probes} probes${e.growth > 1 ? `; ${fmt(e.growth)}× its first value` : ''}). Steps this large throw the weights around.`,
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
  output_loss_mismatch: ({ evidence: e, layer }) => {
    const out = layer ?? 'the output layer';
    const classes = Number.isFinite(e.labelClasses) ? e.labelClasses : e.units;
    const why = {
      softmax_single_unit: `${out} applies softmax to a single unit, so it always outputs 1 and nothing can be learned.`,
      softmax_binary_crossentropy: `${out} ends in softmax but the loss is binaryCrossentropy, which scores each of the ${e.units} units as an independent yes/no; the loss and the 'accuracy' metric then measure something other than single-label classification.`,
      logits_into_probability_loss: `${out} outputs ${e.outputActivation} values (not probabilities) but ${e.loss} expects probabilities: tfjs divides by the row sum and clips to [1e-7, 1 − 1e-7], so negative or unnormalised outputs give a meaningless loss and gradients that vanish at the clip.`,
      sigmoid_categorical_crossentropy: `${out} ends in sigmoid but ${e.loss} is a single-label loss: sigmoid units do not sum to 1, so classes do not compete.`,
      integer_labels_categorical_crossentropy: `The labels are integer class ids (one value per sample) but categoricalCrossentropy expects one-hot rows of width ${e.units}; fit() refuses these shapes.`,
      one_hot_labels_sparse_crossentropy: `The labels are one-hot rows of width ${e.labelWidth} but sparseCategoricalCrossentropy expects integer class ids.`,
      units_vs_classes: `${out} has ${e.units} unit${e.units === 1 ? '' : 's'} but the labels have ${fmt(classes)} class${classes === 1 ? '' : 'es'}${e.labelWidth > 1 ? ` (one-hot width ${e.labelWidth})` : ''}.`,
    }[e.rule];
    const softmaxCce = { title: 'For single-label classification: softmax output with categoricalCrossentropy', code: "tf.layers.dense({ units: numClasses, activation: 'softmax' }),\nmodel.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] })" };
    const fixes: Record<typeof e.rule, Fix[]> = {
      softmax_single_unit: [{ title: 'Binary task: one sigmoid unit with binaryCrossentropy', code: "tf.layers.dense({ units: 1, activation: 'sigmoid' }),\nmodel.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] })" }, softmaxCce],
      softmax_binary_crossentropy: [softmaxCce, { title: 'For multi-label outputs (several classes true at once): sigmoid units with binaryCrossentropy', code: "tf.layers.dense({ units: numLabels, activation: 'sigmoid' })" }],
      logits_into_probability_loss: [
        { title: 'Add the missing softmax (or sigmoid for a binary output) to the last layer', code: `tf.layers.dense({ units: ${fmt(e.units)}, activation: '${e.units === 1 || e.loss === 'binaryCrossentropy' ? 'sigmoid' : 'softmax'}' })` },
        FIX.logits,
      ],
      sigmoid_categorical_crossentropy: [softmaxCce],
      integer_labels_categorical_crossentropy: [
        { title: 'Keep integer labels and use the sparse loss', code: "model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] })" },
        { title: 'Or one-hot the labels', code: `const yOneHot = tf.oneHot(tf.cast(y.flatten(), 'int32'), ${fmt(e.units)});` },
      ],
      one_hot_labels_sparse_crossentropy: [
        { title: 'Keep one-hot labels and use categoricalCrossentropy', code: "model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] })" },
        { title: 'Or turn them into class ids', code: 'const yIds = y.argMax(-1);' },
      ],
      units_vs_classes: [
        { title: `Give the output layer one unit per class (${fmt(classes)})`, code: `tf.layers.dense({ units: ${fmt(classes)}, activation: '${e.outputActivation === 'sigmoid' ? 'sigmoid' : 'softmax'}' })` },
        { title: 'Or check how the labels were one-hot encoded (the depth must be the number of classes)', code: 'tf.oneHot(labels, numClasses)' },
      ],
    };
    return { message: `${why} Fix the pairing before training: no learning rate or initialisation can make up for it.`, fixes: fixes[e.rule] };
  },
  missing_activation: ({ evidence: e, layer }) => ({
    message: `${e.layers}: ${e.count > 2 ? `the first ${e.count - 1} of these layers have` : `${layer} has`} a linear activation and nothing non-linear sits between ${e.count > 2 ? 'them' : 'it and the next'}, so the chain computes a single linear map — ${e.count > 2 ? 'the linear layers add' : `${layer} adds`} parameters but no power. ${layer} most likely lost its activation (Dense and Conv default to 'linear' in tf.layers).`,
    fixes: [
      { title: `Give ${layer} a non-linear activation`, code: "tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal' })" },
      { title: 'Or add an activation layer after it (e.g. after batch normalization)', code: "tf.layers.batchNormalization(),\ntf.layers.activation({ activation: 'relu' })," },
    ],
  }),
  dropout_too_high: ({ evidence: e, layer }) => ({
    message:
      e.rule === 'high_rate'
        ? `${e.count > 1 ? `Stacked dropout (${e.layers}) drops` : `${layer} drops`} ${pct(e.maxRate)} of its inputs on every training step: so little signal gets through that the network can barely fit the training data (Srivastava et al. use 0.5 for hidden units, 0.2 for inputs).`
        : `${e.count} dropout layers at rate ≥ 0.5 (${e.layers}): together they keep only ${pct(e.keepProbability)} of the units' paths on each step, which slows or stalls learning.`,
    fixes: [
      { title: 'Lower the rate to 0.2–0.5 (hidden layers) or 0.1–0.2 (inputs, conv layers)', code: 'tf.layers.dropout({ rate: 0.3 })' },
      { title: 'Regularise one way at a time: first train without dropout, then add it back if the model overfits', code: '// remove tf.layers.dropout(...) and check that the training loss falls' },
    ],
  }),
  label_problems: ({ evidence: e }) => {
    const parts: string[] = [];
    if (e.issue === 'out_of_range') parts.push(`${fmt(e.invalid)} of ${e.samples} labels are not valid class labels for ${e.numClasses} classes (NaN, negative, fractional, ≥ ${e.numClasses}, or outside [0, 1] for a binary loss).`);
    if (e.issue === 'not_one_hot') parts.push(`${fmt(e.invalid)} of ${e.samples} label rows are not one-hot (a value outside [0, 1] or a row that does not sum to 1).`);
    if (e.missingClasses !== 'none') parts.push(`Class${e.missingClasses.includes(',') ? 'es' : ''} ${e.missingClasses} never occur${e.missingClasses.includes(',') ? '' : 's'} in ${e.samples} samples: the model cannot learn ${e.missingClasses.includes(',') ? 'them' : 'it'}, and its loss at chance is off.`);
    if (Number.isFinite(e.imbalanceRatio) && (e.imbalanceRatio >= 10 || e.majorityShare >= 0.9)) {
      parts.push(`The classes are imbalanced: the majority class is ${pct(e.majorityShare)} of the samples, ${fmt(e.imbalanceRatio)}× the rarest. A model can reach ${pct(e.majorityShare)} accuracy by always predicting it.`);
    }
    const fixes: Fix[] =
      e.issue === 'out_of_range' || e.issue === 'not_one_hot'
        ? [
            { title: 'Look at the label values and fix how they were made', code: 'tf.unique(tf.cast(y.flatten(), "float32")).values.print();' },
            { title: 'One-hot integer ids with the right depth', code: `const yOneHot = tf.oneHot(tf.cast(ids, 'int32'), ${e.numClasses});` },
          ]
        : [
            { title: 'Check that x and y were shuffled together and that every class made it into the split', code: 'tf.util.shuffleCombo(xs, ys);  // shuffle arrays together before splitting' },
            { title: 'Weight the loss by inverse class frequency', code: 'await model.fit(x, y, { classWeight: { 0: 1, 1: 10 } /* n_total / (C × n_class) */ })' },
            { title: 'Or resample: oversample rare classes / undersample the majority per batch', code: '// build balanced batches with tf.data: ds.filter per class, then tf.data.zip / sample' },
          ];
    return { message: parts.join(' '), fixes };
  },
  input_independent: ({ evidence: e }) => ({
    message: `Trained for ${e.steps} steps on the same ${e.samples} samples, the model reached a loss of ${fmt(e.realLoss)} on the real inputs and ${fmt(e.zeroedLoss)} on all-zero inputs (${pct(Math.max(0, e.improvement))} better): it is not using its input. Typical causes: a first layer that is dead for every input, preprocessing that makes all samples alike, or inputs wired to the wrong layer.`,
    fixes: [
      { title: 'Check that samples differ after preprocessing', code: 'tf.moments(x, 0).variance.mean().print();  // ~0 means every sample is the same' },
      { title: "Check the first layer's activations (all zero = dead ReLUs)", code: "tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal', biasInitializer: 'zeros' })" },
      FIX.scaleInputs,
      FIX.checkLabels,
    ],
  }),
  cannot_overfit: ({ evidence: e }) => ({
    message: `Trained ${e.steps} steps on the same ${e.samples} samples (a copy of the model, at learning rate ${fmt(e.learningRate)}), the loss only went from ${fmt(e.initialLoss)} to ${fmt(e.finalLoss)}; a working model memorises a batch this small (below ${fmt(e.threshold)}). This is a bug, not a lack of capacity or data: look for frozen or dead layers, a loss that does not fit the output, broken labels, or a learning rate that does nothing.`,
    fixes: [
      { title: 'Make sure the layers are trainable', code: 'model.layers.forEach((l) => console.log(l.name, l.trainable, l.countParams()));' },
      { title: 'Check the output/loss pairing and labels (see other findings)', code: "tf.layers.dense({ units: numClasses, activation: 'softmax' })  // with 'categoricalCrossentropy'" },
      FIX.heInit(),
      { title: 'Try a 10× larger learning rate on the tiny batch to rule out a step size that does nothing', code: 'tf.train.adam(1e-2)' },
    ],
  }),
};

/** Adds the explanation and fixes to a check's draft. */
export function advise<C extends FindingCode>(draft: FindingDraft<C>, model: ModelSummary): Finding<C> {
  const { message, fixes } = (ADVICE[draft.code] as Adviser<C>)(draft, model);
  return { ...draft, message, fixes } as Finding<C>;
}
