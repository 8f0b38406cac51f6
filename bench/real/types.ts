/**
 * The real-world corpus: training programs ported faithfully to tfjs from public reports (Stack
 * Overflow posts, GitHub issues, forums, published fault benchmarks) and from official examples.
 *
 * A bug report is a pair: the buggy program as reported and its fixed twin, the fix the source
 * documents. Both are confirmed by *outcome* — the buggy program fails its stated learning criterion,
 * the fixed one meets it — measured by bench/real/outcome.ts, which never asks cnn-doctor anything.
 * A healthy program is one that works as published; it must meet its criterion too.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { FindingCode } from '../../src';

/** tune: rules may be changed for its results. heldout: run once, after the rules are frozen. Decided when the program is written. */
export type RealSplit = 'tune' | 'heldout';

export interface Source {
  kind: 'stackoverflow' | 'github-issue' | 'github-repo' | 'forum' | 'benchmark' | 'official-example';
  /** Where the program and its documented cause/fix can be read (the original post, issue or file). */
  url: string;
  title: string;
  /** For benchmark entries: which benchmark and entry (`DeepLocalize SO #10`, `DeepFD #23`). */
  via?: string;
}

export type Tensors = tf.Tensor | tf.Tensor[];

export interface ProgramData {
  /** Training inputs and targets, exactly as the program passes them to fit (its bugs included). */
  x: Tensors;
  y: Tensors;
  /**
   * Data the outcome is measured on, with *true* targets: when the bug corrupts the training labels
   * (divided by 255, shuffled apart from x), `eval.y` holds the real ones. Default: the training data.
   * Inputs are preprocessed as the program itself does before predict.
   */
  eval?: { x: Tensors; y: Tensors };
}

export interface FitSpec {
  epochs: number;
  batchSize: number;
  /** Default true, as in tfjs. */
  shuffle?: boolean;
  validationSplit?: number;
  /** Validation data the program passes to fit (not the outcome's eval set). */
  validationData?: 'eval';
  classWeight?: Record<number, number>;
  /** Stop after this many steps (a budget shorter than the original's; say why in `port`). */
  maxSteps?: number;
}

export interface Program {
  /** Builds and compiles a fresh model. Runs after the harness has seeded Math.random. */
  build(): LayersModel;
  data(): ProgramData | Promise<ProgramData>;
  /** One fit, or several in a row on the same model (fine-tuning after a first fit, a second fit on new data). */
  fit: FitSpec | FitSpec[];
  /** Called before fit number i ≥ 1 (freeze layers, recompile with a lower learning rate, …). */
  between?: (model: LayersModel, i: number) => void;
}

/**
 * When a program counts as having learned, measured after fit on `eval` (else the training data):
 *  - accuracy: argmax vs argmax of one-hot targets; integer targets vs argmax; one output unit vs
 *    targets in {0, 1} at threshold 0.5 (0 for a linear/logits output);
 *  - r2: 1 − MSE / Var(target) over all target values;
 *  - loss: the compiled loss from model.evaluate (for programs whose own report is a loss).
 * `measure` replaces the default measurement (say what it measures in `description`).
 */
export interface Outcome {
  metric: 'accuracy' | 'r2' | 'loss' | 'custom';
  /** Learned when the value is ≥ atLeast … */
  atLeast?: number;
  /** … or ≤ atMost. */
  atMost?: number;
  /** One line: what is measured and why this threshold (e.g. the source's own fixed result). */
  description: string;
  measure?: (model: LayersModel, data: ProgramData) => number | Promise<number>;
  /** For accuracy on one output unit: the decision threshold (default 0.5; 0 for logits). */
  threshold?: number;
}

export type External = 'fashion-mnist' | 'cifar10';

interface CorpusEntry {
  /** Stable, unique: `so-31880720-softmax-one-unit`, `tfjs-issue-1234-…`, `healthy/tfjs-examples-iris`. */
  id: string;
  split: RealSplit;
  source: Source;
  /** What differs from the original and why: data substituted, epochs shortened, Keras API mapped. */
  port: string;
  /** Data sets that must be present on this machine; the entry is skipped (loudly) when one is missing. */
  needs?: External[];
  learns: Outcome;
}

export interface BugReport extends CorpusEntry {
  kind: 'bug';
  /** The documented cause, in one sentence (the source's diagnosis, not ours). */
  cause: string;
  /** The documented fix (what `fixed` changes). */
  fix: string;
  /**
   * cnn-doctor codes that name this cause; any one raised as a warning or error counts as found.
   * Decided from the documented cause, before running the doctor.
   */
  codes: FindingCode[];
  buggy: Program;
  fixed: Program;
  /**
   * Set when the fixed twin meets its criterion but is no working program to judge false alarms on — say
   * why (e.g. its targets are noise, so its best is the constant prediction). It is listed, not scored.
   */
  fixedNotScored?: string;
}

export interface HealthyProgram extends CorpusEntry {
  kind: 'healthy';
  program: Program;
}

export type RealEntry = BugReport | HealthyProgram;
