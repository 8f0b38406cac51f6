/** Every kernel cnn-doctor adds to (or replaces in) the tfjs wasm backend so tf.layers models can train on it. */
import type * as tf from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './Conv2DBackpropFilter';
import { conv2DBackpropInputConfig } from './Conv2DBackpropInput';
import { depthwiseConv2dNativeBackpropFilterConfig } from './DepthwiseConv2dNativeBackpropFilter';
import { depthwiseConv2dNativeBackpropInputConfig } from './DepthwiseConv2dNativeBackpropInput';
import { fusedBatchNormGradConfig } from './FusedBatchNormGrad';
import { maxPoolGradConfig } from './MaxPoolGrad';
import { tileConfig } from './Tile';
import { unsortedSegmentSumConfig } from './UnsortedSegmentSum';

export const wasmTrainingKernels: readonly tf.KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  unsortedSegmentSumConfig,
  tileConfig,
  maxPoolGradConfig,
  fusedBatchNormGradConfig,
];
