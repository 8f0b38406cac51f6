/** A zoo case: one small, real training setup with its ground-truth diagnosis. */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { FindingCode } from '../../src';
import type { ZooData } from './data';
import type { Confirm } from './families/family';

/**
 * tune: thresholds may be changed for its failures. heldout: run once, at the freeze. Generated families
 * only — fresh: a second held-out draw, first run after the post-freeze fixes; confirm: a third, first run
 * after the one fix made on the fresh draw's failures (docs/detection-quality.md).
 */
export type Split = 'tune' | 'heldout' | 'fresh' | 'confirm' | 'validate';

export interface ZooCase {
  /** Unique, stable id (`<code-or-healthy>/<what>`). */
  id: string;
  /** Decided when the case was written, before any result was seen. */
  split: Split;
  /** Codes that must be raised (as a warning or error). Empty: a healthy control — nothing may be raised. */
  expected: FindingCode[];
  /** 'fit': diagnose() watches model.fit; 'checkup': checkup() before training. */
  kind: 'fit' | 'checkup';
  /** One line: what is wrong (or why it is healthy). */
  what: string;
  /** Builds and compiles a fresh model. Runs after the case's seeded Math.random is installed. */
  build(): LayersModel;
  data(): ZooData | Promise<ZooData>;
  /** kind 'fit': batch size and the step cap (default 300; training stops there). */
  fit?: { batchSize?: number; maxSteps?: number; shuffle?: boolean };
  /** kind 'checkup': the trial runs to ask for. */
  checkup?: { overfitBatch?: boolean | { samples?: number; steps?: number }; baseline?: boolean | { samples?: number; steps?: number } };
  /** Marks the few quick cases the CI smoke test runs. */
  smoke?: boolean;
  /** Generated cases: the family they were drawn from (bench/zoo/families). Hand-written cases: undefined. */
  family?: string;
  /** Measures that the planted pathology is really there (see families/family.ts). */
  confirm?: Confirm;
}
