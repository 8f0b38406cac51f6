/**
 * Generated zoo families for dead_relu, chance_plateau, saturated_output and vanishing_gradients. The
 * families live in dead-and-saturated-*.ts (shared measurements in dead-and-saturated-common.ts).
 */
import { CHANCE_PLATEAU_FAMILIES } from './dead-and-saturated-chance';
import { DEAD_RELU_FAMILIES } from './dead-and-saturated-dead';
import { SATURATED_OUTPUT_FAMILIES } from './dead-and-saturated-sat';
import { VANISHING_GRADIENTS_FAMILIES } from './dead-and-saturated-vanish';
import type { Family } from './family';

export const DEAD_AND_SATURATED_FAMILIES: Family[] = [...DEAD_RELU_FAMILIES, ...CHANCE_PLATEAU_FAMILIES, ...SATURATED_OUTPUT_FAMILIES, ...VANISHING_GRADIENTS_FAMILIES];
