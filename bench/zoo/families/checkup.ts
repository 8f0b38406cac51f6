/**
 * Generated zoo families for the codes checkup() raises before training (and, for the structural ones,
 * diagnose() from step 0 of fit): output_loss_mismatch, missing_activation, dropout_too_high,
 * label_problems, input_independent, cannot_overfit — two families per code, with different
 * mechanisms. See checkup-structural.ts, checkup-labels.ts and checkup-trials.ts; shared builders and
 * measurements are in checkup-kit.ts.
 */
import { labelsDistribution, labelsInvalid } from './checkup-labels';
import { dropoutPiledUp, dropoutRateAsKeepProb, missingActivationConv, missingActivationDense, olmActivationVsLoss, olmLabelsVsOutput } from './checkup-structural';
import { inputsBlockedFirstLayer, inputsUninformative, overfitCrippled, overfitNoSignal } from './checkup-trials';
import type { Family } from './family';

export const CHECKUP_FAMILIES: Family[] = [
  olmActivationVsLoss,
  olmLabelsVsOutput,
  missingActivationDense,
  missingActivationConv,
  dropoutRateAsKeepProb,
  dropoutPiledUp,
  labelsInvalid,
  labelsDistribution,
  inputsUninformative,
  inputsBlockedFirstLayer,
  overfitNoSignal,
  overfitCrippled,
];
