/**
 * Draw helpers shared by the family files: an optimizer with a learning rate from per-optimizer
 * ranges, and layer widths. Each helper documents the draws it makes, in order — a family's variants
 * are defined by the sequence of its draws, so a helper must never change it.
 */
import type { OptName } from '../models';
import type { Draw } from './family';

/** Learning-rate ranges per optimizer (log-uniform); the key order is the order the optimizer is picked in. */
export type LrRanges = Partial<Record<OptName, [number, number]>>;

export interface OptDraw {
  name: OptName;
  lr: number;
}

/** Two draws: the optimizer (a pick among the keys of `ranges`), then its learning rate (log-uniform in its range). */
export function drawOpt(d: Draw, ranges: LrRanges): OptDraw {
  const name = d.pick(Object.keys(ranges) as OptName[]);
  const [lo, hi] = ranges[name]!;
  return { name, lr: d.logUniform(lo, hi) };
}

/** `adam 3.0e-3`: how the `what` lines name a drawn optimizer. */
export const optLabel = (o: OptDraw): string => `${o.name} ${o.lr.toExponential(1)}`;

/** `count` draws: one width per layer, picked from `choices`. */
export const widths = (d: Draw, count: number, choices: readonly number[]): number[] => Array.from({ length: count }, () => d.pick(choices));
