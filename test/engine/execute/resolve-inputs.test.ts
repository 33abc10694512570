import assert from 'node:assert/strict';
import { resolveStepInputs } from '../../../engine/execute/resolve-inputs.js';

describe('resolveStepInputs', () => {
  it('leaves out a top-level input whose value is null, so the plugin default applies; nested nulls stay', () => {
    const scope = { params: { n: 2 }, states: {}, loop: { index: 0 }, run: { id: 'r', dir: '/r' }, vars: { rm: null, lr: 0.5 } };
    const state = { step: 'x', next: 'done', with: { init_model: '${{ vars.rm }}', lr: '${{ vars.lr }}', n: '${{ params.n }}', list: [null, '${{ vars.rm }}'], fixed: null } };
    assert.deepEqual(resolveStepInputs(state, scope), { lr: 0.5, n: 2, list: [null, null] });
  });
});
