/**
 * CI smoke test of the detection benchmark's harness (bench/detection.ts, bench/zoo): a few quick zoo
 * cases — the ones marked `smoke` — run through the same runCase/summarize path as the benchmark, on
 * the cpu backend, and must give their labelled outcome; the generated families are checked for
 * determinism and coverage, and three of their tune variants run. The full zoo runs with
 * `npm run bench:detection`.
 */
import { formatTable, summarize } from '../../bench/detection';
import { CASES } from '../../bench/zoo/cases';
import { FAMILIES, GENERATED } from '../../bench/zoo/families';
import { generate } from '../../bench/zoo/families/family';
import { passed, runCase, type CaseResult } from '../../bench/zoo/harness';

const smoke = CASES.filter((c) => c.smoke);

describe('detection zoo smoke', () => {
  const results: CaseResult[] = [];

  it('has a healthy control, faulty fit cases and a checkup case among the smoke cases', () => {
    expect(smoke.some((c) => c.expected.length === 0)).toBe(true);
    expect(smoke.filter((c) => c.expected.length > 0 && c.kind === 'fit').length).toBeGreaterThanOrEqual(2);
    expect(smoke.some((c) => c.kind === 'checkup')).toBe(true);
  });

  it.each(smoke.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const r = await runCase(c);
    results.push(r);
    expect(r.error).toBeUndefined();
    if (r.healthy) expect(r.raised.map((x) => x.code)).toEqual([]);
    else expect(r.missed).toEqual([]);
    expect(passed(r)).toBe(true);
  });

  it('summarizes into per-code rows', () => {
    const s = summarize(results, 'all');
    expect(s.failedCases).toEqual([]);
    for (const code of new Set(smoke.flatMap((c) => c.expected))) expect(s.rows.find((r) => r.code === code)?.recall).toBe(1);
    expect(formatTable(s)).toContain('| code');
  });

  it('every case id is unique and every labelled code has cases in both splits', () => {
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    const codes = new Set(CASES.flatMap((c) => c.expected));
    for (const code of codes) {
      const splits = new Set(CASES.filter((c) => c.expected.includes(code)).map((c) => c.split));
      expect([code, [...splits].sort()]).toEqual([code, ['heldout', 'tune']]);
    }
    expect(CASES.filter((c) => c.expected.length === 0).length).toBeGreaterThanOrEqual(15);
  });
});

describe('generated zoo families', () => {
  const byId = new Map(GENERATED.map((c) => [c.id, c]));

  it('draw every variant deterministically, with unique ids, a confirmation and both splits', () => {
    expect(byId.size).toBe(GENERATED.length);
    const again = FAMILIES.flatMap((f) => [...generate(f, 'tune'), ...generate(f, 'heldout'), ...generate(f, 'fresh'), ...generate(f, 'confirm'), ...generate(f, 'validate'), ...generate(f, 'audit')]);
    expect(again.map((c) => `${c.id} ${c.what}`)).toEqual(GENERATED.map((c) => `${c.id} ${c.what}`));
    for (const f of FAMILIES) {
      expect([f.id, typeof f.confirm]).toEqual([f.id, 'function']);
      expect(GENERATED.some((c) => c.family === f.id && c.split === 'tune')).toBe(true);
      expect(GENERATED.some((c) => c.family === f.id && c.split === 'heldout')).toBe(true);
    }
  });

  it('hold out ≥ 20 variants for every code the zoo labels and ≥ 60 healthy controls', () => {
    const heldout = GENERATED.filter((c) => c.split === 'heldout');
    for (const code of new Set(CASES.flatMap((c) => c.expected))) {
      expect([code, heldout.filter((c) => c.expected.includes(code)).length >= 20]).toEqual([code, true]);
    }
    expect(heldout.filter((c) => c.expected.length === 0).length).toBeGreaterThanOrEqual(60);
  });

  // One fit and one checkup variant through the benchmark's path, confirmation included (tune split only;
  // none of them reads the CIFAR-10 archive, which a user's clone does not have).
  it.each(['dead_relu/negative-hidden-bias#t0', 'input_independent/identical-inputs#t0', 'healthy/binary-classifier#t0'])('%s', async (id) => {
    const r = await runCase(byId.get(id)!);
    expect(r.error).toBeUndefined();
    expect(r.unconfirmed).toBeUndefined();
    expect(passed(r)).toBe(true);
  });
});
