/**
 * The story of a run (src/story.ts) from plain findings — no tfjs, no training: a cause linked to the
 * symptoms it explains in step order, the worked example's chain with its co-cause and its mechanism,
 * two independent chains, a symptom nothing explains, and nothing for a healthy run; then the console
 * report, which leads with the story and ends each chapter with the fixes tried for it.
 */
import { buildStory } from '../../src/story';
import type { Finding, FindingCode, FindingRole, Severity } from '../../src/findings';
import type { Prescription } from '../../src/prescriptions/prescription';
import type { ModelSummary } from '../../src/model-info';
import { formatReport } from '../../src/reporters/console';

interface Spec {
  code: FindingCode;
  layer?: string;
  step: number;
  role: FindingRole;
  explains?: string[];
  severity?: Severity;
  status?: Finding['status'];
  evidence?: Record<string, number | string>;
}

/** A finding as the ledger leaves it, with just what the story reads (evidence only where words need it). */
function finding(s: Spec): Finding {
  const severity = s.severity ?? (s.role === 'symptom' || s.explains?.length ? 'error' : 'warning');
  const status = s.status ?? (s.role === 'cause' && s.explains?.length ? 'confirmed' : 'open');
  return {
    code: s.code,
    ...(s.layer === undefined ? {} : { layer: s.layer }),
    step: s.step,
    epoch: 0,
    severity,
    role: s.role,
    status,
    explains: s.explains ?? [],
    history: [{ step: s.step, status, severity, note: '' }],
    evidence: s.evidence ?? {},
    message: `${s.code} message`,
    fixes: [],
  } as unknown as Finding;
}

/** The worked example's seed model on full CIFAR-10, as the doctor left it (steps from the bench run). */
const EXAMPLE: Finding[] = [
  finding({
    code: 'bad_init', layer: 'fc1', step: 0, role: 'cause', explains: ['dead_relu@conv2', 'chance_plateau'],
    evidence: { initialLoss: 3.8e5, chanceLoss: Math.log(10), layersOffScale: 3, worstLayer: 'fc1', worstKernelStd: 0.879, expectedStd: 0.03125, fanIn: 2048, maxActivationStd: 1.7e5 },
  }),
  finding({ code: 'input_not_normalized', step: 0, role: 'cause', explains: ['dead_relu@conv2', 'chance_plateau'], evidence: { rule: 'inputs', inputMin: 0, inputMax: 255, inputMean: 122, inputStd: 63, nonFinite: 0 } }),
  finding({ code: 'exploding_gradients', step: 1, role: 'cause', explains: ['dead_relu@conv2', 'chance_plateau'], evidence: { rule: 'norm', gradNorm: 1.9e6, threshold: 1e4, growth: 1, probes: 2, optimizer: 'Adam' } }),
  finding({ code: 'dead_relu', layer: 'conv2', step: 200, role: 'symptom', explains: ['chance_plateau'], evidence: { rule: 'mostly_zero', zeroFraction: 0.99996, deadUnitFraction: 0.56, units: 32, probes: 3, sinceStep: 100, absMax: 1, initialAbsMax: 1 } }),
  finding({
    code: 'chance_plateau', step: 445, role: 'symptom',
    evidence: { rule: 'classification', medianLoss: 2.34, chanceLoss: Math.log(10), meanAccuracy: 0.1, chanceAccuracy: 0.1, numClasses: 10, windowSteps: 100, sinceStep: 345, inputAbsMax: 255 },
  }),
];

const MODEL = {
  name: 'seed',
  numClasses: 10,
  layers: [
    { name: 'conv2', className: 'Conv2D', isRelu: true },
    { name: 'fc1', className: 'Dense', isRelu: true },
  ],
} as unknown as ModelSummary;

describe('buildStory', () => {
  it('a cause linked to two symptoms: the cause, then the symptoms in step order (whatever order the findings came in)', () => {
    const story = buildStory([
      finding({ code: 'chance_plateau', step: 120, role: 'symptom' }),
      finding({ code: 'dead_relu', layer: 'hidden', step: 50, role: 'symptom' }),
      finding({ code: 'bad_init', layer: 'hidden', step: 0, role: 'cause', explains: ['chance_plateau', 'dead_relu@hidden'] }),
    ]);
    expect(story).toEqual([
      {
        cause: 'bad_init@hidden',
        causes: ['bad_init@hidden'],
        symptoms: ['dead_relu@hidden', 'chance_plateau'],
        events: [
          { key: 'bad_init@hidden', code: 'bad_init', layer: 'hidden', step: 0, part: 'cause' },
          { key: 'dead_relu@hidden', code: 'dead_relu', layer: 'hidden', step: 50, part: 'symptom' },
          { key: 'chance_plateau', code: 'chance_plateau', step: 120, part: 'symptom' },
        ],
      },
    ]);
  });

  it('the worked example: one chain — initialisation first, raw inputs a co-cause, exploding gradients a step of the story', () => {
    const story = buildStory(EXAMPLE);
    expect(story).toHaveLength(1);
    expect(story[0].cause).toBe('bad_init@fc1');
    expect(story[0].causes).toEqual(['bad_init@fc1', 'input_not_normalized']);
    expect(story[0].symptoms).toEqual(['exploding_gradients', 'dead_relu@conv2', 'chance_plateau']);
    expect(story[0].events.map((e) => [e.step, e.key])).toEqual([
      [0, 'bad_init@fc1'], [0, 'input_not_normalized'], [1, 'exploding_gradients'], [200, 'dead_relu@conv2'], [445, 'chance_plateau'],
    ]);
  });

  it('a bad_init raised by the loss alone (every kernel at scale) ranks after raw inputs', () => {
    const findings = EXAMPLE.map((f) => (f.code === 'bad_init' ? ({ ...f, evidence: { ...f.evidence, layersOffScale: 0 } } as Finding) : f));
    expect(buildStory(findings)[0].causes).toEqual(['input_not_normalized', 'bad_init@fc1']);
  });

  it('a healthy report has no story: resolved findings, info notes and risks no symptom confirmed are left out', () => {
    expect(buildStory([])).toEqual([]);
    const resolved = EXAMPLE.map((f) => ({ ...f, status: 'resolved', severity: 'info' }) as Finding);
    expect(buildStory(resolved)).toEqual([]);
    expect(buildStory([finding({ code: 'bad_init', layer: 'fc1', step: 0, role: 'cause' }), finding({ code: 'probe_failed', step: 3, role: 'note', severity: 'info' })])).toEqual([]);
  });

  it('a resolved symptom drops out of the chain; the rest of the chain stays', () => {
    const findings = EXAMPLE.map((f) => (f.code === 'chance_plateau' ? ({ ...f, status: 'resolved', severity: 'info' } as Finding) : f));
    const [chapter] = buildStory(findings);
    expect(chapter.symptoms).toEqual(['exploding_gradients', 'dead_relu@conv2']);
  });

  it('two independent chains: two chapters, the earlier first', () => {
    const story = buildStory([
      finding({ code: 'lr_too_high', step: 30, role: 'cause', explains: ['nan_loss'] }),
      finding({ code: 'nan_loss', step: 60, role: 'symptom' }),
      finding({ code: 'output_loss_mismatch', step: 0, role: 'cause', explains: ['saturated_output@out'] }),
      finding({ code: 'saturated_output', layer: 'out', step: 10, role: 'symptom' }),
    ]);
    expect(story.map((c) => [c.cause, c.symptoms])).toEqual([
      ['output_loss_mismatch', ['saturated_output@out']],
      ['lr_too_high', ['nan_loss']],
    ]);
  });

  it('a symptom nothing explains is a chapter without a cause', () => {
    const story = buildStory([finding({ code: 'overfitting', step: 900, role: 'symptom' })]);
    expect(story).toEqual([{ causes: [], symptoms: ['overfitting'], events: [{ key: 'overfitting', code: 'overfitting', step: 900, part: 'symptom' }] }]);
  });

  it('a symptom that explains another, with no cause above it, is the cause of its chapter', () => {
    const story = buildStory([
      finding({ code: 'dead_relu', layer: 'h', step: 40, role: 'symptom', explains: ['chance_plateau'] }),
      finding({ code: 'chance_plateau', step: 100, role: 'symptom' }),
    ]);
    expect(story.map((c) => [c.cause, c.symptoms])).toEqual([['dead_relu@h', ['chance_plateau']]]);
  });
});

const tried = (over: Partial<Prescription>): Prescription => ({
  code: 'bad_init',
  kind: 'reinit',
  fix: 'He init on fc1, fc2',
  symptoms: ['dead_relu', 'chance_plateau'],
  steps: 300,
  seconds: 20,
  untreated: { loss: 2.3, accuracy: 0.1, active: ['dead_relu', 'chance_plateau'] },
  treated: { loss: 1.6, accuracy: 0.41, active: [] },
  cleared: true,
  ...over,
});

describe('the console report', () => {
  const summary = { model: 'seed', steps: 800, lastLoss: 2.3 };

  it('leads with the story — the timeline in measured numbers, then the cause — before the per-finding detail', () => {
    const text = formatReport(EXAMPLE, summary, [], MODEL);
    const story = text.indexOf('The story of the run:');
    expect(story).toBeGreaterThan(0);
    expect(story).toBeLessThan(text.indexOf('1. ERROR'));
    expect(text).toContain(
      'step 0: loss 3.80e+5, 1.70e+5× ln 10 — fc1\'s init is 28× the He scale; inputs range 0–255 → step 1: gradient norm 1.90e+6 → step 200: conv2 dead (99.996% zeros) → step 445: loss flat at 2.34, the chance level ln 10, accuracy 10%.\nCause: initialisation (and raw 0–255 inputs).',
    );
  });

  it('ends the chapter with the fixes tried for it: what they measured, and a fix that did not help says so', () => {
    const text = formatReport(EXAMPLE, summary, [
      tried({}),
      tried({ code: 'input_not_normalized', kind: 'scale_inputs', fix: 'inputs / 255', treated: { loss: 2.29, accuracy: 0.1, active: ['dead_relu', 'chance_plateau'] }, cleared: false }),
    ], MODEL);
    expect(text).toContain('Cause: initialisation (and raw 0–255 inputs).\nFix, tried: He init on fc1, fc2 (for bad_init) — loss 1.6 vs 2.3 untreated after 300 steps, accuracy 41% vs 10%, dead_relu and chance_plateau cleared.');
    expect(text).toContain('\nFix, tried: inputs / 255 (for input_not_normalized) — it did not help: loss 2.29 vs 2.3 untreated after 300 steps');
  });

  it('numbers several chains; says nothing extra for a healthy run', () => {
    const two = formatReport(
      [
        finding({ code: 'lr_too_high', step: 30, role: 'cause', explains: ['nan_loss'], evidence: { rule: 'update_ratio', learningRate: 1, recentLoss: 2, bestLoss: 1, medianUpdateRatio: 0.5 } }),
        finding({ code: 'nan_loss', step: 60, role: 'symptom', evidence: { loss: 'NaN', where: 'loss', lastFiniteLoss: 3, lastFiniteStep: 59 } }),
        finding({ code: 'overfitting', step: 900, role: 'symptom', evidence: { rule: 'rising', bestEpoch: 3, bestValLoss: 0.5, valLoss: 0.9, trainLossAtBest: 0.4, trainLoss: 0.1, epochsRising: 4 } }),
      ],
      summary,
    );
    expect(two).toContain('The story of the run (2 chains):\n1. step 30: each step moves the weights by 0.5 of their norm → step 60: loss NaN.\n   Cause: a learning rate too high (1).\n2. step 900: validation loss rising (0.5 at epoch 3 → 0.9).\n   Cause: none of the findings explains it.');
    const healthy = formatReport(EXAMPLE.map((f) => ({ ...f, status: 'resolved', severity: 'info' }) as Finding), summary);
    expect(healthy).not.toContain('story');
    expect(healthy).toContain('No problems found');
  });
});
