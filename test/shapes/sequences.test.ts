/** Recurrent layers on sequences and Embedding layers on integer tokens. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { rng } from '../helpers/data';
import { expectRecorded, fitWithDoctor, labelsFrom, oneHot, uniform } from './helpers';

const N = 32;
const glorot = (seed: number) => tfl.initializers.glorotUniform({ seed });
const seqs = uniform([N, 6, 3], 7);
const ySeq = oneHot(labelsFrom(seqs, 3), 3);
// recurrentInitializer: tfjs's default (orthogonal) needs the chained-op API that @tensorflow/tfjs registers, not tfjs-core alone.
const compile = (model: tfl.LayersModel) =>
  model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

describe('recurrent layers', () => {
  const cells: [string, (c: { units: number; name: string; returnSequences?: boolean; inputShape?: number[] }) => tfl.layers.Layer][] = [
    ['simpleRNN', (c) => tfl.layers.simpleRNN({ ...c, kernelInitializer: glorot(1), recurrentInitializer: glorot(5) })],
    ['LSTM', (c) => tfl.layers.lstm({ ...c, kernelInitializer: glorot(1), recurrentInitializer: glorot(5) })],
    ['GRU', (c) => tfl.layers.gru({ ...c, kernelInitializer: glorot(1), recurrentInitializer: glorot(5) })],
  ];

  it.each(cells)('%s on sequences', async (_name, cell) => {
    const model = tfl.sequential({
      layers: [cell({ units: 6, inputShape: [6, 3], name: 'rnn' }), tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(2), name: 'out' })],
    });
    compile(model);
    const { record, findings } = await fitWithDoctor(model, seqs, ySeq, { batchSize: 8, epochs: 1 });
    expectRecorded(record, 4, { activations: ['rnn', 'out'], gradients: ['rnn', 'out'] });
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'multiclass', numClasses: 3 });
    expect(record.model.layers[0].outputShape).toEqual([null, 6]);
  });

  it('stacked LSTM returning sequences, and an LSTM that also returns its state (its output is an array)', async () => {
    const input = tfl.input({ shape: [6, 3] });
    const seq = tfl.layers.lstm({ units: 4, returnSequences: true, kernelInitializer: glorot(1), recurrentInitializer: glorot(5), name: 'lstm1' }).apply(input) as tfl.SymbolicTensor;
    const [last, h, c] = tfl.layers
      .lstm({ units: 4, returnState: true, kernelInitializer: glorot(2), recurrentInitializer: glorot(5), name: 'lstm2' })
      .apply(seq) as tfl.SymbolicTensor[];
    const merged = tfl.layers.concatenate({ name: 'merge' }).apply([last, h, c]) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(3), name: 'out' }).apply(merged) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    compile(model);
    const { record, findings } = await fitWithDoctor(model, seqs, ySeq, { batchSize: 8, epochs: 1 });
    expectRecorded(record, 4, { activations: ['lstm1', 'lstm2', 'merge', 'out'], gradients: ['lstm1', 'lstm2', 'out'] });
    expect(findings).toEqual([]);
    expect(record.probes[0].layers.lstm1.activation!.units).toBe(4);
    // The first of the layer's outputs (the sequence output) is summarised and measured.
    expect(record.model.layers.find((l) => l.name === 'lstm2')!.outputShape).toEqual([null, 4]);
  });
});

describe('Embedding layers', () => {
  const vocab = 50;
  const next = rng(9);
  const tokens = tf.tensor2d(Array.from({ length: N * 5 }, () => Math.floor(next() * vocab)), [N, 5], 'int32');
  const yTok = oneHot(labelsFrom(tf.cast(tokens, 'float32'), 2).map((l) => l), 2);

  it('integer token ids (up to 49) are not reported as unnormalised inputs', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: vocab, outputDim: 4, inputLength: 5, name: 'embed' }),
        tfl.layers.globalAveragePooling1d({ name: 'pool' }),
        tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: glorot(1), name: 'out' }),
      ],
    });
    compile(model);
    const { record, findings } = await fitWithDoctor(model, tokens, yTok, { batchSize: 8, epochs: 1 });
    expectRecorded(record, 4, { activations: ['embed', 'out'], gradients: ['embed', 'out'] });
    expect(record.probes[0].input!.max).toBeGreaterThan(10); // the raw ids would trip the input rule
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'multiclass', numClasses: 2 });
  });

  it('Embedding feeding a GRU in a functional model', async () => {
    const input = tfl.input({ shape: [5], dtype: 'int32' });
    const e = tfl.layers.embedding({ inputDim: vocab, outputDim: 4, name: 'embed' }).apply(input) as tfl.SymbolicTensor;
    const g = tfl.layers.gru({ units: 4, kernelInitializer: glorot(1), recurrentInitializer: glorot(5), name: 'gru' }).apply(e) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: glorot(2), name: 'out' }).apply(g) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const yBin = tf.tidy(() => tf.reshape(tf.cast(tf.argMax(yTok, 1), 'float32'), [N, 1]));
    const { record, findings } = await fitWithDoctor(model, tokens, yBin, { batchSize: 8, epochs: 1 });
    expectRecorded(record, 4, { activations: ['embed', 'gru', 'out'], gradients: ['embed', 'gru', 'out'] });
    expect(findings).toEqual([]);
    expect(record.model).toMatchObject({ task: 'binary', numClasses: 2 });
  });
});
