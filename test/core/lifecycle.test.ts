/** The finding pipeline on plain drafts: severity by role, confirmation by a symptom, resolution by learning. */
import type { Progress } from '../../src/checks/progress';
import type { FindingDraft } from '../../src/findings';
import { FindingLedger, roleOf, type ChangeKind } from '../../src/lifecycle';
import { modelSummary } from '../helpers/record';

const badInit = (step = 0): FindingDraft<'bad_init'> => ({
  code: 'bad_init', severity: 'error', step, epoch: 0, layer: 'fc1',
  evidence: { initialLoss: 3e5, chanceLoss: 2.3, layersOffScale: 1, worstLayer: 'fc1', worstKernelStd: 0.9, expectedStd: 0.03, fanIn: 2048, maxActivationStd: 5e4 },
});
const plateau = (step: number): FindingDraft<'chance_plateau'> => ({
  code: 'chance_plateau', severity: 'error', step, epoch: 0,
  evidence: { rule: 'classification', medianLoss: 2.3, chanceLoss: 2.3, meanAccuracy: 0.1, chanceAccuracy: 0.1, numClasses: 10, windowSteps: 100, sinceStep: step - 100, inputAbsMax: 255 },
});
const progress = (learning: boolean, over: Partial<Progress> = {}): Progress => ({
  ready: true, windowSteps: 20, recent: learning ? 0.6 : 2.3, previous: 0.7, start: 2.4, baseline: 2.3, recentAccuracy: NaN, chanceAccuracy: 0.1, learning, pastChance: learning, falling: false, stalled: !learning, ...over,
});

function ledger() {
  const changes: [string, ChangeKind, string][] = [];
  const l = new FindingLedger({ model: modelSummary(), onChange: (f, kind) => changes.push([f.code, kind, f.severity]) });
  return { l, changes };
}

describe('finding lifecycle', () => {
  it('caps a cause at a warning and says no harm is seen yet', () => {
    const { l, changes } = ledger();
    l.round([badInit()], 0, progress(false, { ready: false }));
    expect(l.findings[0]).toMatchObject({ code: 'bad_init', role: 'cause', severity: 'warning', status: 'open' });
    expect(l.findings[0].history[0].note).toMatch(/no harm seen yet/);
    expect(changes).toEqual([['bad_init', 'raised', 'warning']]);
  });
  it('confirms a cause as an error when a symptom it explains appears, and links them', () => {
    const { l, changes } = ledger();
    l.round([badInit()], 0);
    l.round([badInit(), plateau(445)], 445, progress(false));
    expect(l.findings.find((f) => f.code === 'bad_init')).toMatchObject({ severity: 'error', status: 'confirmed', explains: ['chance_plateau'] });
    expect(changes.map((c) => c[1])).toEqual(['raised', 'raised', 'confirmed']);
  });
  it('a risk stays open at the end of a fit that neither learned nor got past chance on both loss and accuracy', () => {
    const { l } = ledger();
    l.round([badInit()], 0, progress(false, { ready: false }));
    l.settle(30, progress(false, { recent: 1.9 }));
    expect(l.findings[0]).toMatchObject({ status: 'open', severity: 'warning' });
  });
  it('resolves a risk, but no symptom, once the fit is past chance on loss and accuracy without reaching the learning bar', () => {
    const { l, changes } = ledger();
    l.round([badInit()], 0, progress(false, { ready: false }));
    l.round([badInit(), { ...plateau(40), code: 'dead_relu', layer: 'fc2', evidence: { rule: 'zeros', zeroFraction: 1, deadUnitFraction: 1, probes: 2, lossStalled: false } } as unknown as FindingDraft], 40, progress(false));
    l.settle(60, progress(false, { recent: 1.9, recentAccuracy: 0.45, pastChance: true, stalled: false }));
    // bad_init explains the open dead layer: it stays; the symptom is not resolved by the weaker bar.
    expect(l.findings.map((f) => [f.code, f.status])).toEqual([['bad_init', 'confirmed'], ['dead_relu', 'open']]);
    const alone = ledger();
    alone.l.round([badInit()], 0, progress(false, { ready: false }));
    alone.l.settle(14, progress(false, { recent: 1.7, recentAccuracy: 0.46, pastChance: true, stalled: false }));
    expect(alone.l.findings[0]).toMatchObject({ status: 'resolved', severity: 'info' });
    expect(alone.l.findings[0].history.at(-1)!.note).toMatch(/loss fell to 1\.7, below 2\.3 .*accuracy reached 46.*did no harm/);
    expect(changes.length).toBeGreaterThan(0);
  });
  it("adopts checkup's findings as copies, which the fit resolves by learning like its own", () => {
    const pre = ledger();
    const trial: FindingDraft<'cannot_overfit'> = { code: 'cannot_overfit', severity: 'error', step: 0, epoch: 0, evidence: { samples: 8, steps: 300, initialLoss: 0.77, finalLoss: 0.21, threshold: 0.077, learningRate: 0.01, triedLearningRates: '0.01, 0.001, 0.1', bestLearningRate: 0.1 } };
    pre.l.round([trial], 0);
    const { l, changes } = ledger();
    l.adopt(pre.l.findings);
    expect(changes).toEqual([]); // not announced again
    l.settle(30, progress(false, { recent: 1.9 }));
    expect(l.findings[0]).toMatchObject({ code: 'cannot_overfit', status: 'open', severity: 'error' });
    l.settle(60, progress(true));
    expect(l.findings[0]).toMatchObject({ status: 'resolved', severity: 'info' });
    expect(pre.l.findings[0]).toMatchObject({ status: 'open', severity: 'error' });
  });
  it('resolves a cause when the fit learns, downgrading it to info with the measured reason', () => {
    const { l } = ledger();
    l.round([badInit()], 0);
    l.round([badInit()], 140, progress(true));
    const f = l.findings[0];
    expect(f).toMatchObject({ status: 'resolved', severity: 'info' });
    expect(f.history.at(-1)!.note).toMatch(/Resolved at step 140: the loss fell to 0\.6/);
    // It stays resolved although the check keeps drafting it.
    l.round([badInit()], 200, progress(false));
    expect(l.findings[0].status).toBe('resolved');
  });
  it('does not resolve a cause that explains a symptom still open', () => {
    const { l } = ledger();
    l.round([badInit(), plateau(300)], 300, progress(false));
    l.round([badInit()], 301, { ...progress(true) });
    // Learning resolves the plateau first; the cause then has no open symptom and is resolved too.
    expect(l.findings.map((f) => f.status)).toEqual(['resolved', 'resolved']);
  });
  it('never resolves a breakage, and a symptom comes back only after a full window without learning', () => {
    const { l } = ledger();
    const broken: FindingDraft<'output_loss_mismatch'> = { code: 'output_loss_mismatch', severity: 'error', step: 0, epoch: 0, evidence: { rule: 'softmax_single_unit', loss: 'binaryCrossentropy', outputActivation: 'softmax', units: 1, labelWidth: NaN, labelClasses: NaN } };
    l.round([broken, plateau(100)], 100, progress(false));
    l.round([broken], 120, progress(true));
    expect(l.findings.map((f) => [f.code, f.status])).toEqual([['output_loss_mismatch', 'confirmed'], ['chance_plateau', 'resolved']]);
    l.round([broken, plateau(125)], 125, progress(false));
    expect(l.findings[1].status).toBe('resolved'); // 5 steps after learning: too soon
    l.round([broken, plateau(141)], 141, progress(false));
    expect(l.findings[1].status).toBe('open');
  });
  it('clears a plateau its check stops seeing for two loss windows, and brings it back as soon as it is seen again', () => {
    const { l, changes } = ledger();
    const below = progress(false, { recent: 1.9 }); // ≥ 10% under the chance level 2.3, not yet "learning"
    l.round([plateau(100)], 100, progress(false));
    l.round([], 120, below);
    expect(l.findings[0].status).toBe('open'); // one window: too soon
    l.round([], 140, progress(false, { recent: 2.2 }));
    expect(l.findings[0].status).toBe('open'); // unseen, but within 10% of the chance level: not cleared
    l.round([], 140, below);
    expect(l.findings[0]).toMatchObject({ status: 'resolved', severity: 'info' });
    expect(l.findings[0].history.at(-1)!.note).toBe('Resolved at step 140: the loss has not sat at the chance level since step 100.');
    l.round([plateau(150)], 150, progress(false));
    expect(l.findings[0]).toMatchObject({ status: 'open', severity: 'error' });
    expect(changes.map((c) => c[1])).toEqual(['raised', 'resolved', 'reopened']);
  });
  it('gives roles by rule where a code has both kinds', () => {
    expect(roleOf({ ...badInit(), code: 'lr_too_high', evidence: { rule: 'update_ratio' } } as never)).toBe('cause');
    expect(roleOf({ ...badInit(), code: 'lr_too_high', evidence: { rule: 'divergence' } } as never)).toBe('symptom');
    expect(roleOf({ ...badInit(), code: 'input_not_normalized', evidence: { rule: 'non_finite' } } as never)).toBe('breakage');
  });
});
