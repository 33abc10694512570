"""The `model/` folder train-rm writes: config.json (format, implementation, backend, architecture,
tokenizer, weights index) beside the weights. Same format as the TF.js implementation."""
import json
import os
import shutil

from ser_flow_sdk import StepInputError

from .jsonl import write_json
from .word_model import MODEL_FORMAT

IMPLEMENTATION = "torch"
# Made by the TF.js implementation with an architecture this one mirrors parameter for parameter.
_READABLE_FOREIGN = {("tfjs", "bag"), ("tfjs", "linear"), ("tfjs", "transformer")}


def read_model_config(folder, what="model"):
    """Reads config.json and checks this implementation can load the model."""
    path = os.path.join(folder, "config.json")
    if not os.path.isfile(path):
        raise StepInputError(f"input `{what}`: {folder} is not a model folder (no config.json); pass the `model` output of train-rm")
    try:
        with open(path, encoding="utf-8") as handle:
            config = json.load(handle)
    except json.JSONDecodeError as error:
        raise StepInputError(f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from error
    if config.get("format") != MODEL_FORMAT or config.get("version") != 1:
        raise StepInputError(f"{path}: not a ser-flow reward model (expected format {MODEL_FORMAT!r}, version 1)")
    made_by, architecture = config.get("implementation"), config.get("architecture")
    if made_by != IMPLEMENTATION and (made_by, architecture) not in _READABLE_FOREIGN:
        raise StepInputError(
            f"input `{what}`: {folder} holds a {architecture} model made by implementation {made_by!r}, which the torch "
            f"implementation cannot load. Fix: use `implementation: {made_by}` on this state, or retrain with implementation: torch"
        )
    return config


def load_model(folder, device, what="model", trainable=False):
    """(model, config.json) of a torch-made model, or of a TF.js-made bag/transformer.
    `trainable` matters for LoRA adapters, which load frozen unless they are to be trained further."""
    config = read_model_config(folder, what)
    if config["architecture"] == "hf":
        from .hf_model import HfRewardModel  # noqa: PLC0415 - transformers is optional

        return HfRewardModel.load(folder, config, device, trainable), config
    from .word_model import WordRewardModel  # noqa: PLC0415

    return WordRewardModel.load(folder, config, device), config


def save_model(folder, model, backend, training=None):
    """Writes into a sibling temp folder, then renames it into place: readers never see half a model."""
    temp = folder + ".tmp"
    shutil.rmtree(temp, ignore_errors=True)
    os.makedirs(temp)
    described = model.save(temp)
    config = {"format": MODEL_FORMAT, "version": 1, "implementation": IMPLEMENTATION, "backend": backend, **described}
    if training:
        config["training"] = training
    write_json(os.path.join(temp, "config.json"), config)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(temp, folder)
    return config
