import assert from 'node:assert/strict';
import { getSamplingProbs, sampleIndex } from '../../../../../steps/lib/ml/ppo/sampling.js';
import { makeLengthSampler } from '../../../../../steps/lib/ml/ppo/length-sampler.js';
import { makeRng } from '../../../../../steps/lib/random/seeded-random.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

describe('sampling filters', () => {
  it('temperature rescales logits', () => {
    const p1 = getSamplingProbs([0, Math.log(2)]);
    close(p1[0]!, 1 / 3);
    const p05 = getSamplingProbs([0, Math.log(2)], { temperature: 0.5 });
    close(p05[0]!, 1 / 5);
    close(p05[1]!, 4 / 5);
  });

  it('top_k keeps the k most likely tokens, renormalised', () => {
    const p = getSamplingProbs([1, 3, 2, 0], { topK: 2 });
    close(p[1]!, Math.E / (Math.E + 1));
    close(p[2]!, 1 / (Math.E + 1));
    assert.equal(p[0], 0);
    assert.equal(p[3], 0);
  });

  it('top_p keeps the smallest head reaching p, always at least one token', () => {
    // probs 0.5, 0.3, 0.2: top_p 0.7 keeps 0.5 and 0.3; top_p 0.1 keeps the first only
    const logits = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
    const p = getSamplingProbs(logits, { topP: 0.7 });
    close(p[0]!, 0.5 / 0.8);
    close(p[1]!, 0.3 / 0.8);
    assert.equal(p[2], 0);
    assert.deepEqual(Array.from(getSamplingProbs(logits, { topP: 0.1 })), [1, 0, 0]);
  });

  it('sampleIndex follows the distribution and never picks a zero-probability token', () => {
    const rng = makeRng(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[sampleIndex([0.25, 0, 0.75], rng)]!++;
    assert.equal(counts[1], 0);
    assert.ok(counts[2]! > 2800 && counts[2]! < 3200, `counts ${counts}`);
  });
});

describe('length sampler', () => {
  it('draws every length in [min, max) and nothing else', () => {
    const sample = makeLengthSampler({ min: 3, max: 6, rng: makeRng(7) });
    const seen = new Set(Array.from({ length: 300 }, () => sample()));
    assert.deepEqual([...seen].sort(), [3, 4, 5]);
  });

  it('rejects an empty range', () => {
    assert.throws(() => makeLengthSampler({ min: 5, max: 5, rng: makeRng(1) }), /max is exclusive/);
  });
});

describe('rng', () => {
  it('a generator rebuilt from a saved state continues the same sequence', () => {
    const a = makeRng(42);
    a.next();
    const b = makeRng(a.getState());
    assert.equal(a.next(), b.next());
  });
});
