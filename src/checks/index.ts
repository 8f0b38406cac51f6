/** The registry: every diagnosis the doctor runs, in the order findings are most useful to read. */
import { badInit } from './bad-init';
import { chancePlateau } from './chance-plateau';
import type { Check } from './check';
import { deadRelu } from './dead-relu';
import { explodingGradients } from './exploding-gradients';
import { inputNotNormalized } from './input-not-normalized';
import { lrTooHigh } from './lr-too-high';
import { nanLoss } from './nan-loss';
import { saturatedOutput } from './saturated-output';
import { vanishingGradients } from './vanishing-gradients';

export const CHECKS: readonly Check[] = [
  nanLoss,
  badInit,
  inputNotNormalized,
  lrTooHigh,
  explodingGradients,
  vanishingGradients,
  saturatedOutput,
  deadRelu,
  chancePlateau,
] as Check[];

export type { Check, CheckContext } from './check';
