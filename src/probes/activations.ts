/**
 * Activation statistics of every layer on the fixed probe batch, in inference mode: `predict` on a
 * functional view of the model that shares its weights, so BatchNorm statistics are not updated and
 * dropout draws no random numbers — training is untouched. All statistics are reduced on the backend
 * into one tensor, read back once (`start` leaves the read to the caller: during fit it joins the step's
 * other reads in one `await`; `measure` reads at once).
 *
 * The view (`tf.model({inputs, outputs: layer outputs})`) shares the user's weights: it is never
 * disposed (that would dispose them).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { layerNodeIn, type ModelSummary } from '../model-info';
import type { ActivationStats, InputStats, OutputStats } from '../record';
import { readNow, type PendingRead } from './reads';

/** The backend epsilon assumed when a summary has none (cpu and wasm; webgl's is 1e-4). */
export const DEFAULT_EPSILON = 1e-7;

/**
 * tfjs clips probabilities to [ε, 1 − ε] in its cross-entropies, ε being the backend's epsilon (the
 * summary records it); beyond that the gradient is zero.
 */
export const probabilityClip = (summary: Pick<ModelSummary, 'epsilon'>): number =>
  summary.epsilon > 0 ? summary.epsilon : DEFAULT_EPSILON;

export interface ActivationMeasurement {
  layers: Record<string, ActivationStats>;
  output?: OutputStats;
  input?: InputStats;
}

const ACT_FIELDS = 5; // mean, std, zeroFraction, deadUnitFraction, absMax

/**
 * Layers that only move, pool or drop values: their statistics repeat the layer before them, so during
 * training they are not measured (every measured layer costs a dozen small ops on every probe).
 */
const STRUCTURAL = /^(MaxPooling[123]D|AveragePooling[123]D|GlobalAveragePooling[12]D|GlobalMaxPooling[12]D|Flatten|Reshape|Permute|RepeatVector|Dropout|SpatialDropout1D|GaussianNoise|GaussianDropout|AlphaDropout|ZeroPadding2D|Cropping2D|UpSampling2D|Masking)$/;

export interface ActivationProbeOptions {
  /** Measure pooling, reshaping and dropout layers too (checkup does; its cost does not repeat). */
  structuralLayers?: boolean;
}

/** The layer's (first) output in the watched model's graph: shared layers and nested models have several. */
function firstOutputOf(model: LayersModel, layer: tfl.layers.Layer): SymbolicTensor | null {
  return layerNodeIn(model, layer)?.outputTensors?.[0] ?? null;
}

export class ActivationProbe {
  private readonly view: LayersModel | null;
  private readonly names: string[];
  /** Layers the probe could not tap, with the reason: reported as `probe_failed` info. */
  readonly skipped: { layer: string; reason: string }[] = [];
  private readonly outputIndex: number;

  private readonly units: number[] = [];
  private inputCache: { tensor: tf.Tensor; stats: InputStats } | null = null;

  constructor(private readonly inner: LayersModel, private readonly summary: ModelSummary, options: ActivationProbeOptions = {}) {
    const outputs: SymbolicTensor[] = [];
    this.names = [];
    const outputLayer = inner.outputLayers?.[0];
    for (const layer of inner.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      if (!options.structuralLayers && STRUCTURAL.test(layer.getClassName()) && layer !== outputLayer) continue;
      const out = firstOutputOf(inner, layer);
      if (!out) {
        this.skipped.push({ layer: layer.name, reason: 'the layer has no single symbolic output' });
        continue;
      }
      outputs.push(out);
      this.names.push(layer.name);
      const shape = out.shape;
      this.units.push(shape.length > 1 ? (shape[shape.length - 1] as number) : 1);
    }
    this.outputIndex = outputLayer ? this.names.indexOf(outputLayer.name) : this.names.length - 1;
    this.view = outputs.length ? tfl.model({ inputs: inner.inputs, outputs }) : null;
  }

  /** Measures now (one `dataSync`). */
  measure(xs: tf.Tensor[], ys?: tf.Tensor[]): ActivationMeasurement {
    return readNow(this.start(xs, ys));
  }

  /**
   * Issues the probe's ops now; the caller reads the one packed tensor (and so frees it). The tensor is
   * kept out of any tidy the caller runs in (fit's step), to be read after it.
   */
  start(xs: tf.Tensor[], ys?: tf.Tensor[]): PendingRead<ActivationMeasurement> {
    if (!this.view) return { tensors: [], owned: false, decode: () => ({ layers: {} }) };
    const view = this.view;
    let outputFields = 0;
    // The probe batch is fixed for a run, so its input statistics are computed once.
    const cached = this.inputCache?.tensor === xs[0] ? this.inputCache.stats : undefined;
    const packed = tf.keep(tf.tidy(() => {
      // One batch: predict would otherwise split the probe batch into batches of 32 and concatenate them again.
      const predicted = view.predict(xs.length === 1 ? xs[0] : xs, { batchSize: xs[0].shape[0] }) as tf.Tensor | tf.Tensor[];
      const acts = Array.isArray(predicted) ? predicted : [predicted];
      const parts: tf.Tensor[] = acts.map((a) => activationStats(a));
      const outputAct = acts[this.outputIndex];
      const outputPart = outputAct ? outputStats(outputAct, ys?.[0], this.summary) : null;
      if (outputPart) {
        parts.push(outputPart);
        outputFields = outputPart.size;
      }
      if (!cached) parts.push(inputStats(xs[0]));
      return tf.concat(parts.map((p) => tf.reshape(p, [-1])));
    }));
    return { tensors: [packed], owned: true, decode: ([values]) => this.decode(values, outputFields, cached, xs[0], ys?.[0] !== undefined) };
  }

  private decode(values: ArrayLike<number>, outputFields: number, cached: InputStats | undefined, x: tf.Tensor, hasLabels: boolean): ActivationMeasurement {
    const layers: Record<string, ActivationStats> = {};
    this.names.forEach((name, i) => {
      const o = i * ACT_FIELDS;
      const [mean, std] = [values[o], values[o + 1]];
      layers[name] = {
        mean, std, zeroFraction: values[o + 2], deadUnitFraction: values[o + 3], absMax: values[o + 4],
        units: this.units[i], nonFinite: Number.isFinite(mean) && Number.isFinite(std) ? 0 : 1,
      };
    });
    let offset = this.names.length * ACT_FIELDS;
    const output = outputFields
      ? decodeOutput(Array.from({ length: outputFields }, (_, i) => values[offset + i]), this.summary, hasLabels)
      : undefined;
    offset += outputFields;
    let input = cached;
    if (!input) {
      const at = (i: number) => values[offset + i];
      input = { min: at(0), max: at(1), mean: at(2), std: at(3), nonFinite: at(4) };
      this.inputCache = { tensor: x, stats: input };
    }
    return { layers, output, input };
  }
}

const f32 = (t: tf.Tensor) => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));
const fraction = (mask: tf.Tensor) => tf.mean(f32(mask));

/** [mean, std, zeroFraction, deadUnitFraction, absMax]: a dozen small ops, read back with everything else. */
function activationStats(a: tf.Tensor): tf.Tensor {
  const units = a.rank > 1 ? a.shape[a.rank - 1] : 1;
  const flat = tf.reshape(f32(a), [-1, units]);
  const { mean, variance } = tf.moments(flat);
  const unitMax = tf.max(flat, 0);
  const zeroFraction = fraction(tf.lessEqual(flat, 0));
  const deadUnitFraction = fraction(tf.lessEqual(unitMax, 0));
  const absMax = tf.maximum(tf.max(unitMax), tf.neg(tf.min(flat)));
  return tf.stack([mean, tf.sqrt(variance), zeroFraction, deadUnitFraction, absMax]);
}

/** min, max, mean, std over the finite values of x, and the count of NaN/±Infinity, packed in one tensor. */
export function inputStats(x: tf.Tensor): tf.Tensor {
  const flat = tf.reshape(f32(x), [-1]);
  const finite = tf.isFinite(flat);
  const clean = tf.where(finite, flat, tf.zerosLike(flat));
  const { mean, variance } = tf.moments(clean);
  return tf.stack([tf.min(clean), tf.max(clean), mean, tf.sqrt(variance), tf.sum(f32(tf.logicalNot(finite)))]);
}

function outputsProbabilities(summary: ModelSummary): boolean {
  return !summary.lossOnLogits && (summary.outputActivation === 'softmax' || summary.outputActivation === 'sigmoid');
}

/** [saturatedFraction, accuracy?, noGradientFraction?, ...labelPrior?] for classification outputs. */
function outputStats(out: tf.Tensor, y: tf.Tensor | undefined, summary: ModelSummary): tf.Tensor | null {
  const probs = outputsProbabilities(summary);
  const clip = probabilityClip(summary);
  if (summary.task === 'multiclass' && out.rank === 2 && out.shape[1]! > 1) {
    const classes = out.shape[1]!;
    const saturated = probs ? fraction(tf.greaterEqual(tf.max(out, 1), 1 - clip)) : tf.scalar(0);
    if (!y) return tf.stack([saturated]);
    const oneHot =
      y.rank === 2 && y.shape[1] === classes ? f32(y) : f32(tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), classes));
    const accuracy = fraction(tf.equal(tf.argMax(out, 1), tf.argMax(oneHot, 1)));
    const trueProb = tf.sum(tf.mul(out, oneHot), 1);
    const noGrad = probs ? fraction(tf.lessEqual(trueProb, clip)) : tf.scalar(0);
    return tf.concat([tf.stack([saturated, accuracy, noGrad]), tf.mean(oneHot, 0)]);
  }
  if (summary.task === 'binary' && out.size === out.shape[0]) {
    const p = summary.lossOnLogits ? tf.sigmoid(tf.reshape(out, [-1])) : tf.reshape(out, [-1]);
    const pinnedHigh = tf.greaterEqual(p, 1 - clip);
    const pinnedLow = tf.lessEqual(p, clip);
    const saturated = probs ? fraction(tf.logicalOr(pinnedHigh, pinnedLow)) : tf.scalar(0);
    if (!y) return tf.stack([saturated]);
    const label = tf.reshape(f32(y), [-1]);
    const positive = tf.greater(label, 0.5);
    const accuracy = fraction(tf.equal(tf.greater(p, 0.5), positive));
    // float32 branches: tfjs-backend-wasm 4.22's Select on bool values writes out of bounds (corrupts the heap).
    const noGrad = probs ? tf.mean(tf.where(positive, f32(pinnedLow), f32(pinnedHigh))) : tf.scalar(0);
    const share = tf.mean(label);
    return tf.stack([saturated, accuracy, noGrad, tf.sub(1, share), share]);
  }
  return null;
}

function decodeOutput(v: number[], summary: ModelSummary, hasLabels: boolean): OutputStats {
  const probs = outputsProbabilities(summary);
  if (!hasLabels) return { saturatedFraction: v[0] };
  return {
    saturatedFraction: v[0],
    accuracy: v[1],
    noGradientFraction: probs ? v[2] : undefined,
    labelPrior: v.slice(3),
  };
}
