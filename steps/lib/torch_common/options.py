"""Normalises a step's inputs once: defaults in one place, then checks with precise messages."""
from ser_flow_sdk import StepInputError

TRAIN_DEFAULTS = {
    "model": "bag", "loss": "bt", "margin": 0.0, "center_coef": 0.0, "epochs": 3, "batch_size": 32,
    "lr": 1e-3, "weight_decay": 0.0, "warmup_ratio": 0.0, "token_dropout": 0.0, "max_len": 128, "vocab_size": 8000,
    "dim": 128, "hidden": 128, "layers": 2, "heads": 4, "bigram_buckets": 0,
    "backend": "auto", "dev": None, "init_model": None,
    "base_model": None, "lora": True, "allow_download": False,
}
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
