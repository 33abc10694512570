"""The `model/` folder train-rm writes: config.json (architecture, tokenizer, implementation, backend) + weights."""
import json
import os

from ser_flow_sdk import StepInputError

from .jsonl import write_json

IMPLEMENTATION = "torch"
FORMAT = 1


def read_model_config(folder, what="model"):
    """Reads config.json and checks that this (torch) implementation made the model."""
    path = os.path.join(folder, "config.json")
    if not os.path.isfile(path):
        raise StepInputError(f"input `{what}`: {folder} is not a model folder (no config.json); pass the `model` output of train-rm")
    try:
        with open(path, encoding="utf-8") as handle:
            config = json.load(handle)
    except json.JSONDecodeError as error:
        raise StepInputError(f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from error
    made_by = config.get("implementation")
    if made_by != IMPLEMENTATION:
        raise StepInputError(
            f"input `{what}`: {folder} was made by the {made_by or 'unknown'} implementation of train-rm "
            f"(config.json implementation: {made_by!r}); the torch implementation reads only torch models. "
            f"Fix: score it with `implementation: {made_by}` on this state, or train it with `implementation: torch`"
        )
    return config


def load_model(folder, device, what="model"):
    config = read_model_config(folder, what)
    if config["architecture"]["model"] == "hf":
        from .hf_model import HfRewardModel  # noqa: PLC0415 - transformers is optional

        return HfRewardModel.load(folder, config, device), config
    from .word_model import WordRewardModel  # noqa: PLC0415

    return WordRewardModel.load(folder, config, device), config


def save_model(folder, model, backend, extra=None):
    """Weights first, config.json last: a folder with config.json is complete."""
    os.makedirs(folder, exist_ok=True)
    saved = model.save(folder)
    config = {"format": FORMAT, "implementation": IMPLEMENTATION, "backend": backend, **saved, **(extra or {})}
    write_json(os.path.join(folder, "config.json"), config)
    return config
