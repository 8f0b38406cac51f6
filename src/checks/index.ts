/** The registry: every diagnosis the doctor runs, in the order findings are most useful to read. */
import { badInit } from './bad-init';
import { chancePlateau } from './chance-plateau';
import { cannotOverfit } from './cannot-overfit';
import type { Check } from './check';
import { deadRelu } from './dead-relu';
import { dropoutTooHigh } from './dropout-too-high';
import { explodingGradients } from './exploding-gradients';
import { inputIndependent } from './input-independent';
import { inputNotNormalized } from './input-not-normalized';
import { labelProblems } from './label-problems';
import { lrRangeTest } from './lr-range-test';
import { lrTooHigh } from './lr-too-high';
import { lrTooLow } from './lr-too-low';
import { missingActivation } from './missing-activation';
import { nanLoss } from './nan-loss';
import { outputLossMismatch } from './output-loss-mismatch';
import { overfitting } from './overfitting';
import { saturatedOutput } from './saturated-output';
import { vanishingGradients } from './vanishing-gradients';
import { weightsNotUpdating } from './weights-not-updating';

export const CHECKS: readonly Check[] = [
  nanLoss,
  weightsNotUpdating,
  badInit,
  inputNotNormalized,
  labelProblems,
  lrTooHigh,
  lrTooLow,
  explodingGradients,
  vanishingGradients,
  saturatedOutput,
  deadRelu,
  chancePlateau,
  overfitting,
  // Static model checks: they read only the model summary, so they hold from step 0 of fit as well
  // as before training (checkup()); label-based rules of output_loss_mismatch need checkup()'s labels,
  // its target rules the targets counted during fit or given to checkup().
  outputLossMismatch,
  missingActivation,
  dropoutTooHigh,
] as Check[];

/**
 * Checks that judge what only `checkup()` / `findLearningRate()` measure before training (trial runs on a
 * copy, the LR range test). They are silent on a fit's record (no `record.checkup`);
 * checkup() runs CHECKS and these over the same record.
 */
export const PRETRAINING_CHECKS: readonly Check[] = [cannotOverfit, inputIndependent, lrRangeTest] as Check[];

export type { Check, CheckContext } from './check';
