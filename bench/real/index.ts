/** Every entry of the real-world corpus (bench/real/programs). */
import { PROGRAMS as DEEPFD_AND_TFJS } from './programs/deepfd-and-tfjs';
import { PROGRAMS as DEEPLOCALIZE } from './programs/deeplocalize';
import { PROGRAMS as EXAMPLE } from './programs/example';
import { PROGRAMS as HEALTHY } from './programs/healthy';
import type { RealEntry } from './types';

export const CORPUS: RealEntry[] = [...EXAMPLE, ...DEEPLOCALIZE, ...DEEPFD_AND_TFJS, ...HEALTHY];
