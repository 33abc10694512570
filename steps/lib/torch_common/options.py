"""Normalises a step's inputs once, then checks them with precise messages.

The defaults are the input schema's (schemas/steps/train-rm.inputs.schema.json), which the engine fills in
before the request is written; they are read from that file here too, for a plugin run without the engine.
"""
import json
import os

from ser_flow_sdk import StepInputError

_SCHEMA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "schemas", "steps", "train-rm.inputs.schema.json")


def _read_schema_defaults(file):
    with open(file, encoding="utf-8") as handle:
        properties = json.load(handle)["properties"]
    return {name: spec["default"] for name, spec in properties.items() if "default" in spec}


# Optional inputs without a schema default are present as None.
TRAIN_DEFAULTS = {"dev": None, "init_model": None, "base_model": None, **_read_schema_defaults(_SCHEMA)}
_MODELS = ("bag", "linear", "transformer", "hf")
_LOSSES = ("bt", "hinge")


def normalize_train_options(inputs, seed):
    """Inputs with every default set; unknown keys are kept (the schema already vetted them)."""
    options = {**TRAIN_DEFAULTS, **{k: v for k, v in inputs.items() if v is not None}}
    options.setdefault("seed", seed)
    if "train" not in options:
        raise StepInputError("train-rm needs input `train`: the path of a pairs JSON-lines file")
    if options["model"] not in _MODELS:
        raise StepInputError(f"input `model` is {options['model']!r}; the torch implementation knows {', '.join(_MODELS)}")
    if options["loss"] not in _LOSSES:
        raise StepInputError(f"input `loss` is {options['loss']!r}; expected one of {', '.join(_LOSSES)}")
    for key in ("epochs", "batch_size", "max_len", "vocab_size", "dim", "hidden", "layers", "heads"):
        if not isinstance(options[key], int) or options[key] < 1:
            raise StepInputError(f"input `{key}` is {options[key]!r}; expected an integer >= 1")
    if not isinstance(options["bigram_buckets"], int) or options["bigram_buckets"] < 0:
        raise StepInputError(f"input `bigram_buckets` is {options['bigram_buckets']!r}; expected an integer >= 0")
    if options["vocab_size"] <= 4:
        raise StepInputError(f"input `vocab_size` is {options['vocab_size']}; it must exceed the 4 special tokens")
    if not 0 <= options["warmup_ratio"] < 1:
        raise StepInputError(f"input `warmup_ratio` is {options['warmup_ratio']!r}; expected a number in [0, 1)")
    if not 0 <= options["token_dropout"] < 1:
        raise StepInputError(f"input `token_dropout` is {options['token_dropout']!r}; expected a number in [0, 1)")
    if options["token_dropout"] and options["model"] == "hf":
        raise StepInputError("input `token_dropout` applies to the word-level models (bag, linear, transformer), not hf; set it to 0")
    return options
