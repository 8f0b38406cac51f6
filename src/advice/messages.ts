/**
 * What each finding says: an explanation built from its evidence and fixes ranked by that evidence (the
 * first fix is the one the numbers point at). One entry per finding code.
 */
import type { FindingCode, FindingDraft, Fix } from '../findings';
import type { ModelSummary } from '../model-info';
import { FIX, optimizerCode } from './fixes';
import { fmt, pct, plural } from './format';

export type Advice = { message: string; fixes: Fix[] };
type Adviser<C extends FindingCode> = (d: FindingDraft<C>, model: ModelSummary) => Advice;

/** The backend epsilon tfjs's probability losses clip at, as recorded (1e-7 when a run log has none): "1e-7", "0.0001". */
const clipOf = (model: ModelSummary) => String(Number((model.epsilon > 0 ? model.epsilon : 1e-7).toPrecision(3)));

const lossOf = (x: number) => (x < 0 ? `a negative loss of ${fmt(x)}` : fmt(x));

export const ADVICE: { [C in FindingCode]: Adviser<C> } = {
  nan_loss: ({ evidence: e, step }, model) => {
    const when =
      e.where === 'weights'
        ? `The weights or gradients of ${e.firstBadLayer ?? 'a layer'} are NaN or Infinity at step ${step}, although the loss still reads ${e.loss} (a clipped probability loss can hide them).`
        : `The loss became ${e.loss} at step ${step}${e.lastFiniteStep >= 0 ? ` (last finite value ${fmt(e.lastFiniteLoss)} at step ${e.lastFiniteStep})` : ''}.`;
    if (e.nonFiniteInputStep !== undefined) {
      return {
        message: `${when} The training batch of step ${e.nonFiniteInputStep} held NaN or Infinity inputs: the data, not the learning rate, made the loss non-finite. Nothing trains from here, so by default the doctor stops training.`,
        fixes: [FIX.findNaN, { title: 'Or replace them before fit (e.g. with the column mean)', code: 'const clean = tf.where(tf.isFinite(x), x, tf.zerosLike(x));' }],
      };
    }
    return {
      message: `${when} Every later step only spreads NaN through the weights, so by default the doctor stops training.`,
      fixes: [FIX.lowerLr(NaN, model), FIX.scaleInputs, { title: 'Look for NaN/Infinity in the data and for log(0) or division by zero in a custom loss', code: 'tf.any(tf.logicalNot(tf.isFinite(x))).print();' }],
    };
  },
  bad_init: ({ evidence: e }, model) => {
    const parts: string[] = [];
    const kernels = e.layersOffScale > 0;
    if (Number.isFinite(e.chanceLoss) && e.initialLoss >= 2 * e.chanceLoss) {
      parts.push(`The loss before any update was ${fmt(e.initialLoss)}, ${fmt(e.initialLoss / e.chanceLoss)}× the ${fmt(e.chanceLoss)} (ln ${model.numClasses}) a freshly initialised classifier should start at.`);
    }
    if (kernels) {
      parts.push(`${plural(e.layersOffScale, 'layer')} ${e.layersOffScale > 1 ? 'have' : 'has'} kernels far from a sound initial scale; worst is ${e.worstLayer}: std ${fmt(e.worstKernelStd)} where ${fmt(e.expectedStd)} is expected for a fan-in of ${fmt(e.fanIn)}.`);
    }
    if (e.maxActivationStd >= 1e3) parts.push(`Activations reach a std of ${fmt(e.maxActivationStd)} in the first forward pass.`);
    const worst = e.worstLayer !== 'none' ? e.worstLayer : undefined;
    return {
      message: `${parts.join(' ')} Such a start often wastes the first hundreds of steps shrinking the weights, and can kill ReLU units on the way.`,
      // Sound kernels with a huge loss or activations: the inputs are the likelier cause, so scaling them comes first.
      fixes: kernels ? [FIX.init(worst, model), FIX.scaleInputs, FIX.batchNorm(worst, model)] : [FIX.scaleInputs, FIX.init(undefined, model), FIX.batchNorm(undefined, model)],
    };
  },
  input_not_normalized: ({ evidence: e }) => {
    if (e.rule === 'non_finite') {
      return {
        message:
          e.nonFiniteStep !== undefined
            ? `The inputs contain NaN or Infinity values: the training batch of step ${e.nonFiniteStep} held some. Every such value turns the predictions, the gradients and then the weights into NaN.`
            : `The inputs contain ${fmt(e.nonFinite)} NaN or Infinity values in the probe batch.`,
        fixes: [FIX.findNaN],
      };
    }
    if (e.rule === 'targets') {
      return {
        message: `The regression targets range from ${fmt(e.inputMin)} to ${fmt(e.inputMax)} (mean ${fmt(e.inputMean)}, std ${fmt(e.inputStd)}). The output layer has to grow to that scale, which makes the MSE and its gradients large and slows learning.`,
        fixes: [FIX.scaleTargets],
      };
    }
    const nonFloat = e.dtype !== undefined && e.dtype !== 'float32';
    return {
      message: `${nonFloat ? `The inputs are ${e.dtype}, not float32: integer ids or counts fed to a Dense/Conv layer are read as magnitudes. ` : ''}The inputs range from ${fmt(e.inputMin)} to ${fmt(e.inputMax)} (mean ${fmt(e.inputMean)}, std ${fmt(e.inputStd)}). Unscaled inputs make the first layer's pre-activations huge, so gradients are badly conditioned and ReLUs die.`,
      fixes: [
        ...(nonFloat
          ? [{ title: 'Cast to float32 and scale (ids of categories belong in tf.layers.embedding or one-hot vectors instead)', code: "const xf = tf.cast(x, 'float32').div(255);  // pixels\n// category ids: tf.oneHot(x, numCategories) or tf.layers.embedding({ inputDim, outputDim })" }]
          : []),
        FIX.scaleInputs,
        FIX.rescalingLayer,
      ],
    };
  },
  chance_plateau: ({ evidence: e }, model) => {
    if (e.rule === 'regression') {
      return {
        message: `The loss has sat at ${fmt(e.medianLoss)} for ${e.windowSteps} steps (since step ${e.sinceStep}) — at or above ${fmt(e.chanceLoss)}, the loss of always predicting the targets' mean (R² ≈ 0). The model has learned nothing from its inputs.`,
        fixes: [
          FIX.checkLabels,
          { title: "Make sure the output layer is linear (a ReLU or sigmoid output can die or saturate)", code: 'tf.layers.dense({ units: 1 })  // no activation' },
          FIX.scaleTargets,
          FIX.scaleInputs,
          FIX.lowerLr(NaN, model),
        ],
      };
    }
    const scaled = e.inputAbsMax <= 10;
    return {
      message: `The loss has sat at ${fmt(e.medianLoss)} for ${e.windowSteps} steps (since step ${e.sinceStep}) — the chance level ${fmt(e.chanceLoss)} of a ${e.numClasses}-class model that ignores its input — with accuracy ${Number.isFinite(e.meanAccuracy) ? pct(e.meanAccuracy) : 'n/a'} against ${pct(e.chanceAccuracy)} by chance. The network predicts the class prior and has stopped learning.`,
      // Inputs already at unit scale point away from them: the labels (or the learning rate) come first.
      fixes: scaled
        ? [FIX.checkLabels, FIX.lowerLr(NaN, model), FIX.init(undefined, model), FIX.batchNorm(undefined, model)]
        : [FIX.scaleInputs, FIX.init(undefined, model), FIX.lowerLr(NaN, model), FIX.batchNorm(undefined, model), FIX.checkLabels],
    };
  },
  dead_relu: ({ evidence: e, layer }, model) => ({
    message:
      e.rule === 'collapsed'
        ? `${layer}'s ReLU outputs have shrunk to at most ${fmt(e.absMax)} (${fmt(e.initialAbsMax)} at the first probe; over ${e.probes} probes since step ${e.sinceStep}): its units are as good as dead, though not exactly zero, and pass almost no gradient.`
        : `${pct(e.zeroFraction)} of ${layer}'s ReLU outputs are zero and ${pct(e.deadUnitFraction)} of its ${e.units} units never activate on the probe batch (over ${e.probes} probes since step ${e.sinceStep}). Dead ReLU units get no gradient and do not recover.`,
    fixes: [FIX.init(layer, model), FIX.scaleInputs, FIX.lowerLr(NaN, model), FIX.leakyRelu(layer, model), FIX.batchNorm(layer, model)],
  }),
  saturated_output: ({ evidence: e, layer }, model) => {
    const eps = fmt(Math.exp(-e.clippedLossCeiling));
    return {
      message: Number.isFinite(e.noGradientFraction)
        ? `${pct(e.noGradientFraction)} of the probe batch gets a true-class probability below ${eps} from ${layer ?? 'the output layer'}: tfjs clips probabilities to [${eps}, 1 − ${eps}] in its cross-entropy, so these samples cost ${fmt(e.clippedLossCeiling)} each and send back zero gradient. ${
            e.noGradientFraction >= 0.3
              ? `The loss ${lossOf(e.meanLoss)} is that clipped ceiling, not a loss that can fall.`
              : `They are a minority, but they carry about ${fmt(e.noGradientFraction * e.clippedLossCeiling)} of the mean loss ${lossOf(e.meanLoss)} and can never be learnt.`
          }`
        : `${pct(e.saturatedFraction)} of the ${model.outputActivation} outputs are pinned at 0 or 1 while the loss is ${lossOf(e.meanLoss)}: the clipped cross-entropy gives such outputs no gradient.`,
      fixes: [FIX.logits, FIX.glorotOutput, FIX.scaleInputs, FIX.lowerLr(NaN, model)],
    };
  },
  lr_too_high: ({ evidence: e }, model) => {
    const window = e.windowSteps && e.windowSteps > 1 ? `the last ${e.windowSteps} steps` : 'the last steps';
    const why = {
      nan_after_growth: `The loss grew to ${fmt(e.recentLoss)} (from ${fmt(e.bestLoss)}) and then became NaN: the steps overshoot.`,
      spike: `The loss jumped from ${fmt(e.bestLoss)} at the start to ${fmt(e.recentLoss)}: the step overshot (a network can die of such a step and then sit at chance).`,
      overshoot: `The first update made the loss worse: ${fmt(e.bestLoss)} before it, ${fmt(e.recentLoss)} over the next steps. A step that size throws the outputs into saturation or kills units, and the network may not recover.`,
      divergence: `The loss is climbing: a median of ${fmt(e.recentLoss)} over ${window} against a best of ${fmt(e.bestLoss)}.`,
      update_ratio: `Each step changes the weights by ${fmt(e.medianUpdateRatio)} of their norm (median over layers; healthy training is near 1e-3 to 1e-2), and the loss has not halved since the start.`,
      range_test: `A learning-rate range test on a copy of the model suggests ${fmt(e.suggestedLearningRate)} (${fmt(e.learningRate / (e.suggestedLearningRate ?? NaN))}× lower)${Number.isFinite(e.recentLoss) ? `; at the current rate the swept loss was ${fmt(e.recentLoss)} against a best of ${fmt(e.bestLoss)}` : '; the sweep diverged before reaching the current rate'}.`,
    }[e.rule];
    const risk = e.rule === 'update_ratio' || e.rule === 'range_test';
    return {
      message: `${why} The learning rate${Number.isFinite(e.learningRate) ? ` ${fmt(e.learningRate)}` : ''} ${risk ? 'may be' : 'is'} too high for this model.`,
      fixes:
        e.rule === 'range_test' && e.suggestedLearningRate !== undefined
          ? [
              { title: `Use the range test's suggestion, ${fmt(e.suggestedLearningRate)}`, code: `model.compile({ optimizer: ${optimizerCode(model, fmt(e.suggestedLearningRate))}, loss, metrics })` },
              FIX.batchNorm(undefined, model),
            ]
          : [FIX.lowerLr(e.learningRate, model), FIX.batchNorm(undefined, model)],
    };
  },
  lr_too_low: ({ evidence: e }, model) => ({
    message: `Each step changes the weights by only ${fmt(e.medianUpdateRatio)} of their norm (median over layers, ${e.probes} probes; healthy training moves 1e-3 to 1e-2), and the loss has fallen ${pct(Math.max(0, e.lossFall))} in ${e.steps} steps. The learning rate${Number.isFinite(e.learningRate) ? ` ${fmt(e.learningRate)}` : ''} is too low to get anywhere.`,
    fixes: [FIX.raiseLr(e.learningRate, model), FIX.scaleInputs],
  }),
  weights_not_updating: ({ evidence: e, step }) => {
    const why = {
      frozen: 'Every layer is frozen (the model has no trainable weights): fit runs, but nothing can change.',
      zero_lr: 'The learning rate is 0: every update is zero, so nothing can change.',
      no_change: `No Dense/Conv weight moved in the probes since step ${e.sinceStep} (largest ‖Δθ‖/‖θ‖ ${fmt(e.maxUpdateRatio)}): the gradients are all zero, or the optimizer never applies them.`,
    }[e.rule];
    return {
      message: `${why} (seen at step ${step}.)`,
      fixes:
        e.rule === 'frozen'
          ? [{ title: 'Unfreeze the layers to train (at least the new head), then compile again: trainable takes effect at compile', code: "model.layers.forEach((l) => (l.trainable = true));  // or just the head\nmodel.compile({ optimizer, loss, metrics });" }]
          : e.rule === 'zero_lr'
            ? [{ title: 'Check the learning-rate schedule: it must not round or decay to 0', code: 'optimizer.learningRate = Math.max(minLr, schedule(epoch));' }]
            : [
                { title: 'Check that the loss depends on the model output (a custom loss that returns a constant has zero gradient)', code: 'const g = tf.grad((p) => lossFn(yTrue, p))(model.predict(x)); g.abs().sum().print();' },
                { title: 'Check that no layer is dead for every input (all-zero ReLU outputs pass no gradient)', code: "tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal' })" },
              ],
    };
  },
  overfitting: ({ evidence: e }) =>
    e.rule === 'gap'
      ? {
          message: `From the first epoch the validation loss (${fmt(e.valLoss)}) is ${fmt(e.valLoss / e.trainLoss)}× the training loss (${fmt(e.trainLoss)}): the validation data are not like the training data. tfjs's validationSplit takes the last part of x before shuffling, so data sorted by class validates on classes it never trained on.`,
          fixes: [FIX.shuffleBeforeSplit, { title: 'Preprocess the validation data exactly as the training data', code: 'const xVal = preprocess(rawXVal);  // same scaling, same encoding' }],
        }
      : {
          message: `The validation loss (mean of 3 epochs) rose from its best, ${fmt(e.bestValLoss)} at epoch ${e.bestEpoch}, to ${fmt(e.valLoss)} over ${plural(e.epochsRising, 'epoch')}, while the training loss fell from ${fmt(e.trainLossAtBest)} to ${fmt(e.trainLoss)}: the model is memorising the training data.${e.valAccuracy !== undefined && e.valAccuracyAtBest !== undefined ? ` Validation accuracy ${e.valAccuracyTrend}: ${pct(e.valAccuracyAtBest)} then, ${pct(e.valAccuracy)} now${e.valAccuracyTrend === 'held' ? ' — the predictions have lost nothing yet; the model is growing over-confident on the samples it gets wrong' : ''}.` : ''}`,
          fixes: [
            FIX.earlyStopping,
            { title: 'Regularise: dropout after dense layers, or an L2 penalty', code: "tf.layers.dropout({ rate: 0.3 }),\ntf.layers.dense({ units, activation: 'relu', kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }) })," },
            { title: 'More data, or augmentation of the images you have', code: '// e.g. random flips and crops: tf.image.flipLeftRight(batch)' },
          ],
        },
  exploding_gradients: ({ evidence: e }, model) => ({
    message:
      e.rule === 'overflow'
        ? `The gradients overflowed to NaN/Infinity; the last finite gradient norm was ${fmt(e.gradNorm)} (≥ ${fmt(e.threshold)}). Steps this large throw the weights around.`
        : e.rule === 'growth'
          ? `The gradient norm grew ${fmt(e.growth)}× since the first probe, to ${fmt(e.gradNorm)} (≥ ${fmt(e.threshold)} in the last ${e.probes} probes${e.optimizer ? ` under ${e.optimizer}` : ''}). Steps this large can throw the weights around.`
          : `The gradient norm is ${fmt(e.gradNorm)} (≥ ${fmt(e.threshold)} in the last ${e.probes} probes${e.optimizer ? ` under ${e.optimizer}` : ''}${e.growth > 1 ? `; ${fmt(e.growth)}× its first value` : ''}). Steps this large can throw the weights around.`,
    fixes: [FIX.scaleInputs, FIX.init(undefined, model), FIX.lowerLr(NaN, model), FIX.batchNorm(undefined, model)],
  }),
  vanishing_gradients: ({ evidence: e, layer }, model) => ({
    message: `${layer} learns ${fmt(1 / e.ratio)}× slower than ${e.lastLayer}: its relative gradient ‖g‖/‖w‖ is ${fmt(e.firstLayerRelativeGrad)} against ${fmt(e.lastLayerRelativeGrad)}. The signal dies on its way back through the layers.`,
    fixes: [FIX.residual, { title: 'Replace sigmoid/tanh hidden activations with ReLU', code: "activation: 'relu'" }, FIX.batchNorm(layer, model)],
  }),
  probe_failed: ({ evidence: e }) => ({
    message: `Could not measure ${e.probe}: ${e.reason}. Other diagnoses still run.`,
    fixes: [],
  }),
  output_loss_mismatch: ({ evidence: e, layer }, model) => {
    const out = layer ?? 'the output layer';
    const classes = Number.isFinite(e.labelClasses) ? e.labelClasses : e.units;
    const why = {
      softmax_single_unit: `${out} applies softmax to a single unit, so it always outputs 1 and nothing can be learned.`,
      categorical_single_unit: `${out} has a single unit but the loss is ${e.loss}: one unit is the whole distribution (tfjs divides by the row sum), so every sample's loss is 0 and no gradient flows.`,
      double_softmax: `${out} ends in ${e.outputActivation} but the loss (${e.loss}) applies ${e.outputActivation === 'sigmoid' ? 'sigmoid' : 'softmax'} itself: the outputs are squashed twice, so every probability stays near uniform, the gradients shrink and learning crawls.`,
      bounded_output: `${out} outputs ${e.outputActivation} values (${e.outputActivation === 'tanh' ? 'between −1 and 1' : e.outputActivation?.startsWith('relu') ? 'never below 0' : 'between 0 and 1'}) but the targets range from ${fmt(e.targetMin)} to ${fmt(e.targetMax)}: the output cannot reach them, sits at its bound, and passes back (almost) no gradient.`,
      regression_loss_on_classifier: `${out} outputs ${e.outputActivation} probabilities but the loss is ${e.loss}: on probabilities a squared or absolute error gives vanishing gradients exactly where the model is confidently wrong, so it learns slowly.`,
      softmax_binary_crossentropy: `${out} ends in softmax but the loss is binaryCrossentropy, which scores each of the ${e.units} units as an independent yes/no; the loss and the 'accuracy' metric then measure something other than single-label classification.`,
      logits_into_probability_loss: `${out} outputs ${e.outputActivation} values (not probabilities) but ${e.loss} expects probabilities: tfjs divides by the row sum and clips to [${clipOf(model)}, 1 − ${clipOf(model)}] (the backend's epsilon), so negative or unnormalised outputs give a meaningless loss and gradients that vanish at the clip.`,
      sigmoid_categorical_crossentropy: `${out} ends in sigmoid but ${e.loss} is a single-label loss: sigmoid units do not sum to 1, so classes do not compete.`,
      integer_labels_categorical_crossentropy: `The labels are integer class ids (one value per sample) but categoricalCrossentropy expects one-hot rows of width ${e.units}; fit() refuses these shapes.`,
      one_hot_labels_sparse_crossentropy: `The labels are one-hot rows of width ${e.labelWidth} but sparseCategoricalCrossentropy expects integer class ids.`,
      units_vs_classes: `${out} has ${e.units} unit${e.units === 1 ? '' : 's'} but the labels have ${fmt(classes)} class${classes === 1 ? '' : 'es'}${e.labelWidth > 1 ? ` (one-hot width ${e.labelWidth})` : ''}.`,
    }[e.rule];
    const softmaxCce = { title: 'For single-label classification: softmax output with categoricalCrossentropy', code: "tf.layers.dense({ units: numClasses, activation: 'softmax' }),\nmodel.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] })" };
    const oneUnitFixes = [{ title: 'Binary task: one sigmoid unit with binaryCrossentropy', code: "tf.layers.dense({ units: 1, activation: 'sigmoid' }),\nmodel.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] })" }, softmaxCce];
    const linearOutput = { title: 'Give a regression a linear output (no activation)', code: 'tf.layers.dense({ units: 1 })  // activation: linear' };
    const fixes: Record<typeof e.rule, Fix[]> = {
      double_softmax: [
        { title: `Keep the loss and output logits: drop the ${e.outputActivation} from the last layer`, code: `tf.layers.dense({ units: ${fmt(e.units)} })  // no activation; ${e.loss} applies it` },
        { title: 'Or keep the softmax and use the probability loss', code: "model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] })" },
      ],
      bounded_output: [linearOutput, { title: 'Or scale the targets into the output range', code: 'const yScaled = y.sub(yMin).div(yMax - yMin);  // [0, 1] for a sigmoid output' }],
      regression_loss_on_classifier: [
        e.outputActivation === 'sigmoid'
          ? { title: 'Use binary cross-entropy for a sigmoid output', code: "model.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] })" }
          : { title: 'Use categorical cross-entropy for a softmax output', code: "model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] })" },
      ],
      categorical_single_unit: oneUnitFixes,
      softmax_single_unit: oneUnitFixes,
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
    const unlearnable = e.rule !== 'double_softmax' && e.rule !== 'regression_loss_on_classifier' && e.rule !== 'sigmoid_categorical_crossentropy' && e.rule !== 'softmax_binary_crossentropy';
    return { message: `${why} ${unlearnable ? 'Fix the pairing before training: no learning rate or initialisation can make up for it.' : 'Fix the pairing: it costs learning speed whatever the learning rate.'}`, fixes: fixes[e.rule] };
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
  label_problems: ({ evidence: e }, model) => {
    const parts: string[] = [];
    if (e.issue === 'impossible_loss') {
      return {
        message: `The loss went to ${fmt(e.invalid)}: a ${model.loss} cannot be negative with valid labels. The labels are outside what the loss expects — integer labels 0–9 fed to one sigmoid unit with binaryCrossentropy do exactly this.`,
        fixes: [
          { title: 'Multi-class labels: one unit per class with softmax and the sparse loss', code: "tf.layers.dense({ units: numClasses, activation: 'softmax' }),\nmodel.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] })" },
          { title: 'Binary labels must be 0 or 1', code: 'const yBinary = y.greater(0.5).toFloat();' },
        ],
      };
    }
    if (e.issue === 'missing_in_training') {
      return {
        message: `Class${e.missingClasses.includes(',') ? 'es' : ''} ${e.missingClasses} never appeared in the training batches of a whole epoch (${e.samples} labels counted), so the model can never predict ${e.missingClasses.includes(',') ? 'them' : 'it'}. tfjs's validationSplit takes the last part of x before shuffling: on data sorted by class it trains on some classes and validates on the others.`,
        fixes: [FIX.shuffleBeforeSplit, FIX.checkLabels],
      };
    }
    if (e.issue === 'out_of_range' && e.labelMin !== undefined && Number.isFinite(e.labelMin) && !Number.isFinite(e.invalid)) {
      const sparse = model.loss === 'sparseCategoricalCrossentropy';
      return {
        message: sparse
          ? `The training labels range from ${fmt(e.labelMin)} to ${fmt(e.labelMax)}, but sparseCategoricalCrossentropy expects whole class ids 0…${fmt(e.numClasses - 1)}: tfjs truncates fractional labels (labels divided by 255 all become class 0), so the loss falls while the model learns nothing.`
          : `The training labels range from ${fmt(e.labelMin)} to ${fmt(e.labelMax)}, but ${model.loss} expects 0 or 1: such labels make the loss meaningless (it can go negative).`,
        fixes: sparse
          ? [{ title: 'Pass the class ids themselves (scale the inputs, not the labels)', code: 'const yIds = tf.tensor1d(labels, "int32");  // 0 … numClasses − 1' }, { title: 'Or one-hot them for categoricalCrossentropy', code: `const yOneHot = tf.oneHot(tf.cast(ids, 'int32'), ${fmt(e.numClasses)});` }]
          : [{ title: 'Multi-class labels: one unit per class with softmax and the sparse loss', code: "tf.layers.dense({ units: numClasses, activation: 'softmax' }),\nmodel.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' })" }, { title: 'Binary labels must be 0 or 1', code: 'const yBinary = y.greater(0.5).toFloat();' }],
      };
    }
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
  input_independent: ({ evidence: e }) => e.rule === 'inputs_hurt' ? {
    message: `Trained for ${e.steps} steps on the same ${e.samples} samples, the model reached a loss of ${fmt(e.realLoss)} on the real inputs but ${fmt(e.zeroedLoss)} on all-zero inputs: its real inputs make it train worse (${pct(-e.improvement)} higher). Inputs far from unit scale, or activations that explode on them, do this.`,
    fixes: [FIX.scaleInputs, FIX.rescalingLayer],
  } : ({
    message: `Trained for ${e.steps} steps on the same ${e.samples} samples, the model reached a loss of ${fmt(e.realLoss)} on the real inputs and ${fmt(e.zeroedLoss)} on all-zero inputs (${e.improvement >= 0 ? `${pct(e.improvement)} better` : `${pct(-e.improvement)} worse`}): it is not using its input. Typical causes: a first layer that is dead for every input, preprocessing that makes all samples alike, or inputs wired to the wrong layer.`,
    fixes: [
      { title: 'Check that samples differ after preprocessing', code: 'tf.moments(x, 0).variance.mean().print();  // ~0 means every sample is the same' },
      { title: "Check the first layer's activations (all zero = dead ReLUs)", code: "tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal', biasInitializer: 'zeros' })" },
      FIX.scaleInputs,
      FIX.checkLabels,
    ],
  }),
  cannot_overfit: ({ evidence: e }, model) => ({
    message: `Trained on the same ${e.samples} samples (copies of the model at learning rates ${e.triedLearningRates}; the best, ${fmt(e.bestLearningRate)}, for ${e.steps} steps), the loss only went from ${fmt(e.initialLoss)} to ${fmt(e.finalLoss)}; a working model memorises a batch this small (below ${fmt(e.threshold)}). This is a bug, not a lack of capacity or data: look for frozen or dead layers, a loss that does not fit the output, broken labels, or a learning rate that does nothing.`,
    fixes: [
      { title: 'Make sure the layers are trainable', code: 'model.layers.forEach((l) => console.log(l.name, l.trainable, l.countParams()));' },
      { title: 'Check the output/loss pairing and labels (see other findings)', code: "tf.layers.dense({ units: numClasses, activation: 'softmax' })  // with 'categoricalCrossentropy'" },
      FIX.init(undefined, model),
    ],
  }),
};
