import * as tf from '@tensorflow/tfjs-core';
import { CHANNELS, IMAGE_SIZE } from './constants';
import type { DecodedDataset } from './read-batches';
import type { DecodedSplit } from './records';

/** One split: images NHWC float32 `[n, 32, 32, 3]`, labels int32 `[n]` with values 0–9. */
// A type alias, not an interface, so a split is a tf.TensorContainer: `tf.dispose(data.train)` type-checks.
export type Cifar10Split = {
  x: tf.Tensor4D;
  y: tf.Tensor1D;
};

/** What {@link loadCifar10} returns. Free the tensors with `tf.dispose([data.train, data.test])` when done. */
export interface Cifar10Dataset {
  train: Cifar10Split;
  test: Cifar10Split;
  /** Names in label order. */
  classNames: string[];
  /** The URL or absolute path the data came from, or `'bundled-subset'`. */
  source: string;
}

export function toTensors(split: DecodedSplit): Cifar10Split {
  return {
    x: tf.tensor4d(split.pixels, [split.count, IMAGE_SIZE, IMAGE_SIZE, CHANNELS], 'float32'),
    y: tf.tensor1d(split.labels, 'int32'),
  };
}

export function toDataset(decoded: DecodedDataset, source: string): Cifar10Dataset {
  return { train: toTensors(decoded.train), test: toTensors(decoded.test), classNames: decoded.classNames, source };
}
