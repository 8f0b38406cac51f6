/** Generated zoo families: (being written). */
import type { Family } from './family';

export const DEAD_AND_SATURATED_FAMILIES: Family[] = [];
