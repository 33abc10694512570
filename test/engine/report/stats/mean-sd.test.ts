import assert from 'node:assert/strict';
import { formatMeanSd, getMeanSd } from '../../../../engine/report/stats/mean-sd.js';

describe('SER per-method summary', () => {
  it('computes mean ± sample sd', () => {
    assert.deepEqual(getMeanSd([1, 2, 3]), { mean: 2, sd: 1, n: 3 });
    assert.equal(getMeanSd([5]).sd, 0);
    assert.ok(Number.isNaN(getMeanSd([]).mean));
    assert.equal(formatMeanSd({ mean: 0.5, sd: 0.01, n: 2 }), '0.500 ± 0.010');
  });
});
