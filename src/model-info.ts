/**
 * A plain-data summary of the model: its layers, their kernels' scale against the textbook
 * initialisations, and what kind of task its loss and output imply (so checks know the chance level).
 * This and the probes are the only places that look inside tfjs models.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { CnnDoctorError } from './errors';

export type Task = 'multiclass' | 'binary' | 'multilabel' | 'regression' | 'unknown';

export interface KernelSummary {
  fanIn: number;
  fanOut: number;
  std: number;
  /** He (Kaiming) normal std √(2/fanIn): right for ReLU. */
  heStd: number;
  /** Glorot (Xavier) std √(2/(fanIn+fanOut)): tf.layers' default. */
  glorotStd: number;
  /** LeCun std √(1/fanIn): right for SELU/tanh-like. */
  lecunStd: number;
}

/** How far outside the initialisations we accept the kernel std may go: ×/÷ 4 beyond He … LeCun/Glorot. */
export const KERNEL_STD_BAND = 4;

/**
 * A kernel's scale against the textbook initialisations: the std its layer should start near (He for
 * ReLU layers, Glorot otherwise), how many times off it is, and whether it lies outside the band
 * [min(Glorot, LeCun)/4, 4 × max(He, Glorot)]. bad_init, the checkup table and the HTML report all use this.
 */
export function kernelScale(layer: { isRelu: boolean; kernel?: KernelSummary }): { expected: number; ratio: number; off: number; outside: boolean } | undefined {
  const k = layer.kernel;
  if (!k || !(k.std > 0)) return undefined;
  const expected = layer.isRelu ? k.heStd : k.glorotStd;
  const lo = Math.min(k.glorotStd, k.lecunStd) / KERNEL_STD_BAND;
  const hi = Math.max(k.heStd, k.glorotStd) * KERNEL_STD_BAND;
  const ratio = k.std / expected;
  return { expected, ratio, off: Math.max(ratio, 1 / ratio), outside: k.std < lo || k.std > hi };
}

export interface LayerSummary {
  name: string;
  className: string;
  /** The activation applied to this layer's output ('relu', 'softmax', 'linear', …), when it has one. */
  activation?: string;
  /** True when the layer's output passes through a plain ReLU (so units can die). */
  isRelu: boolean;
  outputShape: (number | null)[] | null;
  params: number;
  /** Names of the tf.Variables of this layer's trainable weights. */
  trainableWeights: string[];
  kernel?: KernelSummary;
  /** Names of the layers feeding this one (its first inbound node). Absent in hand-written summaries. */
  inbound?: string[];
  /** The drop rate of a Dropout-family layer. */
  rate?: number;
}

export interface ModelSummary {
  name: string;
  layers: LayerSummary[];
  task: Task;
  numClasses?: number;
  /** The loss as the user named it (or the function's name). */
  loss: string;
  /** True when the loss takes logits (tf.losses.softmaxCrossEntropy): no probability clipping. */
  lossOnLogits: boolean;
  outputActivation?: string;
  optimizer: string;
  totalParams: number;
  /** Parameters fit can change (0 when every layer is frozen). */
  trainableParams: number;
  /**
   * The backend's epsilon, which tfjs's probability losses clip to: [ε, 1 − ε]. 1e-7 on cpu and wasm,
   * 1e-4 on webgl; a clipped sample costs −ln ε (16.1 or 9.21) and gets no gradient.
   */
  epsilon: number;
  inputShapes: (number | null)[][];
}

/** A Sequential wraps an inner functional model; fit, layers with an InputLayer, and losses live there. */
export function innerModel(model: LayersModel): LayersModel {
  const inner = (model as unknown as { model?: LayersModel }).model;
  return inner && typeof inner === 'object' && 'layers' in inner ? inner : model;
}

/** Fail early, with the fix, on models that cannot be trained as given. */
export function assertTrainable(model: unknown): LayersModel {
  const m = model as LayersModel | null;
  const looksLikeModel =
    !!m && typeof m === 'object' && Object.getPrototypeOf(m) !== Object.prototype && Array.isArray(m.layers) &&
    ['fit', 'compile', 'predict', 'getLayer'].every((k) => typeof (m as unknown as Record<string, unknown>)[k] === 'function');
  if (!looksLikeModel) {
    throw new CnnDoctorError('not_a_layers_model', `diagnose() needs a tf.LayersModel (tf.sequential() or tf.model()), got ${describeNonModel(model)}.`, 'pass the model you call fit() on');
  }
  const inner = innerModel(m);
  if (!inner.optimizer || !(inner as unknown as { lossFunctions?: unknown[] }).lossFunctions) {
    throw new CnnDoctorError(
      'model_not_compiled',
      `model "${m.name}" is not compiled, so there is no loss or optimizer to watch.`,
      "call model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] }) before diagnose(model)",
    );
  }
  const disposed = inner.weights.some((w) => {
    try {
      return (w.read() as tf.Variable).isDisposed;
    } catch {
      return true; // tfjs throws "LayersVariable … is already disposed"
    }
  });
  if (disposed) {
    throw new CnnDoctorError('model_disposed', `model "${m.name}" has been disposed.`, 'build (or load) the model again, then call diagnose(model)');
  }
  return m;
}

function describeNonModel(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (v instanceof tf.Tensor) return `a tf.Tensor of shape [${v.shape.join(', ')}]`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v !== 'object') return `a ${typeof v}`;
  return Object.getPrototypeOf(v) === Object.prototype ? 'a plain object' : `an instance of ${(v as object).constructor?.name || 'an unknown class'}`;
}

const CLASSIFICATION_LOSSES: Record<string, Task> = {
  categoricalCrossentropy: 'multiclass',
  sparseCategoricalCrossentropy: 'multiclass',
  softmaxCrossEntropy: 'multiclass',
  binaryCrossentropy: 'binary',
  sigmoidCrossEntropy: 'binary',
};
const LOGIT_LOSSES = new Set(['softmaxCrossEntropy', 'sigmoidCrossEntropy']);
const REGRESSION_LOSSES = new Set([
  'meanSquaredError', 'meanAbsoluteError', 'meanAbsolutePercentageError', 'meanSquaredLogarithmicError',
  'huberLoss', 'logcosh', 'absoluteDifference', 'mse', 'mae', 'mape', 'msle', 'MSE', 'MAE', 'cosineProximity',
]);

function firstLoss(inner: LayersModel): unknown {
  const loss = (inner as unknown as { loss: unknown }).loss;
  return Array.isArray(loss) ? loss[0] : loss && typeof loss === 'object' ? Object.values(loss)[0] : loss;
}

/** 'categoricalCrossentropy$2' and 'softmaxCrossEntropy__op' both name their loss before the suffix. */
function lossName(loss: unknown): string {
  const raw = typeof loss === 'string' ? loss : typeof loss === 'function' ? loss.name : 'unknown';
  return raw.replace(/__op$/, '').replace(/\$\d+$/, '') || 'custom';
}

/**
 * Recognise a custom loss function by what it computes: a softmax cross-entropy on logits gives
 * exactly ln C for all-zero logits; a cross-entropy on probabilities gives ln C for uniform
 * probabilities; on one unit, categorical cross-entropy is 0 for every prediction.
 * `(a, b) => tf.losses.softmaxCrossEntropy(a, b)` has no telling name, but this works.
 */
function identifyCustomLoss(loss: unknown, units: number | null): string | undefined {
  if (typeof loss !== 'function' || units === null || units < 1) return undefined;
  const fn = loss as (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
  const valueAt = (prediction: number) => {
    const target = () => (units === 1 ? tf.ones([1, 1]) : tf.oneHot(tf.tensor1d([0], 'int32'), units));
    const t = tf.tidy(() => tf.mean(fn(target(), tf.fill([1, units], prediction))));
    const v = t.dataSync()[0];
    t.dispose();
    return v;
  };
  const lnC = Math.log(units);
  try {
    // One unit: categorical cross-entropy divides the output by itself, so its loss is −ln(1 − ε) ≈ 0
    // whatever the prediction (keras-team/keras#17029); a loss for one unit (binary cross-entropy, MSE) is
    // not (at 0.3 and 0.7 both are ≥ 0.09).
    if (units === 1) return [0.3, 0.7].every((p) => Math.abs(valueAt(p)) < 1e-3) ? 'categoricalCrossentropy' : undefined;
    if (Math.abs(valueAt(0) - lnC) < 1e-4) return 'softmaxCrossEntropy';
    if (Math.abs(valueAt(1 / units) - lnC) < 1e-4) return 'categoricalCrossentropy';
  } catch {
    // a loss that cannot take this probe (other shapes, sparse labels): stay 'custom'
  }
  return undefined;
}

/** The parts of a tfjs `Node` (one application of a layer) that the doctor reads. */
export interface LayerNode {
  inboundLayers?: { name: string }[];
  outputTensors?: SymbolicTensor[];
  outputShapes?: unknown;
}

/**
 * The first application of `layer` inside `model`'s graph. A layer has one inbound node per call: a
 * layer applied twice has two, and a layer (or nested model) that also belongs to another graph — a
 * Sequential used as a block, a base model's layers reused for transfer learning — has nodes that are
 * not this model's; `layer.output` throws for all of them. tfjs keys the nodes of a graph as
 * `${layer.name}_ib-${index}` in the container's `containerNodes`.
 */
export function layerNodeIn(model: LayersModel, layer: unknown): LayerNode | undefined {
  const l = layer as { name: string; inboundNodes?: LayerNode[] };
  const nodes = l.inboundNodes ?? [];
  const inGraph = (model as unknown as { containerNodes?: unknown }).containerNodes;
  if (inGraph instanceof Set) {
    const i = nodes.findIndex((_, index) => inGraph.has(`${l.name}_ib-${index}`));
    if (i >= 0) return nodes[i];
  }
  return nodes[0];
}

/** The layers feeding `layer` in its first use (graph edges, so checks can walk functional models too). */
function inboundOf(model: LayersModel, layer: unknown): string[] | undefined {
  const from = layerNodeIn(model, layer)?.inboundLayers;
  return Array.isArray(from) ? from.map((l) => l.name) : undefined;
}

/** Dropout, SpatialDropout1D/2D, AlphaDropout and GaussianDropout all keep their rate in `rate`. */
function dropoutRateOf(layer: unknown): number | undefined {
  const l = layer as { rate?: unknown; getClassName(): string };
  return /Dropout/.test(l.getClassName()) && typeof l.rate === 'number' ? l.rate : undefined;
}

function activationOf(layer: unknown): string | undefined {
  const l = layer as { activation?: { getClassName?: () => string }; getClassName(): string };
  const className = l.getClassName();
  if (className === 'ReLU') return 'relu';
  if (className === 'Softmax') return 'softmax';
  if (className === 'LeakyReLU') return 'leakyRelu';
  if (className === 'ELU') return 'elu';
  return l.activation?.getClassName?.();
}

const INIT_CHECKED = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'SeparableConv2D']);

function kernelSummary(layer: { getClassName(): string; trainableWeights: { name: string; shape: number[]; read(): tf.Tensor }[] }): KernelSummary | undefined {
  if (!INIT_CHECKED.has(layer.getClassName())) return undefined;
  const kernel = layer.trainableWeights.find((w) => /(^|\/)kernel(_\d+)?$/.test(w.name));
  if (!kernel || kernel.shape.length < 2) return undefined;
  const shape = kernel.shape;
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const fanIn = receptive * shape[shape.length - 2];
  const fanOut = receptive * shape[shape.length - 1];
  const variance = tf.tidy(() => tf.moments(kernel.read()).variance);
  const std = Math.sqrt(variance.dataSync()[0]);
  variance.dispose();
  return {
    fanIn,
    fanOut,
    std,
    heStd: Math.sqrt(2 / fanIn),
    glorotStd: Math.sqrt(2 / (fanIn + fanOut)),
    lecunStd: Math.sqrt(1 / fanIn),
  };
}

function outputShapeOf(model: LayersModel, layer: { outputShape: unknown }): (number | null)[] | null {
  let s: unknown;
  try {
    s = layer.outputShape;
  } catch {
    s = layerNodeIn(model, layer)?.outputShapes; // a shared layer or nested model: its shape in this graph
  }
  // A layer with several outputs (an RNN returning its state): the first one.
  if (Array.isArray(s) && Array.isArray(s[0])) s = s[0];
  return Array.isArray(s) ? (s as (number | null)[]) : null;
}

function inferTask(loss: string, outputActivation: string | undefined, units: number | null): Task {
  if (REGRESSION_LOSSES.has(loss)) return 'regression';
  const byLoss = CLASSIFICATION_LOSSES[loss];
  if (byLoss === 'binary' && units !== null && units > 1) return 'multilabel';
  if (byLoss) return byLoss;
  if (outputActivation === 'softmax') return 'multiclass';
  return 'unknown';
}

/** Summarise a compiled model. Reads kernel weights once (to judge their scale), so call it before training. */
export function summarizeModel(model: LayersModel, numClassesOverride?: number): ModelSummary {
  const inner = innerModel(model);
  const layers: LayerSummary[] = inner.layers
    .filter((l) => l.getClassName() !== 'InputLayer')
    .map((l) => {
      const activation = activationOf(l);
      return {
        name: l.name,
        className: l.getClassName(),
        activation,
        isRelu: activation === 'relu' || activation === 'relu6',
        outputShape: outputShapeOf(inner, l),
        params: l.countParams(),
        trainableWeights: l.trainableWeights.map((w) => w.name),
        kernel: kernelSummary(l as never),
        inbound: inboundOf(inner, l),
        rate: dropoutRateOf(l),
      };
    });
  const outputLayer = inner.outputLayers?.[0] ?? inner.layers[inner.layers.length - 1];
  // Several outputs: the summary describes the first (task, loss, activation), so it is listed last,
  // where readers of the summary look for the output layer — unless another layer consumes it.
  const at = layers.findIndex((l) => l.name === outputLayer.name);
  if (inner.outputs.length > 1 && at >= 0 && !layers.some((l) => l.inbound?.includes(outputLayer.name))) {
    layers.push(...layers.splice(at, 1));
  }
  const outputActivation = activationOf(outputLayer);
  const outShape = inner.outputs[0].shape;
  const units = outShape.length > 1 ? (outShape[outShape.length - 1] as number | null) : null;
  const userLoss = firstLoss(inner);
  const named = lossName(userLoss);
  const loss = CLASSIFICATION_LOSSES[named] || REGRESSION_LOSSES.has(named) ? named : identifyCustomLoss(userLoss, units) ?? named;
  const task = inferTask(loss, outputActivation, units);
  let numClasses: number | undefined = numClassesOverride;
  if (numClasses === undefined && task === 'multiclass' && units !== null && units > 1) numClasses = units;
  if (numClasses === undefined && task === 'binary') numClasses = 2;
  return {
    name: model.name,
    layers,
    task,
    numClasses,
    loss,
    lossOnLogits: LOGIT_LOSSES.has(loss),
    outputActivation,
    optimizer: inner.optimizer?.getClassName?.() ?? 'unknown',
    totalParams: inner.countParams(),
    trainableParams: inner.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0),
    epsilon: tf.backend().epsilon(),
    inputShapes: inner.inputs.map((i) => i.shape),
  };
}
