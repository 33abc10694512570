import assert from 'node:assert/strict';
import { formatGapClosed, getGapClosed } from '../../../../engine/report/stats/gap-closed.js';

describe('share of the seed → full gap closed', () => {
  const seed = [0.78, 0.79, 0.8, 0.77, 0.785];
  const ser = [0.8, 0.81, 0.805, 0.79, 0.785];
  const full = [0.8, 0.82, 0.82, 0.8, 0.8];

  it('is mean(SER − seed) / mean(full − seed) on a hand-computed example', () => {
    // By hand: SER − seed sums to 0.065, full − seed to 0.02 + 0.03 + 0.02 + 0.03 + 0.015 = 0.115 → 0.065 / 0.115 = 0.565217.
    const g = getGapClosed({ seed, ser, full });
    assert.ok(Math.abs(g.share! - 0.565217) < 1e-6);
    assert.ok(g.interval!.low <= g.share! && g.share! <= g.interval!.high);
    assert.equal(g.resamples, 2000);
    assert.equal(g.bootstrapSeed, 1);
  });

  it('is n/a when full ≤ seed (a −0.2-point gap is not "62 %")', () => {
    const negative = getGapClosed({ seed: [0.8, 0.8], ser: [0.799, 0.797], full: [0.798, 0.798] });
    assert.equal(negative.share, null);
    assert.equal(negative.interval, null);
    assert.equal(formatGapClosed(negative), 'n/a (full ≤ seed)');
    assert.equal(getGapClosed({ seed: [0.8], ser: [0.81], full: [0.8] }).share, null);
  });

  it('has a bootstrap that its seed reproduces, and says how it was drawn', () => {
    const a = getGapClosed({ seed, ser, full, resamples: 500, bootstrapSeed: 7 });
    const b = getGapClosed({ seed, ser, full, resamples: 500, bootstrapSeed: 7 });
    const c = getGapClosed({ seed, ser, full, resamples: 500, bootstrapSeed: 8 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.interval, c.interval);
    assert.match(formatGapClosed(a), /^57 % \(95 % bootstrap CI \[-?\d+ %, -?\d+ %\], 500 resamples of seeds, bootstrap seed 7\)$/);
  });

  it('leaves out and counts resamples without a gap', () => {
    const g = getGapClosed({ seed: [0.8, 0.8, 0.8], ser: [0.81, 0.8, 0.8], full: [0.85, 0.79, 0.79], resamples: 400 });
    assert.ok(g.resamplesWithoutGap > 0 && g.resamplesWithoutGap < 400);
    assert.match(formatGapClosed(g), /without a gap left out/);
  });
});
