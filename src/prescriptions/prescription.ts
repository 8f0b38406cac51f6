/**
 * Prescriptions are plain data, like findings: which mechanical fix was tried for which finding, and
 * what the trial measured on copies of the model. No tfjs here (reporters and the run-log schema import
 * these types); the advice module words them.
 */
import type { FindingCode } from '../findings';

/** The mechanical fixes `tryFixes` knows how to apply to a copy of the model. */
export type FixKind = 'reinit' | 'scale_inputs' | 'lower_lr' | 'raise_lr' | 'logits_output' | 'combined';

/** One fix to try, as planned from the findings (plan.ts): what to change, for which finding, judged on which symptoms. */
export interface Treatment {
  kind: FixKind;
  /** The finding whose fix it is. */
  code: FindingCode;
  /** reinit: the layers to re-initialise, each with He (ReLU family) or Glorot (others). */
  layers?: { name: string; init: 'he' | 'glorot' }[];
  /** lower_lr / raise_lr: the learning rate now and the one tried. */
  learningRate?: { from: number; to: number };
  /** Symptom codes whose absence at the end of the treated copy's run counts as cleared. */
  symptoms: FindingCode[];
  /** combined: every single fix planned, applied to one copy together (`layers` and `learningRate` are theirs, merged). */
  parts?: Treatment[];
}

/** Loss and accuracy of one copy: means over the last 10% of its steps (accuracy NaN without an accuracy metric). */
export interface TrialOutcome {
  loss: number;
  accuracy: number;
  /** Which of the prescription's `symptoms` were still active (warning or error, not resolved) at the end of this copy's run. */
  active: FindingCode[];
}

/** What one tried fix measured: the treated copy against the shared untreated one, same K steps, same batches. */
export interface Prescription {
  /** The finding the fix is for. */
  code: FindingCode;
  kind: FixKind;
  /** The fix in words ("He init on fc1, fc2", "inputs / 255", "learning rate 0.1 → 0.01"). */
  fix: string;
  /** The symptom codes judged on the copies (the finding itself when a symptom, and the symptoms it explains). */
  symptoms: FindingCode[];
  /** Training steps each copy took (K). */
  steps: number;
  /** Wall time of the treated copy's trial (copy, K steps with the doctor attached, judgement). */
  seconds: number;
  untreated: TrialOutcome;
  treated: TrialOutcome;
  /** No symptom of `symptoms` is active at the end of the treated copy's run. */
  cleared: boolean;
}
