"""Bag and transformer reward models with the word tokenizer: build, encode, save and load model/.

The folder layout (config.json + vocab.json + weights.bin) is the TF.js implementation's
(steps/ml/io/model-files.ts), so a TF.js-made bag or transformer loads here unchanged.
"""
import json
import os

from ser_flow_sdk import StepInputError

from .encode import TEXT_FORMAT, encode_score_text, format_score_text, pad_sequences
from .models.word_net import WordRewardNet
from .tokenizer import WordTokenizer, build_vocab
from .weights_file import read_weights, write_weights

MODEL_FORMAT = "ser-flow-reward-model"
VOCAB_FILE = "vocab.json"
WEIGHTS_FILE = "weights.bin"
ARCHITECTURE_KEYS = ("architecture", "vocab_size", "bigram_buckets", "dim", "hidden", "max_len", "layers", "heads", "seed")


class WordRewardModel:
    def __init__(self, config, tokenizer, device):
        self.config = config
        self.tokenizer = tokenizer
        self.device = device
        self.module = WordRewardNet(config, seed=config["seed"]).to(device)
        self._ids = {}  # (prompt, response) → ids: training revisits every text once per epoch

    @staticmethod
    def build(options, pairs, device):
        """A fresh, seeded model whose vocabulary comes from the training pairs' texts."""
        texts = [format_score_text(p["prompt"], p[side]) for p in pairs for side in ("chosen", "rejected")]
        tokenizer = WordTokenizer(build_vocab(texts, options["vocab_size"]))
        config = {
            "architecture": options["model"], "vocab_size": tokenizer.size,
            "bigram_buckets": options["bigram_buckets"], "dim": options["dim"], "hidden": options["hidden"],
            "max_len": options["max_len"], "layers": options["layers"], "heads": options["heads"], "seed": options["seed"],
        }
        if config["architecture"] == "transformer" and config["dim"] % config["heads"]:
            raise StepInputError(f"transformer dim ({config['dim']}) must be divisible by heads ({config['heads']})")
        return WordRewardModel(config, tokenizer, device)

    @staticmethod
    def load(folder, config_json, device):
        vocab_path = os.path.join(folder, VOCAB_FILE)
        try:
            with open(vocab_path, encoding="utf-8") as handle:
                tokenizer = WordTokenizer.from_json(json.load(handle), vocab_path)
            config = {key: config_json[key] for key in ARCHITECTURE_KEYS}
            model = WordRewardModel(config, tokenizer, device)
            tensors = read_weights(os.path.join(folder, config_json["weights"]["file"]), config_json["weights"]["tensors"])
        except (OSError, KeyError, ValueError) as error:
            raise StepInputError(f"{folder}: not a complete reward-model folder ({error}); pass the `model` output of train-rm") from error
        missing = sorted(set(model.module.weights.keys()) - set(tensors))
        if missing:
            raise StepInputError(f"{folder}/{WEIGHTS_FILE} lacks tensors {', '.join(missing)}; the folder is damaged, retrain it")
        for name, parameter in model.module.weights.items():
            parameter.data.copy_(tensors[name].to(device))
        return model

    def _encode_one(self, prompt, response):
        key = (prompt, response)
        ids = self._ids.get(key)
        if ids is None:
            ids = self._ids[key] = encode_score_text(self.tokenizer, self.config, format_score_text(prompt, response))
        return ids

    def encode(self, prompts, responses):
        return pad_sequences([self._encode_one(p, r) for p, r in zip(prompts, responses)], self.device)

    def reward(self, encoded):
        ids, mask = encoded
        return self.module(ids, mask)

    def save(self, folder):
        """Writes vocab.json and weights.bin; returns the config.json fields that describe them."""
        entries = write_weights(os.path.join(folder, WEIGHTS_FILE), list(self.module.weights.items()))
        with open(os.path.join(folder, VOCAB_FILE), "w", encoding="utf-8") as handle:
            json.dump(self.tokenizer.to_json(), handle, ensure_ascii=False)
            handle.write("\n")
        return {
            **self.config, "text_format": TEXT_FORMAT, "truncation": "keep_end",
            "tokenizer": {"kind": "word", "file": VOCAB_FILE, "lowercase": True},
            "weights": {"file": WEIGHTS_FILE, "dtype": "float32", "byte_order": "little", "tensors": entries},
        }
