/**
 * The fixes, each a title and a tfjs snippet that does what the title says. Snippets name the model's
 * own layer kinds and optimizer class where the advice knows them.
 */
import type { Fix } from '../findings';
import type { ModelSummary } from '../model-info';
import { fmt } from './format';

/** `tf.train.<factory>(lr)` for the optimizer class tfjs reports. */
export function optimizerCode(summary: ModelSummary | undefined, lr: string): string {
  switch (summary?.optimizer) {
    case 'SGD':
      return `tf.train.sgd(${lr})`;
    case 'Momentum':
      return `tf.train.momentum(${lr}, 0.9)`;
    case 'RMSProp':
      return `tf.train.rmsprop(${lr})`;
    case 'Adagrad':
      return `tf.train.adagrad(${lr})`;
    case 'Adadelta':
      return `tf.train.adadelta(${lr})`;
    case 'Adamax':
      return `tf.train.adamax(${lr})`;
    default:
      return `tf.train.adam(${lr})`;
  }
}

const isConv = (model: ModelSummary | undefined, layer: string | undefined) => !!model?.layers.find((l) => l.name === layer)?.className.startsWith('Conv');
const isRelu = (model: ModelSummary | undefined, layer: string | undefined) => model?.layers.find((l) => l.name === layer)?.isRelu ?? true;

export const FIX = {
  scaleInputs: { title: 'Scale the inputs to [0, 1] (or standardise them) before fit', code: 'const xScaled = x.div(255);  // pixels; or x.sub(mean).div(std) per feature' } as Fix,
  rescalingLayer: { title: 'Or let the model scale its input', code: 'tf.layers.rescaling({ scale: 1 / 255, inputShape })  // first layer' } as Fix,
  scaleTargets: {
    title: 'Standardise the regression targets (and undo it on the predictions)',
    code: 'const { mean, variance } = tf.moments(y, 0);\nconst std = tf.sqrt(variance);\nconst yScaled = y.sub(mean).div(std);\n// after predict: prediction.mul(std).add(mean)',
  } as Fix,
  init: (layer: string | undefined, model: ModelSummary | undefined): Fix => {
    const relu = isRelu(model, layer);
    const initializer = relu ? 'heNormal' : 'glorotNormal';
    const act = relu ? 'relu' : model?.layers.find((l) => l.name === layer)?.activation ?? 'tanh';
    return {
      title: `Use ${relu ? 'He' : 'Glorot'} initialisation${layer ? ` for ${layer}` : relu ? ' for ReLU layers' : ''} instead of a hand-set scale`,
      code: isConv(model, layer)
        ? `tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: '${act}', kernelInitializer: '${initializer}' })`
        : `tf.layers.dense({ units, activation: '${act}', kernelInitializer: '${initializer}' })`,
    };
  },
  batchNorm: (layer?: string, model?: ModelSummary): Fix => ({
    title: 'Add batch normalization before the activations',
    code: isConv(model, layer) || (!layer && model?.layers.some((l) => l.className.startsWith('Conv')))
      ? "tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same' }),\ntf.layers.batchNormalization(),\ntf.layers.activation({ activation: 'relu' }),"
      : "tf.layers.dense({ units }),\ntf.layers.batchNormalization(),\ntf.layers.activation({ activation: 'relu' }),",
  }),
  lowerLr: (lr: number, model?: ModelSummary): Fix => ({
    title: `Lower the learning rate${Number.isFinite(lr) ? ` (now ${fmt(lr)})` : ''} by 10×`,
    code: `model.compile({ optimizer: ${optimizerCode(model, Number.isFinite(lr) ? fmt(lr / 10) : 'learningRate / 10')}, loss, metrics })`,
  }),
  raiseLr: (lr: number, model?: ModelSummary): Fix => ({
    title: `Raise the learning rate${Number.isFinite(lr) ? ` (now ${fmt(lr)})` : ''} by 10×, or find one with findLearningRate`,
    code: `model.compile({ optimizer: ${optimizerCode(model, Number.isFinite(lr) ? fmt(lr * 10) : 'learningRate * 10')}, loss, metrics })\n// or: const { suggested } = await findLearningRate(model, { x, y });`,
  }),
  leakyRelu: (layer?: string, model?: ModelSummary): Fix => ({
    title: 'Use LeakyReLU so units that go negative still get a gradient',
    code: isConv(model, layer) ? "tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same' }), tf.layers.leakyReLU({ alpha: 0.1 })," : 'tf.layers.dense({ units }), tf.layers.leakyReLU({ alpha: 0.1 }),',
  }),
  logits: {
    title: 'Output logits and use a loss that takes logits (no probability clipping)',
    code: "tf.layers.dense({ units: numClasses }),  // no softmax\nmodel.compile({ optimizer, loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred) })",
  } as Fix,
  glorotOutput: { title: 'Initialise the output layer small (default Glorot, not a large stddev)', code: "tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: 'glorotUniform' })" } as Fix,
  checkLabels: {
    title: 'Check that the labels belong to the inputs (shuffle x and y together) and fit the loss',
    code: "tf.util.shuffleCombo(xs, ys);  // arrays: shuffle together, never apart\n// one-hot labels → 'categoricalCrossentropy'; integer ids → 'sparseCategoricalCrossentropy'",
  } as Fix,
  residual: { title: 'Use ReLU with He init, batch normalization, or residual connections in deep stacks', code: "tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal' }), tf.layers.batchNormalization()," } as Fix,
  findNaN: { title: 'Find and remove (or impute) the NaN/Infinity values in the data', code: 'const bad = tf.logicalNot(tf.isFinite(x)).any(1);  // rows with a non-finite value\nconst keep = await tf.whereAsync(bad.logicalNot());' } as Fix,
  earlyStopping: { title: 'Stop at the best validation epoch', code: "await model.fit(x, y, { validationSplit: 0.2, callbacks: [doctor, tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 3 })] })" } as Fix,
  shuffleBeforeSplit: {
    title: 'Shuffle before splitting: fit takes the validationSplit from the end of x, before it shuffles',
    code: "const idx = tf.util.createShuffledIndices(n);\nconst xs = tf.gather(x, new Int32Array(idx)), ys = tf.gather(y, new Int32Array(idx));\nawait model.fit(xs, ys, { validationSplit: 0.2, shuffle: true })",
  } as Fix,
};
