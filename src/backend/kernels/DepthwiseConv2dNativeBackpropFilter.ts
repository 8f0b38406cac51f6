/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend (missing in tfjs-wasm).
 *
 * Math (NHWC, x[N, H, W, C], dy[N, outH, outW, C·M], filter w[kh, kw, C, M]):
 *   dw[i, j, c, m] = Σ_{n, oh, ow} x[n, oh·s − p_top + i·d, ow·s − p_left + j·d, c] · dy[n, oh, ow, c·M + m]
 * Fold the batch into the channels so one depthwise conv does all (n, c) pairs at once:
 *   x'  = transpose(x, [1, 2, 0, 3]) viewed as [1, H, W, N·C]
 *   dy' = transpose(dy, [1, 2, 0, 3]) viewed as [outH, outW, N·C, M]   (the "filter")
 *   t   = depthwiseConv2d(x', dy', stride d, dilation s, x's padding)  → [1, kh, kw, N·C·M]
 *   dw  = Σ_n t viewed as [kh, kw, N, C·M], viewed as [kh, kw, C, M]
 */
import * as tf from '@tensorflow/tfjs-core';
import { convInfoFor, readConvAttrs } from './conv-geometry';
import { prepareInputForFilterGradient } from './Conv2DBackpropFilter';
import { reshaped, withScope, type KernelArgs, type WasmBackendLike } from './wasm-kernel-scope';

function depthwiseConv2dNativeBackpropFilter({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const convAttrs = readConvAttrs('DepthwiseConv2dNativeBackpropFilter', attrs);
  const filterShape = (attrs as { filterShape: number[] }).filterShape;
  const info = convInfoFor(x.shape, filterShape, convAttrs, true);
  const [batch, height, width, channels] = x.shape;
  const [filterHeight, filterWidth, , multiplier] = filterShape;
  const [, outHeight, outWidth] = dy.shape;

  return withScope(backend as WasmBackendLike, (scope) => {
    const xT = scope.run('Transpose', { x }, { perm: [1, 2, 0, 3] });
    const dyT = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const { input, pad } = prepareInputForFilterGradient(
      scope,
      reshaped(xT, [1, height, width, batch * channels]),
      info,
    );
    const perImage = scope.run(
      'DepthwiseConv2dNative',
      { x: input, filter: reshaped(dyT, [outHeight, outWidth, batch * channels, multiplier]) },
      {
        strides: [info.dilationHeight, info.dilationWidth],
        dilations: [info.strideHeight, info.strideWidth],
        pad,
        dataFormat: 'NHWC',
      },
    );
    const summed = scope.run(
      'Sum',
      { x: reshaped(perImage, [filterHeight, filterWidth, batch, channels * multiplier]) },
      { axis: [2], keepDims: false },
    );
    return reshaped(summed, filterShape);
  });
}

export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter,
};
