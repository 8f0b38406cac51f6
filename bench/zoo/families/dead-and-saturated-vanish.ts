/**
 * vanishing_gradients families: the backward signal shrinks layer by layer, so the first layers of a
 * deep net barely learn while the last ones do.
 *
 * Confirmation, every family (../outcome.ts, `failure: 'finite'`): the buggy run fails to learn with
 * finite numbers by the standard criterion (cross-entropy not below 0.9 × the label prior's entropy,
 * or accuracy not 10 points over the majority share) AND its fixed twin, trained for the same steps,
 * learns by the same criterion. The twins apply the documented fix: ReLU with He init in place of the
 * sigmoid stacks, the default (Glorot) init in place of the tiny one. Noted, not gated: the first and
 * last kernels' relative change ‖W − W₀‖/‖W₀‖ over the run (SGD families), or the first/last ratio of
 * ‖∂L/∂W‖/‖W‖ at the end (adaptive family).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { bars, blobs, spirals, standardizeX, type ZooData } from '../data';
import { compile, mlp, normal, optimizer, type OptName } from '../models';
import { relativeChange } from '../oracles';
import { byOutcome, lossPath } from '../outcome';
import { drawOpt, type LrRanges } from './common';
import { relativeKernelGradients } from './dead-and-saturated-common';
import type { ConfirmContext, Draw, Family, Variant } from './family';

/** First/last kernel relative change over the run, in model order. */
export function kernelChangeRatio(ctx: ConfirmContext): { first: number; last: number; ratio: number } {
  const changes = [...relativeChange(ctx).entries()].filter(([name]) => /kernel/.test(name)).map(([, v]) => v);
  const first = changes[0];
  const last = changes[changes.length - 1];
  return { first, last, ratio: first / last };
}

/** Note: the first and last kernels' relative change over the run. */
function changeNote(ctx: ConfirmContext): string {
  const { first, last, ratio } = kernelChangeRatio(ctx);
  return `relative change over the run: first kernel ${first.toExponential(1)}, last ${last.toExponential(1)} (ratio ${ratio.toExponential(1)}); ${lossPath(ctx)}`;
}

const confirmVanishing = byOutcome({ failure: 'finite', describe: changeNote });

/** SGD or SGD + momentum at rates that move the last layers (their updates are proportional to the gradient). */
const SGD_LIKE: LrRanges = { sgd: [0.02, 0.3], momentum: [2e-3, 3e-2] };

/** The data of the deep MLP families: standardised blobs, or spirals (already of unit scale). */
const blobsOrSpirals = (kind: 'blobs' | 'spirals', dims: number, classes: number, seed: number) => (): ZooData =>
  kind === 'blobs' ? standardizeX(blobs(960, { dims, classes, seed })) : spirals(900, { seed });

/**
 * A variant of the deep MLP families: after the family's own draws (the network and optimizer), draws
 * the data (blobs or spirals), the batch size and the data seed, in that order.
 */
function deepMlpVariant(d: Draw, net: { depth: number; width: number; act: 'sigmoid' | 'tanh'; init: Parameters<typeof mlp>[0]['init']; opt: OptName; lr: number }, describe: string): Variant {
  const dataKind = d.pick(['blobs', 'spirals'] as const);
  const classes = dataKind === 'blobs' ? d.int(3, 6) : 3;
  const dims = dataKind === 'blobs' ? d.int(4, 16) : 2;
  const batchSize = d.pick([16, 32, 64, 128]);
  const seed = d.seed();
  const { depth, width, act, init, opt, lr } = net;
  const hidden = Array(depth).fill(width) as number[];
  // The documented fix: ReLU with He init for the sigmoid stacks, the default init for the tiny one.
  const fixed = act === 'sigmoid' ? { act: 'relu' as const, init: 'heNormal' as const, fix: 'ReLU + He init' } : { act, init: undefined, fix: 'default (Glorot) init' };
  return {
    what: `${describe}, ${opt} ${lr.toExponential(1)}, ${dataKind} (${classes} classes), batch ${batchSize}`,
    build: () => mlp({ inputDim: dims, hidden, act, init, out: classes, optimizer: optimizer(opt, lr) }),
    data: blobsOrSpirals(dataKind, dims, classes, seed),
    fit: { batchSize },
    twin: { fix: fixed.fix, build: () => mlp({ inputDim: dims, hidden, act: fixed.act, init: fixed.init, out: classes, optimizer: optimizer(opt, lr) }), data: blobsOrSpirals(dataKind, dims, classes, seed) },
  };
}

/**
 * Real-world fault: a deep stack of sigmoid layers (the 1990s default, still common in tutorials)
 * trained with plain SGD: each sigmoid multiplies the backward signal by at most 0.25, so after 5–10
 * layers the first ones barely move. Glorot init (uniform or normal), width 16–64 (16–32 beyond 7
 * layers, to keep the case under 3 s), standardised blobs
 * (3–6 classes) or spirals, SGD 0.02–0.3 or momentum 0.002–0.03, batch 16–128. Fixed twin: ReLU + He
 * init.
 */
export const vanishDeepSigmoid: Family = {
  id: 'vanishing_gradients/deep-sigmoid-sgd',
  expected: ['vanishing_gradients'],
  kind: 'fit',
  what: '5–10 sigmoid layers (width 16–64, ≤ 32 beyond 7 layers; Glorot init) trained with SGD/momentum on blobs or spirals; batch 16–128',
  sample(d) {
    const depth = d.int(5, 10);
    const width = depth <= 7 ? d.pick([16, 32, 64]) : d.pick([16, 32]);
    const init = d.pick(['glorotUniform', 'glorotNormal'] as const);
    const { name: opt, lr } = drawOpt(d, SGD_LIKE);
    return deepMlpVariant(d, { depth, width, act: 'sigmoid', init, opt, lr }, `${depth} sigmoid layers × ${width} (${init})`);
  },
  confirm: confirmVanishing,
};

/**
 * Real-world fault: a deep tanh network initialised "small to be safe" — randomNormal with stddev
 * 0.01 (Caffe's old default Gaussian filler, copied into many hand-written nets) or thereabouts: every
 * layer multiplies the backward signal by roughly σ·√width ≪ 1, so it decays geometrically with depth.
 * Ranges: 6–12 tanh layers of 32–64 units, stddev 0.003–0.02 (σ·√width 0.02–0.16), SGD 0.05–0.3 or
 * momentum 0.005–0.03, standardised blobs or spirals, batch 16–128. Measured and left out: stddev
 * 0.04–0.09 (σ·√width ≈ 0.3–0.7) — the biases carry the forward signal and the first/last ratio is
 * 0.05–2, not vanishing; momentum below 0.005 leaves even the last layer still (change < 1e-3). Fixed
 * twin: the default (Glorot) init.
 */
export const vanishTinyInitTanh: Family = {
  id: 'vanishing_gradients/deep-tanh-tiny-init',
  expected: ['vanishing_gradients'],
  kind: 'fit',
  what: '6–12 tanh layers (32–64 units) initialised with stddev 0.003–0.02, SGD/momentum, blobs/spirals, batch 16–128',
  sample(d) {
    const depth = d.int(6, 12);
    const width = depth <= 9 ? d.pick([32, 64]) : 32;
    const std = d.logUniform(0.003, 0.02);
    const { name: opt, lr } = drawOpt(d, { sgd: [0.05, 0.3], momentum: [5e-3, 3e-2] });
    return deepMlpVariant(d, { depth, width, act: 'tanh', init: normal(std), opt, lr }, `${depth} tanh layers × ${width}, init stddev ${std.toPrecision(2)}`);
  },
  confirm: confirmVanishing,
};

/**
 * Real-world fault: a CNN built with sigmoid activations everywhere (LeNet-era habits): 4–6 sigmoid
 * conv layers (3×3; 4–16 filters with a 2× max-pool after the second, 4–8 without: cost) and 1–2
 * sigmoid dense layers, SGD/momentum, on 12×12 bar images, batch 16–64, 150 steps. Measured and left
 * out: 3 conv layers with pooling (first/last change ratio 1e-2–3e-2, not two orders of magnitude).
 * Fixed twin: the same CNN with ReLU and He init.
 */
export const vanishSigmoidCnn: Family = {
  id: 'vanishing_gradients/sigmoid-cnn',
  expected: ['vanishing_gradients'],
  kind: 'fit',
  what: 'CNN with 4–6 sigmoid conv layers (4–16 filters) and 1–2 sigmoid dense layers on 12×12 bars; SGD/momentum; batch 16–64; 150 steps',
  sample(d) {
    const convs = d.int(4, 6);
    const pool = d.next() < 0.5;
    const filters = pool ? d.pick([4, 8, 16]) : d.pick([4, 8]);
    const denses = d.int(1, 2);
    const units = d.pick([16, 32]);
    const { name: opt, lr } = drawOpt(d, SGD_LIKE);
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    const build = (act: 'sigmoid' | 'relu') => {
      const m = tfl.sequential();
      const init = act === 'relu' ? 'heNormal' : undefined;
      for (let i = 0; i < convs; i++) {
        m.add(tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: act, kernelInitializer: init, inputShape: i === 0 ? [12, 12, 1] : undefined, name: `conv${i + 1}` }));
        if (pool && i === 1) m.add(tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool' }));
      }
      m.add(tfl.layers.flatten({ name: 'flatten' }));
      for (let i = 0; i < denses; i++) m.add(tfl.layers.dense({ units, activation: act, kernelInitializer: init, name: `fc${i + 1}` }));
      m.add(tfl.layers.dense({ units: 3, activation: 'softmax', name: 'output' }));
      return compile(m, optimizer(opt, lr), 'categoricalCrossentropy');
    };
    return {
      what: `${convs} sigmoid convs × ${filters}${pool ? ' (pool after conv2)' : ''}, ${denses} sigmoid dense × ${units}, ${opt} ${lr.toExponential(1)}, batch ${batchSize}`,
      build: () => build('sigmoid'),
      data: () => bars(480, { seed }),
      fit: { batchSize, maxSteps: 150 },
      twin: { fix: 'ReLU + He init', build: () => build('relu'), data: () => bars(480, { seed }) },
    };
  },
  confirm: confirmVanishing,
};

/**
 * Note for adaptive optimizers, whose per-weight step scaling hides the vanishing signal from the weight
 * updates: the first/last ratio of ‖∂L/∂W‖/‖W‖ at the end of training (relativeKernelGradients).
 */
function gradientNote(ctx: ConfirmContext): string {
  const rho = relativeKernelGradients(ctx.model, ctx.data.x, ctx.data.y);
  return `relative gradient at the end: first kernel ${rho[0].toExponential(1)}, last ${rho[rho.length - 1].toExponential(1)}; ${lossPath(ctx)}`;
}

/**
 * Real-world fault: the same deep sigmoid stack (6–10 layers, width 16–32, Glorot init) trained with
 * Adam or RMSProp at 1e-4–1e-3 — the optimizer rescales each weight's step, but the gradient reaching
 * the first layers is still orders of magnitude weaker than the last layer's. Standardised blobs or
 * spirals, batch 16–128. Fixed twin: ReLU + He init.
 */
export const vanishDeepSigmoidAdaptive: Family = {
  id: 'vanishing_gradients/deep-sigmoid-adaptive',
  expected: ['vanishing_gradients'],
  kind: 'fit',
  what: '6–10 sigmoid layers (width 16–32, Glorot init) trained with adam/rmsprop 1e-4–1e-3 on blobs or spirals; batch 16–128',
  sample(d) {
    const depth = d.int(6, 10);
    const width = d.pick([16, 32]);
    const init = d.pick(['glorotUniform', 'glorotNormal'] as const);
    const opt = d.pick(['adam', 'rmsprop'] as const);
    const lr = d.logUniform(1e-4, 1e-3);
    return deepMlpVariant(d, { depth, width, act: 'sigmoid', init, opt, lr }, `${depth} sigmoid layers × ${width} (${init})`);
  },
  confirm: byOutcome({ failure: 'finite', describe: gradientNote }),
};

export const VANISHING_GRADIENTS_FAMILIES: Family[] = [vanishDeepSigmoid, vanishTinyInitTanh, vanishSigmoidCnn, vanishDeepSigmoidAdaptive];
