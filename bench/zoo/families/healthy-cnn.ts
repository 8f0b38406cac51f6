/**
 * Healthy CNN control families: sparse-ReLU CNNs on bar images and a few small CIFAR-10 CNNs.
 * Confirmed by `learns()` (healthy-util.ts).
 */
import { bars, cifarSlice } from '../data';
import { cnn, optimizer } from '../models';
import { drawOpt, optLabel } from './common';
import type { Family } from './family';
import { learns } from './healthy-util';

/** Dropout draw: none (half the time), else 0.2–0.5 before and/or after the dense layer. */
function drawDropout(d: { next(): number; uniform(lo: number, hi: number): number; pick<T>(xs: readonly T[]): T }): [number, number] | undefined {
  if (d.next() < 0.5) return undefined;
  const where = d.pick(['before', 'after', 'both'] as const);
  const r = () => Math.round(d.uniform(0.2, 0.5) * 100) / 100;
  return [where === 'after' ? 0 : r(), where === 'before' ? 0 : r()];
}

const dropoutLabel = (dr?: [number, number]) => (dr ? `, dropout ${dr[0]}/${dr[1]}` : '');

/**
 * healthy/bars-cnn — a small ReLU CNN on 12×12 or 16×16 bar images (class = bar orientation, pixels
 * in about [−0.1, 1.1]). Most of each image is background, so most conv outputs are zero after the
 * ReLU: naturally sparse, not dead. 1–2 conv layers ([8], [8, 16], [16, 32]), dense 16–64, optionally
 * BatchNorm and dropout 0.2–0.5; Adam/RMSProp 3e-4…3e-3, momentum 3e-3…3e-2, SGD 0.02…0.1; batch 16–64.
 */
const barsCnn: Family = {
  id: 'healthy/bars-cnn',
  expected: [],
  kind: 'fit',
  what: 'sparse-ReLU CNN on bar images (1–2 conv layers, dense 16–64, optional BatchNorm / dropout 0.2–0.5), adam/rmsprop/momentum/sgd at sensible LRs, batch 16–64',
  sample(d) {
    const size = d.pick([12, 16]);
    const n = d.pick([480, 720, 960]);
    const filters = d.pick([[8], [8, 16], [16, 32]]);
    const dense = d.pick([16, 32, 64]);
    const batchNorm = d.next() < 0.3;
    const dropout = drawDropout(d);
    const opt = drawOpt(d, { adam: [3e-4, 3e-3], rmsprop: [3e-4, 3e-3], momentum: [3e-3, 3e-2], sgd: [0.02, 0.1] });
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    return {
      what: `bars ${n} ${size}×${size}, conv ${filters.join('/')} dense ${dense}${batchNorm ? ' + BN' : ''}${dropoutLabel(dropout)}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => cnn({ inputShape: [size, size, 1], filters, dense, batchNorm, dropout, optimizer: optimizer(opt.name, opt.lr) }),
      data: () => bars(n, { size, seed }),
      fit: { batchSize },
    };
  },
  confirm: learns(),
};

/**
 * healthy/cifar-cnn — a small CIFAR-10 CNN as in any tutorial: 512–1000 training images (a random
 * window of the local archive) in [0, 1] or centred, conv [8, 16] or [16, 32], dense 32/64, optionally
 * BatchNorm and a 0.2–0.5 dropout head; Adam 3e-4…2e-3, RMSProp 3e-4…1e-3, momentum 5e-3…2e-2; batch
 * 32/64 (32 for [16, 32], to keep a case near 10 s). Adam routinely silences a large part (not all) of fc1's units here.
 */
const cifarCnn: Family = {
  id: 'healthy/cifar-cnn',
  expected: [],
  kind: 'fit',
  what: 'small CIFAR-10 CNN on 512–1000 images (conv [8,16] or [16,32], dense 32/64, optional BatchNorm / dropout 0.2–0.5), adam/rmsprop/momentum, batch 32/64',
  count: { tune: 3, heldout: 6 },
  sample(d) {
    const n = d.int(512, 1000);
    const offset = d.int(0, 3000 - n);
    const scale = d.pick(['unit', 'standard'] as const);
    const filters = d.pick([[8, 16], [16, 32]]);
    const dense = d.pick([32, 64]);
    const batchNorm = d.next() < 0.3;
    const dropout = drawDropout(d);
    const opt = drawOpt(d, { adam: [3e-4, 2e-3], rmsprop: [3e-4, 1e-3], momentum: [5e-3, 2e-2] });
    const batchSize = filters[0] === 16 ? 32 : d.pick([32, 64]);
    return {
      what: `cifar ${n} @${offset} ${scale}, conv ${filters.join('/')} dense ${dense}${batchNorm ? ' + BN' : ''}${dropoutLabel(dropout)}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => cnn({ inputShape: [32, 32, 3], filters, dense, out: 10, batchNorm, dropout, optimizer: optimizer(opt.name, opt.lr) }),
      data: () => cifarSlice(n, { offset, scale }),
      fit: { batchSize },
    };
  },
  // 300 steps on CIFAR-10 take a healthy CNN from ln 10 = 2.30 to about 1.4–1.9: the fall required is
  // 15% (not 30%), with train accuracy ≥ majority (≈ 0.10–0.12) + max(0.15, a fifth of the gap), i.e.
  // ≈ 30%: a model at chance scores 10–12% (binomial sd on 512 samples ≈ 1.4%), so neither is reachable
  // without learning from the pixels.
  confirm: learns({ ratio: 0.85, minGain: 0.15, gainShare: 0.2 }),
};

export const HEALTHY_CNN_FAMILIES: Family[] = [barsCnn, cifarCnn];
