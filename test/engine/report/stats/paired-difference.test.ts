import assert from 'node:assert/strict';
import { formatPairedDifference, getPairedDifference } from '../../../../engine/report/stats/paired-difference.js';

const close = (actual: number, expected: number, tolerance = 1e-6) => assert.ok(Math.abs(actual - expected) < tolerance, `${actual} is not ${expected}`);

describe('paired difference over seeds', () => {
  it('matches a hand-computed 5-seed example', () => {
    const seed = [0.78, 0.79, 0.8, 0.77, 0.785];
    const ser = [0.8, 0.81, 0.805, 0.79, 0.785];
    // By hand: differences 0.020, 0.020, 0.005, 0.020, 0.000 → mean 0.065 / 5 = 0.013;
    // squared deviations (7² + 7² + 8² + 7² + 13²)·1e-6 = 380e-6, / (5 − 1) = 95e-6 → sd = √95e-6 = 0.0097468;
    // se = sd / √5 = √19e-6 = 0.0043589; t(0.975, df 4) = 2.776445 → half-width 0.0121020 → [0.0008980, 0.0251020];
    // 0.020, 0.020, 0.005, 0.020 are wins (4), 0.000 a tie (1), no losses.
    const d = getPairedDifference(ser, seed);
    assert.equal(d.n, 5);
    close(d.mean, 0.013);
    close(d.sd, 0.0097468);
    close(d.se, 0.0043589);
    close(d.ci.low, 0.000898);
    close(d.ci.high, 0.025102);
    assert.deepEqual([d.wins, d.ties, d.losses], [4, 1, 0]);
    assert.equal(formatPairedDifference(d), '+0.0130 ± 0.0044 se, 95 % CI [+0.0009, +0.0251], 4/1/0 W/T/L');
  });

  it('counts losses, and gives no interval for one seed', () => {
    const d = getPairedDifference([0.7, 0.6], [0.6, 0.7]);
    assert.deepEqual([d.wins, d.ties, d.losses], [1, 0, 1]);
    const one = getPairedDifference([0.8], [0.7]);
    assert.ok(Number.isNaN(one.se) && Number.isNaN(one.ci.low) && Number.isNaN(one.ci.high));
    assert.throws(() => getPairedDifference([1], [1, 2]), /equal lengths/);
  });
});
