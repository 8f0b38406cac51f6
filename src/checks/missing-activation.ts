/**
 * missing_activation — two or more Dense/Conv layers in a row with a linear activation and nothing
 * non-linear between them: their composition is a single linear map, so the extra layer adds
 * parameters but no expressive power (and a linear hidden layer under a linear output means the
 * whole network is a linear model).
 *
 * Rule, on the model summary (judged before and during fit): walking each linear Dense/Conv layer's
 * input back through shape-only or affine layers (Flatten, Reshape, Dropout, BatchNormalization,
 * average pooling, padding, a linear Activation), it reaches another linear Dense/Conv layer →
 * warning, naming the first layer of the longest such run. Max pooling and any non-linear activation
 * break the run. Source: any linear-algebra text (W₂(W₁x + b₁) + b₂ is affine); Goodfellow et al.,
 * "Deep Learning" §6.1.
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

const isLinearWeighted = (l: LayerSummary) => WEIGHTED.has(l.className) && (l.activation ?? 'linear') === 'linear';
const isTransparent = (l: LayerSummary) => TRANSPARENT.has(l.className) || (l.className === 'Activation' && l.activation === 'linear');

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
    const runOf = new Map<number, string[]>();
    let longest: string[] = [];
    layers.forEach((l, i) => {
      if (!isLinearWeighted(l)) return;
      let p = feeder(i);
      while (p >= 0 && isTransparent(layers[p])) p = feeder(p);
      const run = p >= 0 && runOf.has(p) ? [...runOf.get(p)!, l.name] : [l.name];
      runOf.set(i, run);
      if (run.length > longest.length) longest = run;
    });
    if (longest.length < 2) return [];
    return [{ code: 'missing_activation', severity: 'warning', ...now(record), layer: longest[0], evidence: { layers: longest.join(' → '), count: longest.length } }];
  },
};
