/**
 * The story of a run: the active findings linked by cause, as plain data — a pure function of the
 * findings (no tfjs, no words; advice/story.ts words it, the reporters render it).
 *
 * The lifecycle links every finding to the symptoms it can explain (`explains`, from EXPLAINED_BY). A
 * chapter is one connected group of those links among the active findings (warnings and errors not
 * resolved): its root causes — the findings in it that nothing else in it explains — and the symptoms
 * they explain, every finding dated by the step it was raised at. Root causes are ordered most likely
 * first: a setting or a setup (initialisation, input scale, the learning rate, the output/loss pairing…)
 * before a mechanism it sets off (exploding or vanishing gradients), then the one that explains more,
 * then the earliest. A symptom no active finding explains is a chapter of its own, without a cause.
 *
 * Resolved findings are left out: the story tells what is wrong now and how it came about. A healthy run
 * (no active warning or error) has no story. A cause no symptom has confirmed (a risk, no harm seen yet)
 * is not part of it either: a story needs something that went wrong.
 */
import { findingKey, isActive, type Finding, type FindingCode } from './findings';

/** One finding of a chapter, dated. */
export interface StoryEvent {
  /** The finding's key: `code` or `code@layer`. */
  key: string;
  code: FindingCode;
  layer?: string;
  /** The step the finding was raised at. */
  step: number;
  /** cause: a root cause of the chapter; symptom: something it explains (a symptom, or a mechanism like exploding gradients). */
  part: 'cause' | 'symptom';
}

/** One root cause (or a few that explain the same symptoms) and what it explains, in time order. */
export interface StoryChapter {
  /** Key of the most likely root cause; absent when no active finding explains the chapter's symptoms. */
  cause?: string;
  /** Every root cause of the chapter, most likely first (`cause` is the first); empty without a cause. */
  causes: string[];
  /** Keys of the findings the causes explain, in step order (symptoms, and mechanisms such as exploding gradients). */
  symptoms: string[];
  /** Every finding of the chapter in step order (at one step: causes first), for timelines. */
  events: StoryEvent[];
}

/**
 * Causes that are mechanisms set off by a setting or a setup: with such a cause in the same chapter they
 * are told as a step of the story, not as its cause.
 */
const MECHANISMS = new Set<FindingCode>(['exploding_gradients', 'vanishing_gradients']);

/** Ties between root causes: setups that cannot learn, then data, initialisation, inputs, the learning rate, architecture. */
const CAUSE_ORDER: readonly FindingCode[] = [
  'output_loss_mismatch', 'label_problems', 'bad_init', 'input_not_normalized', 'lr_too_high', 'lr_too_low', 'missing_activation',
  'dropout_too_high', 'weights_not_updating', 'exploding_gradients', 'vanishing_gradients',
];

/**
 * bad_init with every kernel at a sound scale was raised by the loss or the activations alone: unscaled
 * inputs, when they are in the story too, are then the likelier cause (the advice says so as well).
 */
function causeRank(f: Finding): number {
  const i = CAUSE_ORDER.indexOf(f.code);
  const base = i < 0 ? CAUSE_ORDER.length : i;
  if (f.code === 'bad_init' && f.evidence.layersOffScale === 0) return CAUSE_ORDER.indexOf('input_not_normalized') + 0.5;
  return base;
}

/** The story of a run from its findings: one chapter per group of linked active findings, the earliest chapter first. */
export function buildStory(findings: readonly Finding[]): StoryChapter[] {
  const active = findings.filter((f) => isActive(f) && f.role !== 'note');
  const byKey = new Map(active.map((f) => [findingKey(f), f] as const));
  // Links among active findings only: a resolved symptom is no longer part of the story.
  const links = new Map(active.map((f) => [findingKey(f), f.explains.filter((k) => byKey.has(k) && k !== findingKey(f))] as const));
  const explained = new Set([...links.values()].flat());

  // Connected groups (union–find over the links).
  const parent = new Map<string, string>([...byKey.keys()].map((k) => [k, k]));
  const root = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  for (const [k, targets] of links) for (const t of targets) parent.set(root(t), root(k));
  const groups = new Map<string, Finding[]>();
  for (const [k, f] of byKey) {
    const g = root(k);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(f);
  }

  const chapters: StoryChapter[] = [];
  for (const members of groups.values()) {
    const linked = members.some((f) => (links.get(findingKey(f)) ?? []).length > 0);
    if (!linked) {
      // Alone: a symptom nothing explains is told without a cause; a lone cause (no harm seen) is not a story.
      const f = members[0];
      if (f.role === 'symptom') chapters.push({ causes: [], symptoms: [findingKey(f)], events: [event(f, 'symptom')] });
      continue;
    }
    const roots = members.filter((f) => !explained.has(findingKey(f)));
    const reach = (f: Finding) => reachable(findingKey(f), links).size;
    const isCause = (f: Finding) => f.role === 'cause' || f.role === 'breakage';
    const settings = roots.filter((f) => isCause(f) && !MECHANISMS.has(f.code));
    const causes = (settings.length ? settings : roots.filter(isCause).length ? roots.filter(isCause) : roots).sort(
      (a, b) => reach(b) - reach(a) || a.step - b.step || causeRank(a) - causeRank(b) || findingKey(a).localeCompare(findingKey(b)),
    );
    // A cause explaining a strict subset of what the first explains still counts as a co-cause (both are roots).
    const causeKeys = causes.map(findingKey);
    const events = members
      .map((f) => event(f, causeKeys.includes(findingKey(f)) ? 'cause' : 'symptom'))
      .sort((a, b) => a.step - b.step || order(a, causeKeys) - order(b, causeKeys) || a.key.localeCompare(b.key));
    chapters.push({ cause: causeKeys[0], causes: causeKeys, symptoms: events.filter((e) => e.part === 'symptom').map((e) => e.key), events });
  }
  return chapters.sort((a, b) => a.events[0].step - b.events[0].step || (a.cause ? 0 : 1) - (b.cause ? 0 : 1));
}

function event(f: Finding, part: StoryEvent['part']): StoryEvent {
  return { key: findingKey(f), code: f.code, ...(f.layer === undefined ? {} : { layer: f.layer }), step: f.step, part };
}

/** At one step: the causes in their order, then the rest. */
function order(e: StoryEvent, causes: readonly string[]): number {
  const i = causes.indexOf(e.key);
  return i < 0 ? causes.length : i;
}

function reachable(from: string, links: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const todo = [...(links.get(from) ?? [])];
  while (todo.length) {
    const k = todo.pop()!;
    if (seen.has(k)) continue;
    seen.add(k);
    todo.push(...(links.get(k) ?? []));
  }
  return seen;
}
