/**
 * All the words. Turns a check's draft into a finding's explanation and ranked fixes (each with a tfjs
 * snippet to paste), and words every change of a finding's status, so console, JSON, HTML and CLI all
 * say the same thing.
 */
import type { FindingCode, FindingDraft, Fix } from '../findings';
import type { ModelSummary } from '../model-info';
import { ADVICE } from './messages';

export { fmt, pct } from './format';
export { describeChange, learnedBecause, statusLine } from './changes';

/** The explanation and fixes for a draft. */
export function advise<C extends FindingCode>(draft: FindingDraft<C>, model: ModelSummary): { message: string; fixes: Fix[] } {
  return (ADVICE[draft.code] as (d: FindingDraft<C>, m: ModelSummary) => { message: string; fixes: Fix[] })(draft, model);
}
export { describePrescription, describeTreatment, fixHelped, type InputScaling } from './prescriptions';
export { describeChapter, describeTried, storyStep, causeName, chapterPrescriptions, type ChapterWords } from './story';
