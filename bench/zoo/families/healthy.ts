/** Generated zoo families: (being written). */
import type { Family } from './family';

export const HEALTHY_FAMILIES: Family[] = [];
