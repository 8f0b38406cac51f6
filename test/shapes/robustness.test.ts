/**
 * A probe that fails (an odd layer, a view that cannot predict, an optimizer that never calls
 * applyGradients) becomes a `probe_failed` info about what could not be measured; training completes
 * and the other checks still run. A user callback that throws does not break training either.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose, type Finding } from '../../src';
import * as modelInfo from '../../src/model-info';
import { fitWithDoctor, labelsFrom, oneHot, uniform } from './helpers';

const N = 64;
const x8 = uniform([N, 8], 1);
const y3 = oneHot(labelsFrom(x8, 3), 3);

/** A healthy MLP, or one whose hidden kernels start at stddev 5 (a bad_init the doctor must still find). */
function mlp(opts: { badInit?: boolean; optimizer?: tf.Optimizer } = {}): tfl.Sequential {
  const init = opts.badInit ? tfl.initializers.randomNormal({ stddev: 5, seed: 1 }) : tfl.initializers.heNormal({ seed: 1 });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: init, name: 'h1' }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }), name: 'out' }),
    ],
  });
  model.compile({ optimizer: opts.optimizer ?? tf.train.adam(1e-2), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const probeFailures = (findings: Finding[]) =>
  findings.filter((f): f is Finding<'probe_failed'> => f.code === 'probe_failed').map((f) => ({ ...f.evidence, severity: f.severity }));

// Wrapped so one test can hide a layer's graph node; every other test runs the real function.
jest.mock('../../src/model-info', () => {
  const actual = jest.requireActual('../../src/model-info');
  return { ...actual, layerNodeIn: jest.fn(actual.layerNodeIn) };
});

afterEach(() => {
  jest.restoreAllMocks();
  const actual = jest.requireActual<typeof modelInfo>('../../src/model-info');
  jest.mocked(modelInfo.layerNodeIn).mockImplementation(actual.layerNodeIn);
});

describe('failing probes become probe_failed infos', () => {
  it('the activation view cannot predict: activations are skipped, gradients and bad_init still measured', async () => {
    // fit never calls predict; the doctor's functional view does.
    jest.spyOn(tfl.LayersModel.prototype, 'predict').mockImplementation(() => {
      throw new Error('predict exploded\nsecond line');
    });
    const { record, findings, history } = await fitWithDoctor(mlp({ badInit: true }), x8, y3);
    expect(history.history.loss).toHaveLength(2);
    expect(record.steps.loss).toHaveLength(8);
    expect(probeFailures(findings)).toEqual([{ probe: 'activations', reason: 'predict exploded', severity: 'info' }]);
    expect(findings.find((f) => f.code === 'probe_failed')!.message).toBe('Could not measure activations: predict exploded. Other diagnoses still run.');
    expect(record.probes.every((p) => p.layers.h1.activation === undefined && p.layers.h1.gradNorm! > 0)).toBe(true);
    expect(findings.find((f) => f.code === 'bad_init')).toMatchObject({ layer: 'h1', step: 0 });
  });

  it('a layer whose output cannot be tapped is skipped by name; the other layers are measured', async () => {
    // As if tfjs had no node for h1 in this graph (the doctor finds a layer's output through its node).
    const real = jest.requireActual<typeof modelInfo>('../../src/model-info').layerNodeIn;
    jest.mocked(modelInfo.layerNodeIn).mockImplementation((m, layer) => ((layer as tfl.layers.Layer).name === 'h1' ? undefined : real(m, layer)));
    const { record, findings } = await fitWithDoctor(mlp(), x8, y3);
    expect(record.steps.loss).toHaveLength(8);
    expect(probeFailures(findings)).toEqual([{ probe: 'activations of h1', reason: 'the layer has no single symbolic output', severity: 'info' }]);
    expect(record.probes[2].layers.out.activation).toBeDefined();
    expect(record.probes[2].layers.h1.gradNorm).toBeGreaterThan(0);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('an optimizer that never calls applyGradients: gradients are reported unmeasured, the rest still runs', async () => {
    /** Plain SGD whose minimize updates the variables itself instead of going through applyGradients. */
    class DirectSgd extends tf.SGDOptimizer {
      override minimize(f: () => tf.Scalar, returnCost = false, varList?: tf.Variable[]): tf.Scalar | null {
        const { value, grads } = tf.variableGrads(f, varList);
        const variables = tf.engine().registeredVariables;
        tf.tidy(() => {
          for (const [name, g] of Object.entries(grads)) variables[name].assign(tf.sub(variables[name], tf.mul(g, this.learningRate)));
        });
        tf.dispose(grads);
        if (returnCost) return value;
        value.dispose();
        return null;
      }
    }
    const { record, findings, history } = await fitWithDoctor(mlp({ optimizer: new DirectSgd(0.1) }), x8, y3, { epochs: 3 });
    expect(record.steps.loss).toHaveLength(12);
    expect(history.history.loss[2]).toBeLessThan(history.history.loss[0] as number); // it trains
    expect(probeFailures(findings)).toEqual([
      { probe: 'gradients', reason: 'the optimizer did not call applyGradients during the step, so gradient norms and update sizes are not measured', severity: 'info' },
    ]);
    expect(record.probes[2].layers.h1.activation).toBeDefined();
    expect(record.probes.every((p) => p.layers.h1.gradNorm === undefined)).toBe(true);
    expect(record.steps.learningRate[0]).toBe(0.1);
  });

  it('a check that throws is noted and the others keep running', async () => {
    const checks = jest.requireActual('../../src/checks') as typeof import('../../src/checks');
    const deadRelu = checks.CHECKS.find((c) => c.code === 'dead_relu')!;
    jest.spyOn(deadRelu, 'run').mockImplementation(() => {
      throw new Error('check bug');
    });
    const { findings } = await fitWithDoctor(mlp({ badInit: true }), x8, y3);
    expect(probeFailures(findings)).toEqual([{ probe: 'check dead_relu', reason: 'check bug', severity: 'info' }]);
    expect(findings.some((f) => f.code === 'bad_init')).toBe(true);
  });
});

describe('user callbacks that throw', () => {
  it('an onFinding that throws is caught and logged; training completes and later findings are still delivered', async () => {
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const seen: string[] = [];
    const model = mlp({ badInit: true });
    const doctor = diagnose(model, {
      log: false,
      onFinding: (f) => {
        seen.push(f.code);
        throw new Error(`user bug on ${f.code}`);
      },
    });
    // A NaN in the last batch: a second finding after the first callback threw.
    const x = tf.tidy(() => tf.concat([tf.slice(x8, 0, N - 16), tf.fill([16, 8], NaN)]));
    const history = await model.fit(x, y3, { epochs: 1, batchSize: 16, shuffle: false, callbacks: [doctor], verbose: 0 });
    doctor.detach();
    expect(history.history.loss).toHaveLength(1);
    expect(seen).toEqual(['bad_init', 'nan_loss', 'input_not_normalized']); // the NaN batch is traced to its inputs
    expect(errors[0]).toBe('[cnn-doctor] your onFinding callback threw: user bug on bad_init');
    expect(errors).toHaveLength(seen.length);
  });

  it('a log function that throws does not break training either', async () => {
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const model = mlp({ badInit: true });
    const doctor = diagnose(model, {
      log: () => {
        throw new Error('log bug');
      },
    });
    await model.fit(x8, y3, { epochs: 1, batchSize: 16, callbacks: [doctor], verbose: 0 });
    doctor.detach();
    expect(errors[0]).toBe('[cnn-doctor] your log function threw: log bug');
    expect(doctor.report().record.steps.loss).toHaveLength(4);
    expect(doctor.findings.some((f) => f.code === 'bad_init')).toBe(true);
  });
});
