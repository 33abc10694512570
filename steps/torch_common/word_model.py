"""Bag and transformer reward models with the word-level tokenizer: build, encode, save, load."""
import json
import os

import torch

from .jsonl import write_json
from .models.bag import BagRewardModel
from .models.transformer import TransformerRewardModel
from .tokenizer import PAD_ID, UNK_ID, WordTokenizer, build_vocab

WEIGHTS_FILE = "weights.pt"
VOCAB_FILE = "vocab.json"


def get_pair_text(prompt, response):
    """The text a reward is computed on."""
    return prompt + "\n" + response


class WordRewardModel:
    """A reward model over word ids; `architecture` is what config.json records."""

    def __init__(self, architecture, tokenizer, device):
        self.architecture = architecture
        self.tokenizer = tokenizer
        self.device = device
        self.module = _make_module(architecture, tokenizer.size).to(device)
        self._ids = {}  # (prompt, response) → ids: training revisits every text once per epoch

    @staticmethod
    def build(options, pairs, device):
        """A fresh model whose vocabulary comes from the training pairs' texts."""
        texts = [get_pair_text(p["prompt"], p[side]) for p in pairs for side in ("chosen", "rejected")]
        tokenizer = WordTokenizer(build_vocab(texts, options["vocab_size"]))
        architecture = {key: options[key] for key in ("model", "dim", "hidden", "max_len")}
        return WordRewardModel(architecture, tokenizer, device)

    @staticmethod
    def load(folder, config, device):
        path = os.path.join(folder, VOCAB_FILE)
        with open(path, encoding="utf-8") as handle:
            tokenizer = WordTokenizer.from_json(json.load(handle), path)
        model = WordRewardModel(config["architecture"], tokenizer, device)
        state = torch.load(os.path.join(folder, WEIGHTS_FILE), map_location=device)
        model.module.load_state_dict(state)
        return model

    def _encode_one(self, prompt, response):
        key = (prompt, response)
        ids = self._ids.get(key)
        if ids is None:
            # Keep the last max_len tokens: the response sits at the end and is what the reward judges.
            ids = self.tokenizer.encode_text(get_pair_text(prompt, response))[-self.architecture["max_len"] :]
            ids = self._ids[key] = ids or [UNK_ID]
        return ids

    def encode(self, prompts, responses):
        """Right-padded id tensor; an empty text becomes [UNK] so every row has a token to pool."""
        rows = [self._encode_one(p, r) for p, r in zip(prompts, responses)]
        width = max(len(row) for row in rows)
        ids = torch.full((len(rows), width), PAD_ID, dtype=torch.long)
        for index, row in enumerate(rows):
            ids[index, : len(row)] = torch.tensor(row, dtype=torch.long)
        return ids.to(self.device)

    def reward(self, encoded):
        return self.module(encoded)

    def save(self, folder):
        torch.save(self.module.state_dict(), os.path.join(folder, WEIGHTS_FILE))
        write_json(os.path.join(folder, VOCAB_FILE), self.tokenizer.to_json())
        return {"architecture": self.architecture, "tokenizer": {"kind": "word", "file": VOCAB_FILE}, "weights": WEIGHTS_FILE}


def _make_module(architecture, vocab_size):
    if architecture["model"] == "bag":
        return BagRewardModel(vocab_size, architecture["dim"], architecture["hidden"])
    return TransformerRewardModel(vocab_size, architecture["dim"], architecture["hidden"], architecture["max_len"])
