/** A zoo case: one small, real training setup with its ground-truth diagnosis. */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { FindingCode } from '../../src';
import type { ZooData } from './data';
import type { Confirm } from './families/family';
import type { Twin } from './outcome';

/** What a custom training program (`fit.run`) is handed: it must pass `callbacks` to every fit it makes. */
export interface FitProgram {
  model: LayersModel;
  data: ZooData;
  /** The doctor, the harness's step log and its step cap — in that order. */
  callbacks: tfl.CustomCallbackArgs[];
  batchSize: number;
  maxSteps: number;
}

/**
 * tune: thresholds may be changed for its failures. heldout: run once, at the freeze. Generated families
 * only — fresh: a second held-out draw, first run after the post-freeze fixes; confirm: a third, first run
 * after the one fix made on the fresh draw's failures (docs/detection-quality.md).
 */
export type Split = 'tune' | 'heldout' | 'fresh' | 'confirm' | 'validate' | 'audit';

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
  fit?: {
    batchSize?: number;
    maxSteps?: number;
    shuffle?: boolean;
    /**
     * A training program of its own instead of one `model.fit` (second fits, frozen layers and a
     * recompile, learning-rate schedules, class weights, augmentation): every fit it makes gets `callbacks`.
     */
    run?: (p: FitProgram) => Promise<void>;
  };
  /** kind 'checkup': the trial runs to ask for. */
  checkup?: { overfitBatch?: boolean | { samples?: number; steps?: number }; baseline?: boolean | { samples?: number; steps?: number } };
  /** Marks the few quick cases the CI smoke test runs. */
  smoke?: boolean;
  /** Generated cases: the family they were drawn from (bench/zoo/families). Hand-written cases: undefined. */
  family?: string;
  /** Confirms the case: by outcome for fault families, learning for healthy ones (see families/family.ts). */
  confirm?: Confirm;
  /** Fault families: the same program with the documented fix (see outcome.ts). */
  twin?: Twin;
}
