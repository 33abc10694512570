"""Word-level tokenizer for the bag and transformer reward models (HF models bring their own).

A port of steps/ml/tokenizer/word-tokenizer.ts, so both implementations give the same ids for the
same data: lower-case; words are runs of letters/digits with an optional 'suffix (or ’suffix), every
other non-space character is its own token; ids 0–3 are [PAD] [UNK] [BOS] [EOS], then the training
texts' words by descending count (ties in code-point order). Python's `[^\\W_]` stands in for
JavaScript's `[\\p{L}\\p{N}]` (identical for letters and decimal digits; rare numeric symbols may differ).
"""
import re
from collections import Counter

SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[BOS]", "[EOS]")
PAD_ID, UNK_ID, BOS_ID, EOS_ID = 0, 1, 2, 3
_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?|[^\s\w]|_")


def split_words(text):
    return _WORD.findall(text.lower())


def build_vocab(texts, vocab_size):
    """All words of the vocabulary, specials first: the vocab_size − 4 most frequent words follow."""
    if not isinstance(vocab_size, int) or vocab_size <= len(SPECIAL_TOKENS):
        raise ValueError(f"vocab_size must be an integer above {len(SPECIAL_TOKENS)}, got {vocab_size}")
    counts = Counter()
    for text in texts:
        counts.update(split_words(text))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [*SPECIAL_TOKENS, *(word for word, _ in ranked[: vocab_size - len(SPECIAL_TOKENS)])]


class WordTokenizer:
    def __init__(self, words):
        if tuple(words[: len(SPECIAL_TOKENS)]) != SPECIAL_TOKENS:
            raise ValueError(f"a word vocabulary starts with {', '.join(SPECIAL_TOKENS)}")
        self.words = list(words)
        self._ids = {word: index for index, word in enumerate(self.words)}

    @property
    def size(self):
        return len(self.words)

    def encode_text(self, text):
        """Token ids of a text (unknown words → [UNK]); no BOS/EOS added."""
        return [self._ids.get(word, UNK_ID) for word in split_words(text)]

    def to_json(self):
        """What vocab.json holds (the TF.js format)."""
        return {"kind": "word", "version": 1, "words": self.words}

    @staticmethod
    def from_json(data, where):
        if not isinstance(data, dict) or data.get("kind") != "word" or data.get("version") != 1 or not isinstance(data.get("words"), list):
            raise ValueError(f'{where}: not a word tokenizer vocabulary (expected {{kind: "word", version: 1, words: [...]}})')
        return WordTokenizer(data["words"])
