/**
 * The one finding pipeline, shared by fit (doctor.ts) and checkup: it accepts the checks' drafts,
 * dedupes them by code and layer, caps their severity by what they are, links causes to the symptoms
 * they explain, and moves every finding through its life — open → confirmed → resolved.
 *
 * Severity means harm. A *symptom* (NaN, a plateau at chance, divergence, a dead layer while the loss
 * stalls) is reported as its check grades it. A *cause* (a risk factor: init scale, input scale, a large
 * early update or gradient) is at most a warning until a symptom it can explain appears; then it is
 * confirmed and becomes an error. A *breakage* (a setup that cannot learn, whatever happens) keeps its
 * check's severity and is never resolved by training.
 *
 * Resolution: once the current fit is learning (checks/progress.ts: the loss well below the level of a
 * model that ignores its input), causes that explain no open symptom and symptoms other than nan_loss and
 * overfitting are resolved — downgraded to info, with the measured reason — and no longer count against
 * `healthy`. Once it is past chance on both loss and accuracy (a weaker bar), such causes alone are: the
 * risk did no harm, though the fit has not learned enough to clear a symptom. A resolved symptom comes
 * back only once the fit has not been learning for a full loss window (no flapping at the threshold). Findings adopted from checkup (its risks and its trials' verdicts) follow
 * the same rules.
 *
 * Clearing: a symptom its check judges afresh each round from a window of the record — the chance plateau,
 * overfitting — is also resolved once its check has not raised it for two loss windows (the loss left the
 * chance level by ≥ 10%, the validation loss came back down), whether or not the fit counts as learning yet;
 * such a finding comes back as soon as its check raises it again. Every change is one event in the finding's
 * history and is announced through `onChange`.
 */
import { advise, describeChange } from './advice';
import type { Progress } from './checks/progress';
import type { Finding, FindingCode, FindingDraft, FindingRole, FindingStatus, Severity } from './findings';
import { findingKey, severityRank } from './findings';
import type { ModelSummary } from './model-info';

export type ChangeKind = 'raised' | 'escalated' | 'confirmed' | 'resolved' | 'reopened';
/** A change as the ledger words it: `cleared` is announced as `resolved`, with its own reason. */
type EventKind = ChangeKind | 'cleared';

/** The role of a draft: by code, and for codes with both kinds of rule, by rule. */
export function roleOf(draft: FindingDraft): FindingRole {
  const rule = (draft.evidence as { rule?: string; issue?: string }).rule;
  switch (draft.code) {
    case 'probe_failed':
      return 'note';
    case 'nan_loss':
    case 'chance_plateau':
    case 'dead_relu':
    case 'saturated_output':
    case 'weights_not_updating':
    case 'lr_too_low':
    case 'overfitting':
    case 'cannot_overfit':
      return 'symptom';
    case 'lr_too_high':
      return rule === 'update_ratio' || rule === 'range_test' ? 'cause' : 'symptom';
    case 'exploding_gradients':
      return rule === 'overflow' ? 'symptom' : 'cause';
    case 'input_not_normalized':
      return rule === 'non_finite' ? 'breakage' : 'cause';
    case 'input_independent':
      return rule === 'ignores_input' ? 'symptom' : 'cause';
    case 'output_loss_mismatch':
      return rule === 'regression_loss_on_classifier' || rule === 'sigmoid_categorical_crossentropy' || rule === 'softmax_binary_crossentropy' ? 'cause' : 'breakage';
    case 'label_problems': {
      const issue = (draft.evidence as { issue: string }).issue;
      return issue === 'missing_class' || issue === 'imbalance' ? 'cause' : 'breakage';
    }
    default:
      return 'cause';
  }
}

/**
 * Which findings can explain a symptom (the symptom's code → codes of its possible causes, symptoms
 * included: a dead layer explains a plateau). Used to confirm causes and to tell the story of a run.
 */
export const EXPLAINED_BY: Partial<Record<FindingCode, readonly FindingCode[]>> = {
  chance_plateau: [
    'bad_init', 'input_not_normalized', 'lr_too_high', 'lr_too_low', 'exploding_gradients', 'vanishing_gradients', 'dead_relu',
    'saturated_output', 'output_loss_mismatch', 'missing_activation', 'dropout_too_high', 'label_problems', 'weights_not_updating',
  ],
  nan_loss: ['lr_too_high', 'exploding_gradients', 'input_not_normalized', 'bad_init', 'output_loss_mismatch', 'label_problems'],
  lr_too_high: ['exploding_gradients', 'input_not_normalized', 'bad_init'],
  dead_relu: ['bad_init', 'input_not_normalized', 'lr_too_high', 'exploding_gradients'],
  saturated_output: ['bad_init', 'input_not_normalized', 'lr_too_high', 'output_loss_mismatch'],
  lr_too_low: ['input_not_normalized', 'bad_init', 'vanishing_gradients'],
  weights_not_updating: ['saturated_output', 'dead_relu', 'lr_too_high', 'output_loss_mismatch'],
  cannot_overfit: ['output_loss_mismatch', 'label_problems', 'dead_relu', 'bad_init', 'dropout_too_high', 'weights_not_updating', 'input_not_normalized'],
  input_independent: ['dead_relu', 'bad_init', 'input_not_normalized', 'label_problems'],
};

/** Not (yet) resolved. */
const live = (f: Finding) => f.status !== 'resolved';

/** Symptoms that learning does not resolve: NaN weights stay NaN; overfitting happens *while* the training loss falls. */
const NOT_RESOLVED_BY_LEARNING = new Set<FindingCode>(['nan_loss', 'overfitting']);

/**
 * Symptoms whose check re-judges a window every round, so their absence means the symptom cleared — with
 * what else must hold: a plateau clears only once the loss is ≥ 10% below the chance level (twice the
 * check's 5% tolerance, so a loss wandering at the edge neither flaps nor clears).
 */
const CLEARS_WHEN_UNSEEN: Partial<Record<FindingCode, (p: Progress) => boolean>> = {
  chance_plateau: (p) => !(p.baseline > 0) || p.recent <= 0.9 * p.baseline,
  overfitting: () => true,
};
/** Loss windows (progress.windowSteps) a clearable symptom must stay unseen before it is resolved. */
const CLEAR_WINDOWS = 2;

const capFor = (role: FindingRole): Severity => (role === 'cause' ? 'warning' : role === 'note' ? 'info' : 'error');
const cap = (s: Severity, role: FindingRole): Severity => (severityRank(s) > severityRank(capFor(role)) ? capFor(role) : s);

export interface LedgerOptions {
  model: ModelSummary;
  /** Called once per change of any finding (raised, escalated, confirmed, resolved, reopened). */
  onChange?: (finding: Finding, change: ChangeKind) => void;
}

export class FindingLedger {
  /** Every finding, in the order it was first raised. */
  readonly findings: Finding[] = [];
  private readonly byKey = new Map<string, Finding>();
  /** The newest step at which the fit was learning: a resolved symptom comes back only a window after it. */
  private lastLearning = -Infinity;
  /** Clearable symptoms: the newest step their check raised them at. */
  private readonly lastSeen = new Map<string, number>();
  /** Findings resolved because their check stopped raising them: they come back as soon as it raises them again. */
  private readonly cleared = new Set<string>();

  constructor(private readonly options: LedgerOptions) {}

  /**
   * Takes in findings judged elsewhere — checkup()'s, before this fit — as they stand (copies: the
   * caller's stay unchanged). A finding already known by code and layer is kept as it is. Not announced:
   * whoever judged them reported them.
   */
  adopt(findings: readonly Finding[]): void {
    for (const f of findings) {
      const key = findingKey(f);
      if (this.byKey.has(key)) continue;
      const copy = structuredClone(f);
      this.findings.push(copy);
      this.byKey.set(key, copy);
    }
  }

  /**
   * One judgement: the drafts every check returned for the record as it is now, then the links between
   * findings and, when `progress` says the fit is learning, the resolutions. `progress` is undefined
   * before training (checkup), where nothing can be resolved.
   */
  round(drafts: readonly FindingDraft[], step: number, progress?: Progress): void {
    if (progress?.learning) this.lastLearning = step;
    const settled = !progress || step - this.lastLearning >= progress.windowSteps;
    for (const draft of drafts) this.accept(draft, step, settled);
    this.link(step);
    if (progress) {
      this.resolveByProgress(step, progress);
      this.resolveCleared(step, progress);
    }
  }

  /**
   * The fit has ended: when it learned, or got past chance (judged on what it had — progress(record, true)),
   * its findings are resolved as in any round. Nothing new is raised and nothing is cleared.
   */
  settle(step: number, progress: Progress): void {
    this.resolveByProgress(step, progress);
  }

  /** `settled`: the fit has not been learning for a full window (a resolved symptom may come back). */
  private accept(draft: FindingDraft, step: number, settled: boolean): void {
    const key = findingKey(draft);
    const role = roleOf(draft);
    const severity = cap(draft.severity, role);
    const known = this.byKey.get(key);
    if (CLEARS_WHEN_UNSEEN[draft.code]) this.lastSeen.set(key, step);
    if (!known) {
      const finding = this.word({ ...draft, severity, role, status: 'open', explains: [], history: [] } as unknown as Finding);
      this.findings.push(finding);
      this.byKey.set(key, finding);
      this.change(finding, 'raised', step, 'open', severity);
      return;
    }
    if (known.status === 'resolved') {
      // A symptom that comes back is news; a cause shown harmless stays so unless a symptom it explains appears (link).
      if (role === 'cause' || (!settled && !this.cleared.has(key))) return;
      this.cleared.delete(key);
      this.replace(known, { ...draft, severity }, role);
      this.change(this.byKey.get(key)!, 'reopened', step, 'open', severity);
      return;
    }
    if (severityRank(severity) > severityRank(known.severity)) {
      this.replace(known, { ...draft, severity }, role);
      this.change(this.byKey.get(key)!, 'escalated', step, known.status, severity);
    }
  }

  /** Causes (and symptoms) that can explain an open symptom are linked to it; causes are confirmed as errors. */
  private link(step: number): void {
    const symptoms = this.findings.filter((f) => f.role === 'symptom' && f.status !== 'resolved' && f.severity !== 'info');
    if (symptoms.length === 0) return;
    for (const f of this.findings) {
      if (f.role === 'note') continue;
      const explained = symptoms.filter((s) => s !== f && s.code !== f.code && EXPLAINED_BY[s.code]?.includes(f.code)).map((s) => findingKey(s));
      const added = explained.filter((k) => !f.explains.includes(k));
      if (added.length === 0) continue;
      f.explains.push(...added);
      if ((f.role === 'cause' || f.role === 'breakage') && (f.status !== 'confirmed' || f.severity !== 'error')) {
        this.change(f, 'confirmed', step, 'confirmed', 'error');
      }
    }
  }

  /** Learning resolves symptoms and harmless causes; past chance, the harmless causes alone. */
  private resolveByProgress(step: number, progress: Progress): void {
    if (progress.learning) this.resolveLearned(step, progress);
    else if (progress.pastChance) this.resolveHarmless(step, progress);
  }

  private resolveLearned(step: number, progress: Progress): void {
    // Symptoms first: a cause is resolved only once no symptom it explains is still open.
    for (const f of this.findings) {
      if (live(f) && f.role === 'symptom' && !NOT_RESOLVED_BY_LEARNING.has(f.code)) this.change(f, 'resolved', step, 'resolved', 'info', progress);
    }
    this.resolveHarmless(step, progress);
  }

  /** Causes that explain no open symptom: the fit got past chance regardless, so the risk did no harm. */
  private resolveHarmless(step: number, progress: Progress): void {
    const open = new Set(this.findings.filter((f) => f.role === 'symptom' && live(f) && f.severity !== 'info').map((f) => findingKey(f)));
    for (const f of this.findings) {
      if (live(f) && f.role === 'cause' && !f.explains.some((k) => open.has(k))) this.change(f, 'resolved', step, 'resolved', 'info', progress);
    }
  }

  /** Clearable symptoms their check has not raised for CLEAR_WINDOWS loss windows are resolved as cleared. */
  private resolveCleared(step: number, progress: Progress): void {
    for (const f of this.findings) {
      const key = findingKey(f);
      const clears = CLEARS_WHEN_UNSEEN[f.code];
      if (f.status === 'resolved' || !clears) continue;
      const seen = this.lastSeen.get(key) ?? f.step;
      if (step - seen < CLEAR_WINDOWS * progress.windowSteps || !clears(progress)) continue;
      this.cleared.add(key);
      this.change(f, 'cleared', step, 'resolved', 'info', undefined, seen);
    }
  }

  /** New evidence (and role: one code can have rules of both kinds) for a known finding; it keeps the step it was first raised at. */
  private replace(known: Finding, draft: FindingDraft, role: FindingRole): void {
    const next = this.word({ ...known, ...draft, role, step: known.step, epoch: known.epoch } as Finding);
    const i = this.findings.indexOf(known);
    this.findings[i] = next;
    this.byKey.set(findingKey(next), next);
  }

  private word(f: Finding): Finding {
    const { message, fixes } = advise(f as unknown as FindingDraft, this.options.model);
    return Object.assign(f, { message, fixes });
  }

  private change(f: Finding, kind: EventKind, step: number, status: FindingStatus, severity: Severity, progress?: Progress, lastSeen?: number): void {
    f.status = status;
    f.severity = severity;
    f.history.push({ step, status, severity, note: describeChange(f, kind, step, progress, lastSeen) });
    this.options.onChange?.(f, kind === 'cleared' ? 'resolved' : kind);
  }
}
