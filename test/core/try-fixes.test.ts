/**
 * doctor.tryFixes(): prescriptions that prove themselves. Each test is a real tiny fit on the cpu
 * backend, then real trials on copies: a re-initialisation that revives dead ReLUs, scaled inputs that
 * rescue a model fed raw 0–255 values, nothing tried on a healthy model — with the user's model, weights
 * and optimizer state bit-identical and no tensor left behind — and bad options refused before training.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CnnDoctorError, diagnose, parseRunLog, renderHtml, type Doctor, type Prescription } from '../../src';
import { innerModel } from '../../src/model-info';
import { blobs } from '../helpers/data';
import { mlp } from '../helpers/models';

const data = blobs(320, 3, 8, 11, 1.5);

/** Every weight of the model and every variable of its optimizer, copied out. */
async function snapshot(model: tfl.LayersModel): Promise<{ weights: Float32Array[]; optimizer: { name: string; values: Float32Array }[] }> {
  const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
  const named = await innerModel(model).optimizer.getWeights();
  const values = named.map((w) => ({ name: w.name, values: w.tensor.dataSync().slice() as Float32Array }));
  tf.dispose(named.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable))); // the step count is a new scalar
  return { weights, optimizer: values };
}

/** The functions the doctor and tfjs hook into: the same before and after tryFixes means nothing was left attached. */
function hooks(model: tfl.LayersModel): unknown[] {
  const inner = innerModel(model) as unknown as Record<string, unknown>;
  const outer = model as unknown as Record<string, unknown>;
  return [outer.fit, outer.fitDataset, inner.fit, inner.fitDataset, inner.makeTrainFunction, (innerModel(model).optimizer as unknown as Record<string, unknown>).applyGradients];
}

const byKind = (tried: Prescription[], kind: Prescription['kind']) => tried.find((p) => p.kind === kind);

describe('dead ReLUs (biases −5) that leave the model at chance', () => {
  let model: tfl.Sequential;
  let doctor: Doctor;
  let lines: string[];
  let tried: Prescription[];
  let before: Awaited<ReturnType<typeof snapshot>>;
  let hooksBefore: unknown[];
  let tensorsBefore: number;

  beforeAll(async () => {
    model = mlp({ biasInitializer: tfl.initializers.constant({ value: -5 }) });
    lines = [];
    doctor = diagnose(model, { log: (line) => lines.push(line) });
    await model.fit(data.x, data.y, { epochs: 12, batchSize: 32, callbacks: [doctor], verbose: 0 });
    before = await snapshot(model);
    hooksBefore = hooks(model);
    tensorsBefore = tf.memory().numTensors;
    tried = await doctor.tryFixes({ x: data.x, y: data.y, steps: 200, seconds: 600 });
  });

  afterAll(() => doctor.detach());

  it('re-initialises the dead layers, and the treated copy learns: loss far below untreated, the plateau and the dead layer cleared', () => {
    const active = doctor.findings.filter((f) => f.severity === 'error' && f.status !== 'resolved').map((f) => f.code);
    expect(active).toEqual(expect.arrayContaining(['dead_relu', 'chance_plateau']));
    const reinit = byKind(tried, 'reinit')!;
    expect(reinit).toMatchObject({ code: 'dead_relu', steps: 200, cleared: true });
    expect(reinit.fix).toMatch(/^He init on hidden/);
    expect(reinit.symptoms).toEqual(expect.arrayContaining(['dead_relu', 'chance_plateau']));
    // Untreated: still at chance (ln 3 = 1.10) with its dead layer; treated: learnt.
    expect(reinit.untreated.loss).toBeCloseTo(Math.log(3), 1);
    expect(reinit.untreated.active).toEqual(expect.arrayContaining(['dead_relu', 'chance_plateau']));
    expect(reinit.treated.loss).toBeLessThan(0.3 * reinit.untreated.loss);
    expect(reinit.treated.accuracy).toBeGreaterThan(0.9);
    expect(reinit.treated.active).toEqual([]);
    expect(reinit.seconds).toBeGreaterThan(0);
    console.log(tried.map((p) => `${p.fix}: treated ${p.treated.loss.toFixed(4)} vs untreated ${p.untreated.loss.toFixed(4)} (${p.steps} steps, ${p.seconds} s)`).join('\n'));
  });

  it('says what it measured: the same lines in the log, the console report, the run log and the HTML report; a fix that did not help says so', () => {
    const report = doctor.report();
    expect(report.prescriptions).toEqual(tried);
    const printed = lines.filter((l) => l.includes('tried '));
    expect(printed).toHaveLength(tried.length);
    // Every planned fix together comes first, then each alone.
    expect(tried[0]).toMatchObject({ kind: 'combined', code: 'dead_relu' });
    expect(printed[0]).toMatch(/^\[cnn-doctor\] tried every fix together, He init on hidden\S* \+ learning rate 0\.01 → 0\.1: loss [\d.e-]+ vs 1\.1 untreated after 200 steps, accuracy [\d.]+% vs [\d.]+%, dead_relu and chance_plateau cleared/);
    expect(printed.find((l) => l.includes('tried He init on hidden2 for dead_relu'))).toMatch(/^\[cnn-doctor\] tried He init on hidden\S* for dead_relu: loss [\d.e-]+ vs 1\.1 untreated after 200 steps, accuracy [\d.]+% vs [\d.]+%, dead_relu and chance_plateau cleared \([\d.]+ s\)$/);
    for (const p of tried.filter((t) => t.treated.loss > 0.9 * t.untreated.loss && t.treated.active.length)) {
      expect(printed.find((l) => l.includes(`tried ${p.fix} for`))).toContain('it did not help');
    }
    expect(report.toString()).toContain('Fixes tried on copies of the model');
    const log = parseRunLog(JSON.parse(JSON.stringify(report.toJSON())));
    expect(log.prescriptions).toEqual(tried);
    const html = renderHtml(report.toJSON());
    expect(html).toContain('<h2>Fixes tried</h2>');
    expect(html).toContain('data-prescription="dead_relu"');
  });

  it("leaves the user's model, weights and optimizer state bit-identical, leaks no tensor and leaves nothing attached", async () => {
    const after = await snapshot(model);
    expect(after.weights).toHaveLength(before.weights.length);
    after.weights.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(before.weights[i].buffer))).toBe(true));
    expect(after.optimizer.map((w) => w.name)).toEqual(before.optimizer.map((w) => w.name));
    expect(after.optimizer.length).toBeGreaterThan(0); // Adam's moments and its step count
    after.optimizer.forEach((w, i) => expect(Buffer.from(w.values.buffer).equals(Buffer.from(before.optimizer[i].values.buffer))).toBe(true));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(hooks(model)).toEqual(hooksBefore);
    // The user's doctor still watches the model: a further fit is recorded as before.
    const steps = doctor.report().record.steps.loss.length;
    await model.fit(tf.slice(data.x, 0, 64), tf.slice(data.y, 0, 64), { epochs: 1, batchSize: 32, callbacks: [doctor], verbose: 0 });
    expect(doctor.report().record.steps.loss.length).toBe(steps + 2);
  });

  it('refuses bad options with a CnnDoctorError naming the fix, before anything is copied or trained', async () => {
    const tensors = tf.memory().numTensors;
    const printed = lines.length;
    const reject = async (options: unknown) => {
      try {
        await doctor.tryFixes(options as never);
      } catch (e) {
        return e as CnnDoctorError;
      }
      throw new Error('tryFixes accepted bad options');
    };
    const missing = await reject({ x: data.x });
    expect(missing).toBeInstanceOf(CnnDoctorError);
    expect(missing.code).toBe('invalid_options');
    expect(missing.message).toContain('`y`');
    expect(missing.fix).toContain('doctor.tryFixes({ x, y })');
    const several = await reject({ x: data.x, y: data.y, steps: 2.5, seconds: 0, batchSize: 'all', shuffle: true });
    expect(several.issues.map((i) => i.path)).toEqual(['steps', 'seconds', 'batchSize', 'shuffle']);
    expect(several.message).toMatch(/`steps`: Invalid input: expected int, received number, got 2\.5/);
    expect((await reject(undefined)).code).toBe('invalid_options');
    expect((await reject(data.x)).message).toContain('expected { x, y }');
    const shape = await reject({ x: tf.zeros([4, 5]), y: tf.zeros([4, 3]) });
    expect(shape.code).toBe('invalid_data');
    expect(shape.message).toContain('[4, 5]');
    expect(lines.length).toBe(printed);
    expect(doctor.report().prescriptions).toEqual(tried);
    expect(tf.memory().numTensors).toBe(tensors + 2); // the two zeros tensors made above
  });

  it('cuts K to the time budget, measured from the first steps, the same K for every copy', async () => {
    const quick = await doctor.tryFixes({ x: data.x, y: data.y, steps: 5000, seconds: 0.5 });
    expect(quick.length).toBe(tried.length);
    const steps = quick[0].steps;
    expect(steps).toBeGreaterThanOrEqual(11);
    expect(steps).toBeLessThan(5000);
    expect(quick.every((p) => p.steps === steps)).toBe(true);
    expect(doctor.report().prescriptions).toEqual(quick); // the newest trial replaces the last
  });
});

it('raw 0–255 inputs: scaling them (here / 255) rescues the model: the treated copy learns, the untreated one stays saturated', async () => {
  const raw = tf.tidy(() => tf.clipByValue(tf.add(tf.mul(data.x, 25), 128), 0, 255));
  const model = mlp();
  const doctor = diagnose(model, { log: false });
  await model.fit(raw, data.y, { epochs: 10, batchSize: 32, callbacks: [doctor], verbose: 0 });
  const before = await snapshot(model);
  const tensors = tf.memory().numTensors;
  const tried = await doctor.tryFixes({ x: raw, y: data.y, steps: 200, seconds: 600 });
  doctor.detach();
  const scaled = byKind(tried, 'scale_inputs')!;
  expect(scaled).toMatchObject({ code: 'input_not_normalized', fix: 'inputs / 255', steps: 200, cleared: true });
  expect(scaled.untreated.active.length).toBeGreaterThan(0); // the symptom it explains, still there untreated
  expect(scaled.treated.loss).toBeLessThan(0.1 * scaled.untreated.loss);
  expect(scaled.treated.accuracy).toBeGreaterThan(scaled.untreated.accuracy + 0.3);
  // The saturated softmax is tried too, on a copy whose JSON has a linear output and a logits loss.
  const logits = byKind(tried, 'logits_output')!;
  expect(logits).toMatchObject({ code: 'saturated_output', fix: 'a linear output with tf.losses.softmaxCrossEntropy', cleared: true });
  expect(logits.treated.loss).toBeLessThan(0.1 * logits.untreated.loss);
  expect(model.layers[model.layers.length - 1].getConfig().activation).toBe('softmax'); // the user's model keeps its own
  const after = await snapshot(model);
  after.weights.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(before.weights[i].buffer))).toBe(true));
  after.optimizer.forEach((w, i) => expect(Buffer.from(w.values.buffer).equals(Buffer.from(before.optimizer[i].values.buffer))).toBe(true));
  expect(tf.memory().numTensors).toBe(tensors);
  console.log(tried.map((p) => `${p.fix}: treated ${p.treated.loss.toFixed(4)} vs untreated ${p.untreated.loss.toFixed(4)} (${p.steps} steps, ${p.seconds} s)`).join('\n'));
  raw.dispose();
});

it('a healthy model: nothing to try, no copy made, an empty list', async () => {
  const model = mlp();
  const doctor = diagnose(model, { log: false });
  await model.fit(data.x, data.y, { epochs: 5, batchSize: 32, callbacks: [doctor], verbose: 0 });
  expect(doctor.report().healthy).toBe(true);
  const tensors = tf.memory().numTensors;
  const started = Date.now();
  expect(await doctor.tryFixes({ x: data.x, y: data.y })).toEqual([]);
  expect(Date.now() - started).toBeLessThan(1000); // no trial ran (one would take seconds)
  expect(doctor.report().prescriptions).toEqual([]);
  expect(doctor.report().toJSON()).not.toHaveProperty('prescriptions');
  expect(tf.memory().numTensors).toBe(tensors);
  doctor.detach();
});
