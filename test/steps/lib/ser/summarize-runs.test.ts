import assert from 'node:assert/strict';
import { formatMeanSd, getGapClosed, getMeanSd, getPairedDifference } from '../../../../steps/lib/ser/summarize-runs.js';

describe('SER bench statistics', () => {
  it('computes mean ± sample sd, paired differences and the share of the gap closed', () => {
    assert.deepEqual(getMeanSd([1, 2, 3]), { mean: 2, sd: 1, n: 3 });
    assert.equal(getMeanSd([5]).sd, 0);
    assert.deepEqual(getPairedDifference([0.7, 0.8], [0.6, 0.6]).n, 2);
    assert.ok(Math.abs(getPairedDifference([0.7, 0.8], [0.6, 0.6]).mean - 0.15) < 1e-12);
    assert.ok(Math.abs(getGapClosed({ seed: [0.6, 0.6], ser: [0.66, 0.68], full: [0.7, 0.7] }) - 0.7) < 1e-12);
    assert.equal(formatMeanSd({ mean: 0.5, sd: 0.01, n: 2 }), '0.500 ± 0.010');
    assert.throws(() => getPairedDifference([1], [1, 2]), /equal lengths/);
  });
});
