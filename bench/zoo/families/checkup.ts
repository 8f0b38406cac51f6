/** Generated zoo families: (being written). */
import type { Family } from './family';

export const CHECKUP_FAMILIES: Family[] = [];
