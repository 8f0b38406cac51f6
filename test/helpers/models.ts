/** Tiny real models, healthy and with one planted fault each. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Init = Parameters<typeof tfl.layers.dense>[0]['kernelInitializer'];

export function mlp(opts: {
  inputDim?: number;
  hidden?: number[];
  classes?: number;
  activation?: 'relu' | 'sigmoid' | 'tanh' | 'linear';
  kernelInitializer?: Init;
  biasInitializer?: Parameters<typeof tfl.layers.dense>[0]['biasInitializer'];
  outputActivation?: 'softmax' | 'linear' | 'sigmoid';
  outputInitializer?: Init;
  optimizer?: tf.Optimizer;
  loss?: string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);
  seed?: number;
} = {}): tfl.Sequential {
  const hidden = opts.hidden ?? [32, 32];
  const model = tfl.sequential();
  hidden.forEach((units, i) =>
    model.add(
      tfl.layers.dense({
        units,
        activation: opts.activation ?? 'relu',
        inputShape: i === 0 ? [opts.inputDim ?? 8] : undefined,
        kernelInitializer: opts.kernelInitializer ?? tfl.initializers.heNormal({ seed: (opts.seed ?? 7) + i }),
        biasInitializer: opts.biasInitializer,
        name: `hidden${i + 1}`,
      }),
    ),
  );
  model.add(
    tfl.layers.dense({
      units: opts.classes ?? 3,
      activation: opts.outputActivation ?? 'softmax',
      kernelInitializer: opts.outputInitializer ?? tfl.initializers.glorotUniform({ seed: (opts.seed ?? 7) + 99 }),
      name: 'output',
    }),
  );
  model.compile({
    optimizer: opts.optimizer ?? tf.train.adam(1e-2),
    loss: opts.loss ?? 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

export function smallCnn(opts: {
  size?: number;
  filters?: number;
  kernelInitializer?: Init;
  biasInitializer?: Parameters<typeof tfl.layers.conv2d>[0]['biasInitializer'];
  optimizer?: tf.Optimizer;
  seed?: number;
} = {}): tfl.Sequential {
  const size = opts.size ?? 8;
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [size, size, 1],
        filters: opts.filters ?? 8,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: opts.kernelInitializer ?? tfl.initializers.heNormal({ seed: opts.seed ?? 3 }),
        biasInitializer: opts.biasInitializer,
        name: 'conv1',
      }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: (opts.seed ?? 3) + 1 }), name: 'fc1' }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: (opts.seed ?? 3) + 2 }), name: 'output' }),
    ],
  });
  model.compile({ optimizer: opts.optimizer ?? tf.train.adam(1e-2), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
