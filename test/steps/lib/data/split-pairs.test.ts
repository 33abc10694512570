import assert from 'node:assert/strict';
import { generateDataset } from '../../../../steps/lib/data/generate-dataset.js';
import { splitPairs, SplitError } from '../../../../steps/lib/data/split-pairs.js';

describe('splitPairs', () => {
  const { pairs } = generateDataset({ pairs: 1000, seed: 3 });

  it('is deterministic for a seed and different across seeds', () => {
    const a = JSON.stringify(splitPairs(pairs, { seed: 7 }));
    assert.equal(JSON.stringify(splitPairs(pairs, { seed: 7 })), a);
    assert.notEqual(JSON.stringify(splitPairs(pairs, { seed: 8 })), a);
  });

  it('makes disjoint splits that cover every pair, with the paper ratios and a 15 % labeled seed', () => {
    const s = splitPairs(pairs, { seed: 1 });
    const ids = [s.test, s.dev, s.sft, s.ppoPrompts, s.labeled, s.pool].flatMap((split) => split.map((p) => p.id));
    assert.equal(new Set(ids).size, ids.length, 'an id appears in two splits');
    assert.equal(ids.length, 1000);
    assert.deepEqual([s.test.length, s.dev.length, s.sft.length, s.ppoPrompts.length], [100, 50, 255, 43]);
    assert.equal(s.labeled.length + s.pool.length, 552);
    assert.equal(s.labeled.length, Math.round(552 * 0.15));
  });

  it('hides pool labels: pool lines have no label, the a/b order is a coin flip, pool-labels recover the human choice', () => {
    const s = splitPairs(pairs, { seed: 2 });
    const byText = new Map(pairs.map((p) => [p.prompt + p.chosen + p.rejected, p]));
    for (const p of s.pool) assert.deepEqual(Object.keys(p).sort(), ['a', 'b', 'id', 'prompt']);
    const labels = new Map(s.poolLabels.map((l) => [l.id, l]));
    let aChosen = 0;
    for (const p of s.pool) {
      const label = labels.get(p.id)!;
      const [chosen, rejected] = label.label === 'a' ? [p.a, p.b] : [p.b, p.a];
      assert.ok(byText.has(p.prompt + chosen + rejected));
      if (label.label === 'a') aChosen++;
    }
    const share = aChosen / s.pool.length;
    assert.ok(share > 0.4 && share < 0.6, `a is chosen in ${share} of the pool`);
  });

  it('subsamples with maxPairs and rejects impossible settings with the option name', () => {
    const s = splitPairs(pairs, { seed: 1, maxPairs: 200 });
    assert.equal([s.test, s.dev, s.sft, s.ppoPrompts, s.labeled, s.pool].reduce((n, split) => n + split.length, 0), 200);
    assert.throws(() => splitPairs(pairs, { seed: 1, testFraction: 0.6, devFraction: 0.4 }), SplitError);
    assert.throws(() => splitPairs(pairs, { seed: 1, labeledFraction: 0 }), /labeled_fraction must be between 0 and 1/);
    assert.throws(() => splitPairs(pairs.slice(0, 3), { seed: 1 }), /each needs at least 1/);
  });

  it('with splitBy prompt, test and dev take whole prompt groups and every pair still lands in one split', () => {
    const grouped = pairs.map((p, i) => ({ ...p, prompt: `prompt ${i % 137}` }));
    const s = splitPairs(grouped, { seed: 2, splitBy: 'prompt' });
    const ids = [s.test, s.dev, s.sft, s.ppoPrompts, s.labeled, s.pool].flatMap((split) => split.map((p) => p.id));
    assert.deepEqual([ids.length, new Set(ids).size], [1000, 1000]);
    const heldOut = new Set([...s.test, ...s.dev].map((p) => p.prompt));
    assert.ok([...s.sft, ...s.ppoPrompts, ...s.labeled, ...s.pool].every((p) => !heldOut.has(p.prompt)));
    assert.ok(s.test.length >= 100 && s.test.length < 100 + 8, `test takes groups (of 7–8) until it holds 10 %: ${s.test.length}`);
  });

  it('uses a given test and dev set as they are (ids t…, d…) and splits the whole source into the rest', () => {
    const test = pairs.slice(0, 30);
    const s = splitPairs(pairs.slice(30), { seed: 1, test, dev: pairs.slice(30, 40) });
    assert.deepEqual(s.test.map((p) => [p.id, p.prompt, p.chosen, p.rejected]), test.map((p, i) => [`t${String(i).padStart(2, '0')}`, p.prompt, p.chosen, p.rejected]));
    assert.equal(s.dev[0].id, 'd0');
    assert.equal(s.sft.length + s.ppoPrompts.length + s.labeled.length + s.pool.length, 970);
  });
});
