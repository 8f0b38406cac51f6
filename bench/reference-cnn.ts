/**
 * The reference CIFAR-10 conv net used to benchmark cnn-doctor's wasm training kernels (and
 * reused by the worked example): five 3×3 convs (32-32-64-64-128), each followed by
 * BatchNorm and ReLU, two max-pools, global average pooling and a softmax dense layer.
 * ~0.29 M parameters; ~40 MFLOP forward per 32×32×3 image.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export interface ReferenceCnnOptions {
  inputShape?: [number, number, number];
  classes?: number;
  learningRate?: number;
  /** Seeds the kernel initialisers so two builds start from the same weights. */
  seed?: number;
}

function convBnRelu(model: tfl.Sequential, filters: number, seed: number | undefined, inputShape?: number[]): void {
  model.add(
    tfl.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      // BatchNorm's offset makes a conv bias redundant.
      useBias: false,
      kernelInitializer: tfl.initializers.heNormal({ seed }),
      ...(inputShape ? { inputShape } : {}),
    }),
  );
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
}

export function referenceCnn(options: ReferenceCnnOptions = {}): tfl.LayersModel {
  const { inputShape = [32, 32, 3], classes = 10, learningRate = 1e-3, seed } = options;
  const next = (offset: number): number | undefined => (seed == null ? undefined : seed + offset);
  const model = tfl.sequential();
  convBnRelu(model, 32, next(1), inputShape);
  convBnRelu(model, 32, next(2));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  convBnRelu(model, 64, next(3));
  convBnRelu(model, 64, next(4));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  convBnRelu(model, 128, next(5));
  model.add(tfl.layers.globalAveragePooling2d({}));
  model.add(
    tfl.layers.dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: next(6) }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Multiply-accumulate count ×2 of the convs and dense layers for one forward pass of one image. */
export function forwardFlopsPerImage(model: tfl.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className !== 'Conv2D' && className !== 'Dense') continue;
    const kernel = layer.getWeights()[0];
    const outShape = layer.outputShape as number[];
    // Output positions per image × (kernel size = inputs per output × outputs).
    const outputPositions = outShape.slice(1, -1).reduce((a, b) => a * b, 1);
    flops += 2 * outputPositions * kernel.size;
  }
  return flops;
}
