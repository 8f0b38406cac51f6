/** Entries of the real-world corpus (see bench/real/README.md). */
import type { RealEntry } from '../types';

export const PROGRAMS: RealEntry[] = [];
