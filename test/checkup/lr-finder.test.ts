/**
 * findLearningRate() against a small grid search (5 LRs × 60 steps, lowest final training loss) on
 * two different models, and its promise never to touch the user's model.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { findLearningRate } from '../../src';
import { bars, blobs } from '../helpers/data';
import { mlp, smallCnn } from '../helpers/models';

const GRID = [1e-4, 1e-3, 1e-2, 1e-1, 1];

/** Trains a fresh, identically initialised model per LR for 60 steps; returns the LR with the lowest final loss. */
async function gridBest(build: (lr: number) => tfl.LayersModel, x: tf.Tensor, y: tf.Tensor, epochs: number, batchSize: number): Promise<{ best: number; losses: number[] }> {
  const losses: number[] = [];
  for (const lr of GRID) {
    const m = build(lr);
    await m.fit(x, y, { epochs, batchSize, shuffle: false, verbose: 0 });
    const out = m.evaluate(x, y) as tf.Scalar[];
    const loss = out[0].dataSync()[0];
    tf.dispose(out);
    m.dispose();
    losses.push(Number.isFinite(loss) ? loss : Infinity);
  }
  return { best: GRID[losses.indexOf(Math.min(...losses))], losses };
}

describe('findLearningRate suggests within 10× of the grid-search best', () => {
  it('MLP on blobs (Adam)', async () => {
    const data = blobs(960, 3, 8, 1, 1.5);
    const grid = await gridBest((lr) => mlp({ optimizer: tf.train.adam(lr) }), data.x, data.y, 2, 32); // 30 batches × 2 = 60 steps
    const r = await findLearningRate(mlp(), { x: data.x, y: data.y });
    expect(r.suggested / grid.best).toBeGreaterThanOrEqual(0.1);
    expect(r.suggested / grid.best).toBeLessThanOrEqual(10);
    expect(r.curve.length).toBeGreaterThan(50);
    expect(r.rule).toMatch(/steepest/);
    // the model's own Adam 1e-2 is fine: no finding
    expect(r.learningRate).toBeCloseTo(1e-2);
    expect(r.findings).toEqual([]);
  });

  it('small CNN on bars (Adam; batches of 8 keep the cpu conv gradients cheap)', async () => {
    const images = bars(96);
    const grid = await gridBest((lr) => smallCnn({ optimizer: tf.train.adam(lr) }), images.x, images.y, 5, 8); // 12 batches × 5 = 60 steps
    const r = await findLearningRate(smallCnn(), { x: images.x, y: images.y, batchSize: 8 });
    expect(r.suggested / grid.best).toBeGreaterThanOrEqual(0.1);
    expect(r.suggested / grid.best).toBeLessThanOrEqual(10);
  });
});

describe('findLearningRate findings and safety', () => {
  const data = blobs(480, 3, 8, 1, 1.5);
  it('an LR ≥ 10× the suggestion is lr_too_high (rule range_test), with the suggestion as the fix', async () => {
    const r = await findLearningRate(mlp({ optimizer: tf.train.sgd(5) }), { x: data.x, y: data.y });
    const [f] = r.findings;
    expect(f).toMatchObject({ code: 'lr_too_high', evidence: { rule: 'range_test', learningRate: 5 } });
    expect(f.code === 'lr_too_high' && f.evidence.suggestedLearningRate).toBeCloseTo(r.suggested);
    expect(f.fixes[0].title).toContain('suggestion');
  });
  it('never changes the model: weights, optimizer state and learning rate', async () => {
    const m = mlp({ optimizer: tf.train.sgd(0.05) });
    await m.fit(data.x, data.y, { epochs: 1, batchSize: 64, verbose: 0 });
    const before = m.getWeights().map((w) => Array.from(w.dataSync()));
    const r = await findLearningRate(m, { x: data.x, y: data.y, steps: 40, batchSize: 16 });
    expect(m.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    expect((m.optimizer as unknown as { learningRate: number }).learningRate).toBe(0.05);
    expect(r.curve[0].lr).toBeCloseTo(1e-7);
    expect(r.curve.length).toBeLessThanOrEqual(40);
  });
  it('stops early when the loss diverges', async () => {
    const r = await findLearningRate(mlp({ optimizer: tf.train.sgd(0.1) }), { x: data.x, y: data.y, startLr: 1e-3, endLr: 1e4, steps: 60, smoothing: 0.5 });
    expect(r.stoppedEarly).toBe(true);
    expect(r.curve.length).toBeLessThan(60);
  });
});
