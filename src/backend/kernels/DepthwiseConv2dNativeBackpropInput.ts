/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend (missing in tfjs-wasm).
 *
 * Math (NHWC, x[N, H, W, C], filter w[kh, kw, C, M], dy[N, outH, outW, C·M], channel c·M + m):
 *   dx[n, h, w, c] = Σ_m Σ_{oh, ow, i, j : oh·s − p_top + i·d = h, ow·s − p_left + j·d = w}
 *                       dy[n, oh, ow, c·M + m] · w[i, j, c, m]
 * Per output channel this is the transposed conv of conv-geometry.ts, so:
 *   t  = depthwiseConv2d(dyLaidOut, flip_ij(w) reshaped to [kh, kw, C·M, 1], stride 1, dilation d)
 *   dx = Σ_m t viewed as [N, H, W, C, M]   (no sum when M = 1)
 */
import * as tf from '@tensorflow/tfjs-core';
import { convInfoFor, readConvAttrs } from './conv-geometry';
import { layOutGradientForTransposedConv } from './Conv2DBackpropInput';
import { reshaped, withScope, type KernelArgs, type WasmBackendLike } from './wasm-kernel-scope';

function depthwiseConv2dNativeBackpropInput({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const convAttrs = readConvAttrs('DepthwiseConv2dNativeBackpropInput', attrs);
  const inputShape = (attrs as { inputShape: number[] }).inputShape;
  const info = convInfoFor(inputShape, filter.shape, convAttrs, true);
  const [filterHeight, filterWidth, channels, multiplier] = filter.shape;

  return withScope(backend as WasmBackendLike, (scope) => {
    const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
    const perChannelFilter = reshaped(flipped, [filterHeight, filterWidth, channels * multiplier, 1]);
    const { laidOut, pad } = layOutGradientForTransposedConv(scope, dy, info);
    const perOutputChannel = scope.run(
      'DepthwiseConv2dNative',
      { x: laidOut, filter: perChannelFilter },
      { strides: [1, 1], pad, dilations: [info.dilationHeight, info.dilationWidth], dataFormat: 'NHWC' },
    );
    if (multiplier === 1) return perOutputChannel;
    const [batch, height, width] = inputShape;
    return scope.run(
      'Sum',
      { x: reshaped(perOutputChannel, [batch, height, width, channels, multiplier]) },
      { axis: [4], keepDims: false },
    );
  });
}

export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput,
};
