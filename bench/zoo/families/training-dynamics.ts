/**
 * Generated fault families for the training-dynamics codes: nan_loss, lr_too_high,
 * exploding_gradients, bad_init, input_not_normalized, lr_too_low and weights_not_updating (one file per code, shared measurements in
 * training-dynamics-measure.ts, model and optimizer builders in ../models.ts). Each family documents
 * its real-world fault, its ranges and what its confirmation measures.
 */
import type { Family } from './family';
import { EXPLODE_FAMILIES } from './training-dynamics-explode';
import { INIT_FAMILIES } from './training-dynamics-init';
import { INORM_FAMILIES } from './training-dynamics-inorm';
import { LR_FAMILIES } from './training-dynamics-lr';
import { NAN_FAMILIES } from './training-dynamics-nan';
import { STALLED_FAMILIES } from './training-dynamics-stalled';

export const TRAINING_DYNAMICS_FAMILIES: Family[] = [...NAN_FAMILIES, ...LR_FAMILIES, ...EXPLODE_FAMILIES, ...INIT_FAMILIES, ...INORM_FAMILIES, ...STALLED_FAMILIES];
