/**
 * Light data augmentation for the fixed model's full CIFAR-10 runs, as a dataset for `fitDataset`:
 * each epoch reshuffles, and each batch is randomly flipped left-right per image and shifted by up to
 * 4 pixels (one shift per batch, zero padding). Standard for CIFAR-10; worth several points of test
 * accuracy once a CNN starts to overfit.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AugmentedBatches {
  /** The object `model.fitDataset` iterates. */
  dataset: { iterator(): Promise<{ next(): Promise<{ done: boolean; value: { xs: tf.Tensor4D; ys: tf.Tensor2D } | null }> }> };
  batchesPerEpoch: number;
}

export function augmentedBatches(x: tf.Tensor4D, y: tf.Tensor2D, batchSize: number, random: () => number = Math.random): AugmentedBatches {
  const n = x.shape[0];
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const [height, width] = [x.shape[1], x.shape[2]];
  const batch = (indices: Int32Array) =>
    tf.tidy(() => {
      const idx = tf.tensor1d(indices, 'int32');
      const images = tf.gather(x, idx) as tf.Tensor4D;
      const flipMask = tf.reshape(tf.tensor1d(Array.from(indices, () => (random() < 0.5 ? 1 : 0)), 'bool'), [-1, 1, 1, 1]);
      const flipped = tf.where(flipMask, tf.reverse(images, 2), images);
      const dy = Math.floor(random() * 9);
      const dx = Math.floor(random() * 9);
      const shifted = tf.slice(tf.pad(flipped, [[0, 0], [4, 4], [4, 4], [0, 0]]), [0, dy, dx, 0], [-1, height, width, -1]);
      return { xs: shifted as tf.Tensor4D, ys: tf.gather(y, idx) as tf.Tensor2D };
    });
  const dataset = {
    async iterator() {
      const order = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      let at = 0;
      return {
        async next() {
          if (at >= n) return { done: true, value: null };
          const indices = order.subarray(at, Math.min(n, at + batchSize));
          at += batchSize;
          return { done: false, value: batch(indices) };
        },
      };
    },
  };
  return { dataset, batchesPerEpoch };
}
