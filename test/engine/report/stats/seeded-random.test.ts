import assert from 'node:assert/strict';
import { makeSeededRandom } from '../../../../engine/report/stats/seeded-random.js';
import { makeRandomFromParts } from '../../../../steps/lib/random/seeded-random.js';

describe("the report's seeded random", () => {
  it("draws the steps' hashed-parts stream, so bootstrap intervals recorded before the move stay the same", () => {
    const engine = makeSeededRandom(1, 'gap-closed-bootstrap');
    const steps = makeRandomFromParts(1, 'gap-closed-bootstrap');
    for (let i = 0; i < 1000; i++) assert.equal(engine.int(20), steps.int(20));
  });
});
