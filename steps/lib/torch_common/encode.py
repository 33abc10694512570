"""How a (prompt, response) becomes token ids: a port of steps/ml/models/encode-texts.ts."""
import torch

from .tokenizer import PAD_ID

TEXT_FORMAT = "Question: {prompt}\n\nAnswer: {response}"


def format_score_text(prompt, response):
    """The one text a reward model scores (as in SER's official code)."""
    return f"Question: {prompt}\n\nAnswer: {response}"


def hash_bigram(a, b, buckets):
    """FNV-1a over two ids (32-bit, as Math.imul in the TF.js code): a deterministic bigram bucket."""
    h = 0x811C9DC5
    for x in (a, b):
        h ^= x & 0xFFFF
        h = (h * 0x01000193) & 0xFFFFFFFF
        h ^= x >> 16
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % buckets


def encode_score_text(tokenizer, config, text):
    """The last max_len word ids (a long prompt cannot push the response out), then for the bag and
    linear models with bigram buckets one hashed id per adjacent pair (ids >= vocab_size)."""
    words = tokenizer.encode_text(text)
    kept = words[-config["max_len"] :] if len(words) > config["max_len"] else words
    buckets = 0 if config["architecture"] == "transformer" else config["bigram_buckets"]
    if buckets <= 0:
        return kept
    return kept + [config["vocab_size"] + hash_bigram(kept[i - 1], kept[i], buckets) for i in range(1, len(kept))]


def pad_sequences(sequences, device):
    """(ids, mask), both [rows, length] with length >= 1 so an empty text still has a row."""
    length = max([1, *(len(s) for s in sequences)])
    ids = torch.full((len(sequences), length), PAD_ID, dtype=torch.long)
    mask = torch.zeros((len(sequences), length), dtype=torch.float32)
    for row, seq in enumerate(sequences):
        if seq:
            ids[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
            mask[row, : len(seq)] = 1
    return ids.to(device), mask.to(device)
