import assert from 'node:assert/strict';
import { makeKlController, updateKlController } from '../../../../../steps/lib/ml/ppo/adaptive-kl.js';

describe('adaptive KL controller', () => {
  it('starts at the paper defaults (β 0.2, target 0.1, horizon 10000)', () => {
    assert.deepEqual(makeKlController(), { kind: 'adaptive', value: 0.2, target: 0.1, horizon: 10000 });
  });

  it('matches hand-computed updates inside and outside the ±0.2 error clip', () => {
    const ctl = makeKlController({ initCoef: 0.2, target: 0.1, horizon: 100 });
    // KL 0.105: e = 0.05, β = 0.2·(1 + 0.05·10/100) = 0.201
    assert.ok(Math.abs(updateKlController(ctl, 0.105, 10).value - 0.201) < 1e-12);
    // KL 0.12: e = 0.2 (exactly at the clip), β = 0.2·1.02 = 0.204
    assert.ok(Math.abs(updateKlController(ctl, 0.12, 10).value - 0.204) < 1e-12);
    // KL 0.5: e = 4 clipped to 0.2, β = 0.204
    assert.ok(Math.abs(updateKlController(ctl, 0.5, 10).value - 0.204) < 1e-12);
    // KL 0: e = −1 clipped to −0.2, β = 0.2·0.98 = 0.196
    assert.ok(Math.abs(updateKlController(ctl, 0, 10).value - 0.196) < 1e-12);
    // KL on target: unchanged
    assert.equal(updateKlController(ctl, 0.1, 10).value, 0.2);
  });

  it('compounds over steps with the default horizon', () => {
    let ctl = makeKlController();
    ctl = updateKlController(ctl, 0.15, 8); // e 0.2 → ×1.00016
    ctl = updateKlController(ctl, 0.09, 8); // e −0.1 → ×0.99992
    assert.ok(Math.abs(ctl.value - 0.2 * 1.00016 * 0.99992) < 1e-15);
  });

  it('a fixed controller never moves', () => {
    const ctl = makeKlController({ kind: 'fixed', initCoef: 0.05 });
    assert.equal(updateKlController(ctl, 10, 8).value, 0.05);
  });
});
