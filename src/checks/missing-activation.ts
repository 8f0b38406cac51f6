/**
 * missing_activation — a Dense/Conv layer with a linear activation feeds another Dense/Conv layer with
 * nothing non-linear between them: W₂(W₁x + b₁) + b₂ is one affine map, so the first layer adds
 * parameters but no expressive power, whatever the second layer's activation. The usual cause:
 * Dense and Conv layers default to `activation: 'linear'` in tf.layers, so a forgotten
 * `activation: 'relu'` leaves a hidden layer linear — "Dense(64) → Dense(10, softmax)" is then a
 * linear classifier with extra steps.
 *
 * Rule, on the model summary (judged before and during fit): walking each Dense/Conv layer's input
 * back through shape-only or affine layers (Flatten, Reshape, Dropout, BatchNormalization, average
 * pooling, padding, a linear Activation), it reaches a linear Dense/Conv layer → warning, naming the
 * first layer of the longest such chain. Max pooling and any non-linear activation break the chain.
 * Two deliberate linear factorisations are exempt: a linear *bottleneck* (narrower than both its
 * input and the next layer, as in MobileNetV2's projection — a low-rank factorisation) and a
 * DepthwiseConv2D (depthwise-then-pointwise is a separable convolution).
 * Sources: any linear-algebra text (a composition of affine maps is affine); Goodfellow et al.,
 * "Deep Learning" §6.1; Sandler et al., "MobileNetV2" (2018) for linear bottlenecks.
 * Measured: the generated zoo's missing-activation families (bench/zoo/families) — the rule used to need
 * *both* layers linear and missed a linear hidden layer under a softmax output or a ReLU conv.
 */
import type { LayerSummary } from '../model-info';
import type { Check } from './check';
import { now } from './check';

const WEIGHTED = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D']);
const TRANSPARENT = new Set([
  'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'AlphaDropout',
  'GaussianDropout', 'GaussianNoise', 'BatchNormalization', 'LayerNormalization', 'AveragePooling1D', 'AveragePooling2D',
  'AveragePooling3D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'ZeroPadding2D', 'Cropping2D', 'UpSampling2D',
]);

const isLinear = (l: LayerSummary) => (l.activation ?? 'linear') === 'linear';
const isTransparent = (l: LayerSummary) => TRANSPARENT.has(l.className) || (l.className === 'Activation' && l.activation === 'linear');
/** Output channels (units or filters): the last dimension of the output. */
const widthOf = (l: LayerSummary) => l.outputShape?.[l.outputShape.length - 1] ?? NaN;
/** Input channels of a Dense/Conv layer from its kernel's fans: fanIn = cin·k, fanOut = cout·k. */
const inputWidthOf = (l: LayerSummary) => (l.kernel && l.kernel.fanOut > 0 ? (l.kernel.fanIn * widthOf(l)) / l.kernel.fanOut : NaN);

/** A linear layer that collapses into `next`: not a low-rank bottleneck, not a depthwise layer. */
function collapses(linear: LayerSummary, next: LayerSummary): boolean {
  if (linear.className === 'DepthwiseConv2D') return false;
  const w = widthOf(linear);
  const bottleneck = w < inputWidthOf(linear) && w < widthOf(next);
  return !bottleneck;
}

export const missingActivation: Check<'missing_activation'> = {
  code: 'missing_activation',
  run(record) {
    const layers = record.model.layers;
    const byName = new Map(layers.map((l) => [l.name, l]));
    /** The single layer feeding `i`: its recorded inbound layer, or the previous one in a hand-written summary. */
    const feeder = (i: number): number => {
      const l = layers[i];
      if (l.inbound) {
        if (l.inbound.length !== 1) return -1;
        const from = byName.get(l.inbound[0]);
        return from ? layers.indexOf(from) : -1;
      }
      return i - 1;
    };
    /** For each linear weighted layer: the chain of collapsing layers that ends in it. */
    const chainTo = new Map<number, string[]>();
    let longest: string[] = [];
    layers.forEach((l, i) => {
      if (!WEIGHTED.has(l.className)) return;
      let p = feeder(i);
      while (p >= 0 && isTransparent(layers[p])) p = feeder(p);
      const from = p >= 0 && chainTo.has(p) && collapses(layers[p], l) ? chainTo.get(p)! : [];
      const chain = [...from, l.name];
      if (isLinear(l)) chainTo.set(i, chain);
      if (chain.length > longest.length) longest = chain;
    });
    if (longest.length < 2) return [];
    return [{ code: 'missing_activation', severity: 'warning', ...now(record), layer: longest[0], evidence: { layers: longest.join(' → '), count: longest.length } }];
  },
};
