/**
 * Which fixes apply: from the doctor's active error findings to the mechanical fixes a copy of the model
 * can be given (no tfjs: a pure function of the findings and the model summary, like a check).
 *
 * | finding | fix tried |
 * |---|---|
 * | bad_init | re-initialise every Dense/Conv layer whose kernel is off scale (kernelScale), He or Glorot |
 * | dead_relu | re-initialise the dead layers (kernel He/Glorot, bias 0): all dead layers in one trial |
 * | exploding_gradients, vanishing_gradients | re-initialise the off-scale layers when there are any (the init is the cause); exploding under plain SGD: learning rate ÷ 10 |
 * | input_not_normalized (rule inputs) | standardise x with its own mean/std, or x / 255 when x lies in [0, 255] |
 * | lr_too_high / lr_too_low | learning rate ÷ 10 / × 10 |
 * | output_loss_mismatch (double_softmax), saturated_output (softmax + categoricalCrossentropy) | a linear output with tf.losses.softmaxCrossEntropy |
 *
 * Other codes have no mechanical fix (labels, dropout, a missing activation, overfitting…) and are skipped.
 * A symptom (chance_plateau, dead_relu, saturated_output…) is treated through the fixes of the causes
 * linked to it — they are active errors themselves once confirmed — and its own fixes above. A fix is tried
 * once: the same change proposed by two findings is one trial, judged on the symptoms of both.
 *
 * When two or more fixes are planned, they are also tried together on one copy, first: a run with several
 * causes (an off-scale init *and* raw inputs *and* a layer that died of them) often needs all of them, and
 * each alone, tried from weights the others have spoiled, can look useless.
 */
import { isActive, type Finding, type FindingCode } from '../findings';
import { kernelScale, type LayerSummary, type ModelSummary } from '../model-info';
import type { Treatment } from './prescription';

/** Layer classes whose kernel and bias a re-initialisation replaces. */
export const REINIT_CLASSES = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose']);
const RELU_FAMILY = new Set(['relu', 'relu6', 'leakyRelu', 'elu']);

const codeOf = (key: string) => key.split('@')[0] as FindingCode;

/** The symptoms a fix for `f` is judged on: itself when it is a symptom (or explains nothing), and every symptom it explains. */
function symptomsOf(f: Finding): FindingCode[] {
  const own = f.role === 'symptom' || f.explains.length === 0 ? [f.code] : [];
  return [...new Set([...own, ...f.explains.map(codeOf)])];
}

const initFor = (l: LayerSummary): 'he' | 'glorot' => (l.isRelu || RELU_FAMILY.has(l.activation ?? '') ? 'he' : 'glorot');

/** Dense/Conv layers whose kernel std lies outside the band bad_init judges by. */
function offScaleLayers(model: ModelSummary): LayerSummary[] {
  return model.layers.filter((l) => REINIT_CLASSES.has(l.className) && kernelScale(l)?.outside);
}

function reinit(code: FindingCode, layers: LayerSummary[], symptoms: FindingCode[]): Treatment | undefined {
  const usable = layers.filter((l) => REINIT_CLASSES.has(l.className));
  return usable.length ? { kind: 'reinit', code, layers: usable.map((l) => ({ name: l.name, init: initFor(l) })), symptoms } : undefined;
}

const lr = (code: FindingCode, kind: 'lower_lr' | 'raise_lr', from: number, symptoms: FindingCode[]): Treatment | undefined =>
  Number.isFinite(from) && from > 0 ? { kind, code, learningRate: { from, to: kind === 'lower_lr' ? from / 10 : from * 10 }, symptoms } : undefined;

/** The output is a softmax Dense/Conv layer and the loss a categorical cross-entropy on one-hot rows (or already a logits loss). */
function logitsApply(model: ModelSummary): boolean {
  const out = model.layers[model.layers.length - 1];
  return !!out && REINIT_CLASSES.has(out.className) && out.activation === 'softmax' && (model.loss === 'categoricalCrossentropy' || model.loss === 'softmaxCrossEntropy');
}

/** Identity of a fix, to try each once. */
function keyOf(t: Treatment): string {
  return `${t.kind}:${t.layers?.map((l) => l.name).sort().join(',') ?? ''}`;
}

/**
 * The fixes to try for the active error findings, in the order the findings were raised. `learningRate`
 * is the optimizer's current rate (NaN when unreadable: no learning-rate fix is tried).
 */
export function planTreatments(findings: readonly Finding[], model: ModelSummary, learningRate: number): Treatment[] {
  const errors = findings.filter((f) => isActive(f) && f.severity === 'error');
  const planned: Treatment[] = [];
  const add = (t: Treatment | undefined) => {
    if (!t) return;
    const same = planned.find((p) => keyOf(p) === keyOf(t));
    if (same) same.symptoms = [...new Set([...same.symptoms, ...t.symptoms])];
    else planned.push(t);
  };
  const byName = (names: (string | undefined)[]) => model.layers.filter((l) => names.includes(l.name));
  // All dead layers in one trial: re-initialising one of several dead layers rarely clears anything.
  const dead = errors.filter((f) => f.code === 'dead_relu');
  for (const f of errors) {
    const symptoms = symptomsOf(f);
    switch (f.code) {
      case 'bad_init':
        add(reinit(f.code, offScaleLayers(model), symptoms));
        break;
      case 'dead_relu':
        if (f === dead[0]) add(reinit(f.code, byName(dead.map((d) => d.layer)), [...new Set(dead.flatMap(symptomsOf))]));
        break;
      case 'exploding_gradients':
      case 'vanishing_gradients':
        add(reinit(f.code, offScaleLayers(model), symptoms));
        if (f.code === 'exploding_gradients' && model.optimizer === 'SGD') add(lr(f.code, 'lower_lr', learningRate, symptoms));
        break;
      case 'input_not_normalized':
        if (f.evidence.rule === 'inputs') add({ kind: 'scale_inputs', code: f.code, symptoms });
        break;
      case 'lr_too_high':
        add(lr(f.code, 'lower_lr', learningRate, symptoms));
        break;
      case 'lr_too_low':
        add(lr(f.code, 'raise_lr', learningRate, symptoms));
        break;
      case 'output_loss_mismatch':
        if (f.evidence.rule === 'double_softmax' && logitsApply(model)) add({ kind: 'logits_output', code: f.code, symptoms });
        break;
      case 'saturated_output':
        if (logitsApply(model) && model.loss === 'categoricalCrossentropy') add({ kind: 'logits_output', code: f.code, symptoms });
        break;
      default:
        break; // no mechanical fix
    }
  }
  const together = combined(planned);
  return together ? [together, ...planned] : planned;
}

/** Every planned fix on one copy: the re-initialised layers merged, one learning-rate change (lowering wins). */
function combined(planned: Treatment[]): Treatment | undefined {
  if (planned.length < 2) return undefined;
  const layers = new Map<string, { name: string; init: 'he' | 'glorot' }>();
  for (const t of planned) for (const l of t.layers ?? []) layers.set(l.name, l);
  const rate = planned.find((t) => t.kind === 'lower_lr') ?? planned.find((t) => t.kind === 'raise_lr');
  const parts = planned.filter((t) => (t.kind !== 'lower_lr' && t.kind !== 'raise_lr') || t === rate);
  if (parts.length < 2) return undefined;
  return {
    kind: 'combined',
    code: parts[0].code,
    ...(layers.size ? { layers: [...layers.values()] } : {}),
    ...(rate?.learningRate ? { learningRate: rate.learningRate } : {}),
    symptoms: [...new Set(parts.flatMap((t) => t.symptoms))],
    parts,
  };
}
