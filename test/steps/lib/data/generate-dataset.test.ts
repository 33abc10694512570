import assert from 'node:assert/strict';
import { generateDataset } from '../../../../steps/lib/data/generate-dataset.js';
import { scoreGold, tokenizeWords } from '../../../../steps/lib/data/gold-reward.js';

describe('generated default dataset', () => {
  it('is deterministic and its gold reward scores any text as the sum of word weights', () => {
    const a = generateDataset({ pairs: 50, seed: 1 });
    assert.deepEqual(generateDataset({ pairs: 50, seed: 1 }), a);
    const [pos] = Object.entries(a.gold.weights).find(([, w]) => w > 0)!;
    const [neg, wNeg] = Object.entries(a.gold.weights).find(([, w]) => w < 0)!;
    assert.equal(scoreGold(a.gold, `${pos.toUpperCase()}, ${neg}! unknownword`), a.gold.weights[pos] + wNeg);
    assert.deepEqual(tokenizeWords('Ab-cd 12 ef'), ['ab', 'cd', 'ef']);
  });

  it('labels agree with the gold reward except for about label_noise of the pairs', () => {
    for (const labelNoise of [0, 0.2]) {
      const { pairs, gold } = generateDataset({ pairs: 2000, seed: 5, labelNoise });
      const decisive = pairs.filter((p) => scoreGold(gold, p.chosen) !== scoreGold(gold, p.rejected));
      const agree = decisive.filter((p) => scoreGold(gold, p.chosen) > scoreGold(gold, p.rejected)).length / decisive.length;
      assert.ok(Math.abs(agree - (1 - labelNoise)) < 0.03, `agreement ${agree} with label_noise ${labelNoise}`);
      for (const p of pairs) assert.ok(Math.abs(p.gold_margin! - (scoreGold(gold, p.chosen) - scoreGold(gold, p.rejected))) < 1e-5);
    }
  });
});
