/**
 * Generated zoo cases. A *family* is one kind of planted fault (or one kind of healthy setup) with
 * documented ranges for everything that may vary — data, architecture, optimizer, batch size and the
 * size of the fault. `generate()` draws numbered variants from a family with seeds derived from the
 * family id and the split, so the held-out variants are fresh draws that nobody tuned on.
 *
 * Every family says how to *confirm* a drawn variant — never by asking cnn-doctor. Fault families
 * confirm by outcome (../outcome.ts): the buggy program fails to learn by the family's stated criterion
 * and its fixed twin (the variant's `twin`: the same program with the documented fix) learns by the same
 * criterion; direct measurements of the pathology (dead units, pinned samples, gradient norms, …) are
 * only notes on what went wrong. Healthy families confirm that the setup learns. A variant that is not
 * confirmed is reported as unconfirmed and left out of the scores, so a lenient draw cannot count as a
 * miss and a label is never decided by the tool under test.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { FindingCode } from '../../../src';
import { rng, type ZooData } from '../data';
import type { Twin } from '../outcome';
import type { Split, ZooCase } from '../types';

/** Seeded draws for one variant. */
export interface Draw {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(lo: number, hi: number): number;
  /** Log-uniform in [lo, hi] (for learning rates, scales, stddevs). */
  logUniform(lo: number, hi: number): number;
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /** A fresh 31-bit seed (for a data generator). */
  seed(): number;
}

export function draw(seed: number): Draw {
  const next = rng(seed);
  const d: Draw = {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    logUniform: (lo, hi) => Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * next()),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    seed: () => Math.floor(next() * 2 ** 31),
  };
  return d;
}

/** What the confirmation sees after the run. */
export interface ConfirmContext {
  /** The model after training (kind 'fit') or untouched (kind 'checkup'). */
  model: LayersModel;
  data: ZooData;
  /** The trainable weights before the first step, in `model.trainableWeights` order (same names). */
  initialWeights: { name: string; value: tf.Tensor }[];
  /** Per-step training loss and accuracy (accuracy empty when the model has no accuracy metric). */
  losses: number[];
  accuracies: number[];
  /** The case's kind: 'checkup' cases were not trained by the harness. */
  kind?: 'fit' | 'checkup';
  /** kind 'fit': the run's step cap and batch size (a fixed twin trains for as long). */
  maxSteps: number;
  batchSize: number;
  /** The variant's fixed twin, when it has one. */
  twin?: Twin;
  /** Records a line on the result (what was measured), without deciding anything. */
  note?: (text: string) => void;
}

/** null: the pathology is confirmed (or the healthy setup really learns). Otherwise: why not. */
export type Confirm = (ctx: ConfirmContext) => string | null | Promise<string | null>;

export interface Variant {
  /** One line naming the drawn values (`bias −6.2, 3 × 48 units, adam 3e-3, batch 32, spirals`). */
  what: string;
  build(): LayersModel;
  data(): ZooData | Promise<ZooData>;
  fit?: ZooCase['fit'];
  checkup?: ZooCase['checkup'];
  /** Fault families: the same program with the documented fix (see ../outcome.ts). */
  twin?: Twin;
}

export interface Family {
  /** `<code-or-healthy>/<fault>`; variants are `<id>#t3` (tune), `<id>#h12` (held-out), `<id>#f2` (fresh), `<id>#c1` (confirm), `<id>#v4` (validate), `<id>#a2` (audit). */
  id: string;
  expected: FindingCode[];
  kind: 'fit' | 'checkup';
  /** The fault and the ranges drawn from, in one or two sentences. */
  what: string;
  sample(d: Draw): Variant;
  confirm?: Confirm;
  /** Variants per split (defaults: tune 6, held-out 12, fresh and confirm as many as tune, validate and audit as many as held-out). CIFAR-10 families may ask for fewer. */
  count?: Partial<Record<Split, number>>;
}

export const DEFAULT_COUNT: Record<Split, number> = { tune: 6, heldout: 12, fresh: 6, confirm: 6, validate: 12, audit: 12 };

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The numbered variants of a family for one split, as zoo cases. */
export function generate(family: Family, split: Split): ZooCase[] {
  // fresh and confirm are as large as the tune split, validate and audit as the held-out one (CIFAR families ask for fewer).
  const sizedLike: Partial<Record<Split, Split>> = { fresh: 'tune', confirm: 'tune', validate: 'heldout', audit: 'heldout' };
  const like = sizedLike[split];
  const n = family.count?.[split] ?? (like ? family.count?.[like] : undefined) ?? DEFAULT_COUNT[split];
  return Array.from({ length: n }, (_, i) => {
    const id = `${family.id}#${{ tune: 't', heldout: 'h', fresh: 'f', confirm: 'c', validate: 'v', audit: 'a' }[split]}${i}`;
    const v = family.sample(draw(hash(id)));
    return {
      id,
      split,
      expected: family.expected,
      kind: family.kind,
      what: v.what,
      build: v.build,
      data: v.data,
      fit: v.fit,
      checkup: v.checkup,
      ...(v.twin ? { twin: v.twin } : {}),
      family: family.id,
      confirm: family.confirm,
    };
  });
}
