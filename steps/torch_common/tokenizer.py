"""Word-level tokenizer for the bag and transformer reward models (HF models bring their own).

Same rules as the TF.js tokenizer so both implementations see the same token ids for the same data:
lower-case, words = runs of letters/digits/apostrophes, every other non-space character is its own
token; ids 0 = PAD, 1 = UNK, then the training texts' words by descending count (ties: alphabetical);
a pair's text is prompt + response; sequences longer than max_len keep their LAST max_len tokens,
because the response sits at the end and is what the reward judges.
"""
import re
from collections import Counter

PAD_ID = 0
UNK_ID = 1
_TOKEN = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")


def split_words(text):
    return _TOKEN.findall(text.lower())


def build_vocab(texts, vocab_size):
    """The vocab_size - 2 most frequent words (PAD and UNK take ids 0 and 1)."""
    counts = Counter()
    for text in texts:
        counts.update(split_words(text))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[: max(0, vocab_size - 2)]]


class WordTokenizer:
    def __init__(self, vocab, max_len):
        self.vocab = list(vocab)
        self.max_len = max_len
        self._ids = {word: index + 2 for index, word in enumerate(self.vocab)}

    @property
    def size(self):
        return len(self.vocab) + 2

    def encode(self, prompt, response):
        ids = [self._ids.get(word, UNK_ID) for word in split_words(prompt + " " + response)]
        return ids[-self.max_len :] if len(ids) > self.max_len else ids

    def to_config(self):
        return {"kind": "word", "max_len": self.max_len, "vocab": self.vocab}

    @staticmethod
    def from_config(config):
        return WordTokenizer(config["vocab"], config["max_len"])
