/** Generated zoo families: (being written). */
import type { Family } from './family';

export const TRAINING_DYNAMICS_FAMILIES: Family[] = [];
