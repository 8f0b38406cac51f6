/** Every entry of the real-world corpus (bench/real/programs). */
import { PROGRAMS as DEEPFD_AND_TFJS } from './programs/deepfd-and-tfjs';
import { PROGRAMS as DEEPLOCALIZE } from './programs/deeplocalize';
import { PROGRAMS as EXAMPLE } from './programs/example';
import { PROGRAMS as HEALTHY } from './programs/healthy';
import { PROGRAMS as MORE_A } from './programs/more-a';
import { PROGRAMS as MORE_B } from './programs/more-b';
import { PROGRAMS as MORE_C } from './programs/more-c';
import { PROGRAMS as MORE_D } from './programs/more-d';
import type { RealEntry } from './types';

export const CORPUS: RealEntry[] = [...EXAMPLE, ...DEEPLOCALIZE, ...DEEPFD_AND_TFJS, ...MORE_A, ...MORE_B, ...MORE_C, ...MORE_D, ...HEALTHY];
