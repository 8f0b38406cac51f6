/** Every generated family, and the zoo cases drawn from them (tune and held-out variants). */
import type { ZooCase } from '../types';
import { CHECKUP_FAMILIES } from './checkup';
import { DEAD_AND_SATURATED_FAMILIES } from './dead-and-saturated';
import { generate, type Family } from './family';
import { HEALTHY_FAMILIES } from './healthy';
import { TRAINING_DYNAMICS_FAMILIES } from './training-dynamics';

export const FAMILIES: Family[] = [...TRAINING_DYNAMICS_FAMILIES, ...DEAD_AND_SATURATED_FAMILIES, ...CHECKUP_FAMILIES, ...HEALTHY_FAMILIES];

export const GENERATED: ZooCase[] = FAMILIES.flatMap((f) => [...generate(f, 'tune'), ...generate(f, 'heldout'), ...generate(f, 'fresh'), ...generate(f, 'confirm'), ...generate(f, 'validate'), ...generate(f, 'audit')]);
