/**
 * cnn-doctor — watches a TensorFlow.js model while it trains, tells you why it is not learning and
 * what to change. This entry is browser-safe: no Node-only imports.
 */
export { diagnose, Doctor } from './callback';
export type { DiagnoseOptions } from './options';
export type { TryFixesOptions, Prescription, TrialOutcome, FixKind } from './prescriptions';
export { Report } from './report';
export { buildStory } from './story';
export type { StoryChapter, StoryEvent } from './story';
export { CnnDoctorError } from './errors';
export type { CnnDoctorErrorCode } from './errors';
export { FINDING_CODES } from './findings';
export type { Finding, FindingCode, FindingDraft, Fix, Severity, Evidence, EvidenceByCode } from './findings';
export type { RunRecord, ProbeRecord, LayerProbe, ActivationStats, OutputStats, InputStats, StepSeries } from './record';
export type { ModelSummary, LayerSummary, KernelSummary, Task } from './model-info';
export type { RunLog } from './reporters/json';
export { checkup } from './checkup/checkup';
export type { CheckupResult } from './checkup/checkup';
export type { CheckupOptions, LrFinderOptions } from './checkup/options';
export type { CheckupLayerRow } from './checkup/layer-table';
export { CheckupReport } from './checkup/report';
export type { CheckupJSON } from './checkup/report';
export { findLearningRate } from './checkup/lr-finder';
export type { LrFinderResult } from './checkup/lr-finder';
export type { CheckupData, LabelStats, TrialRun, LrRangeTest } from './record';
export type { OutputLossRule } from './findings';
export { renderHtml } from './reporters/html';
export type { HtmlReportOptions } from './reporters/html';
export { parseRunLog } from './reporters/run-log-schema';
export type { RunLogJson } from './reporters/run-log-schema';
export { showInTfvis } from './reporters/tfvis';
export type { TfvisLike } from './reporters/tfvis';
