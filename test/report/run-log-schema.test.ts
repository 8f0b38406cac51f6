/**
 * The run log's schema: a log from a real fit survives JSON and validation unchanged (NaN ↔ null), and
 * hand-edited or foreign files fail with a message that names the first bad field.
 */
import { CnnDoctorError } from '../../src/errors';
import { Report } from '../../src/report';
import type { RunLog } from '../../src/reporters/json';
import { parseRunLog } from '../../src/reporters/run-log-schema';
import { asJson, brokenRunLog, firstLine } from './fixtures';

let log: RunLog;
beforeAll(async () => {
  log = await brokenRunLog();
});

describe('round trip', () => {
  it('a real run log survives JSON.stringify → JSON.parse → parseRunLog unchanged', () => {
    expect(log.findings.length).toBeGreaterThan(0);
    expect(log.record.probes.length).toBeGreaterThan(3);
    const text = JSON.stringify(log);
    const back = parseRunLog(JSON.parse(text));
    expect(back).toEqual(log);
    expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(text)); // same file (key order aside)
  });

  it('carries the story of the run (the dead layer explains the plateau), and it survives the round trip', () => {
    expect(log.story?.length).toBeGreaterThan(0);
    expect(log.story![0].symptoms).toContain('chance_plateau');
    const back = parseRunLog(JSON.parse(JSON.stringify(log)));
    expect(back.story).toEqual(log.story);
    const edited = asJson(log);
    edited.story[0].events[0].step = 'early';
    expect(firstLine(() => parseRunLog(edited))).toBe('cnn-doctor: hand-edited? field story[0].events[0].step: expected number, got "early"');
    const without = asJson(log);
    delete without.story;
    expect(parseRunLog(without).story).toBeUndefined(); // optional: logs written before it read as they were
  });

  it('accepts the in-memory log too', () => {
    expect(parseRunLog(log)).toEqual(log);
  });

  it('NaN is written as null and read back as NaN', () => {
    const withNaN = structuredClone(log);
    withNaN.record.steps.loss[2] = NaN;
    withNaN.record.probes[0].layers.hidden1.gradNorm = NaN;
    const json = asJson(withNaN);
    expect(json.record.steps.loss[2]).toBeNull();
    const back = parseRunLog(json);
    expect(back.record.steps.loss[2]).toBeNaN();
    expect(back.record.probes[0].layers.hidden1.gradNorm).toBeNaN();
    expect(back.record.model.layers[0].outputShape).toEqual([null, 32]); // a real null (batch dim) stays null
  });

  it('toJSON is a snapshot: training on does not change a log already taken', () => {
    const live = structuredClone(log.record);
    const snapshot = new Report(log.findings, live).toJSON();
    live.steps.loss.push(1);
    live.probes[0].layers.hidden1.gradNorm = 123;
    expect(snapshot.record.steps.loss).toHaveLength(log.record.steps.loss.length);
    expect(snapshot.record.probes[0].layers.hidden1.gradNorm).toBe(log.record.probes[0].layers.hidden1.gradNorm);
  });
});

describe('rejection, with the first bad field named', () => {
  const reject = (json: unknown) => firstLine(() => parseRunLog(json));

  it('not a run log at all', () => {
    const { format: _format, ...rest } = asJson(log);
    expect(reject(rest)).toBe('cnn-doctor: this file is not a cnn-doctor run log (missing format)');
    expect(reject({ ...rest, format: 'keras-history' })).toBe(
      'cnn-doctor: this file is not a cnn-doctor run log (format is "keras-history", expected "cnn-doctor-run")',
    );
    expect(reject([1, 2])).toBe('cnn-doctor: this file is not a cnn-doctor run log (expected a JSON object, got an array of 2)');
    expect(reject(null)).toBe('cnn-doctor: this file is not a cnn-doctor run log (expected a JSON object, got null)');
  });

  it('a newer version says to upgrade', () => {
    expect(reject({ ...asJson(log), version: 3 })).toBe('cnn-doctor: run log version 3 is newer than this cnn-doctor (2): upgrade');
    expect(reject({ ...asJson(log), version: '2' })).toBe('cnn-doctor: hand-edited? field version: expected 2, got "2"');
  });

  it('a version-1 log (before findings had a status) is read as version 2', () => {
    const json = asJson(log);
    json.version = 1;
    delete json.record.steps.dataLoss;
    delete json.record.fits;
    delete json.record.model.trainableParams;
    delete json.record.model.epsilon;
    for (const f of json.findings) for (const k of ['role', 'status', 'explains', 'history']) delete f[k];
    const back = parseRunLog(json);
    expect(back.version).toBe(2);
    expect(back.record.steps.dataLoss).toEqual(back.record.steps.loss);
    expect(back.findings[0]).toMatchObject({ status: 'open', explains: [] });
  });

  it('a bad severity', () => {
    const json = asJson(log);
    json.findings[0].severity = 'fatal';
    expect(reject(json)).toBe('cnn-doctor: hand-edited? field findings[0].severity: expected one of info|warning|error, got "fatal"');
  });

  it('a non-numeric loss', () => {
    const json = asJson(log);
    json.record.steps.loss[3] = 'abc';
    expect(reject(json)).toBe('cnn-doctor: hand-edited? field record.steps.loss[3]: expected a number (or null), got "abc"');
  });

  it('a missing field, several bad fields, and odd layer names in the path', () => {
    const json = asJson(log);
    delete json.record.model.task;
    expect(reject(json)).toBe('cnn-doctor: hand-edited? field record.model.task: missing (expected one of multiclass|binary|multilabel|regression|unknown)');
    json.record.model.task = 'multiclass';
    json.record.probes[1].layers['conv 1'] = { gradNorm: 'big' };
    json.createdAt = 5;
    const error = (() => {
      try {
        parseRunLog(json);
      } catch (e) {
        return e as CnnDoctorError;
      }
    })()!;
    expect(error).toBeInstanceOf(CnnDoctorError);
    expect(error.code).toBe('invalid_run_log');
    expect(error.message.split('\n')[0]).toBe('cnn-doctor: hand-edited? field createdAt: expected string, got 5 (and 1 more bad field)');
    expect(error.issues.map((i) => i.path)).toEqual(['createdAt', 'record.probes[1].layers["conv 1"].gradNorm']);
    expect(error.fix).toMatch(/report\(\)\.toJSON\(\)/);
  });

  it('an unknown finding code', () => {
    const json = asJson(log);
    json.findings[0].code = 'gremlins';
    expect(reject(json)).toMatch(/^cnn-doctor: hand-edited\? field findings\[0\]\.code: expected one of nan_loss\|bad_init\|.*, got "gremlins"$/);
  });
});
