/**
 * cnn-doctor — watches a TensorFlow.js model while it trains, tells you why it is not learning and
 * what to change. This entry is browser-safe: no Node-only imports.
 */
export { diagnose, Doctor } from './callback';
export type { DiagnoseOptions } from './options';
export { Report } from './report';
export { CnnDoctorError } from './errors';
export type { CnnDoctorErrorCode } from './errors';
export { FINDING_CODES } from './findings';
export type { Finding, FindingCode, FindingDraft, Fix, Severity, Evidence, EvidenceByCode } from './findings';
export type { RunRecord, ProbeRecord, LayerProbe, ActivationStats, OutputStats, InputStats, StepSeries } from './record';
export type { ModelSummary, LayerSummary, KernelSummary, Task } from './model-info';
export type { RunLog } from './reporters/json';
