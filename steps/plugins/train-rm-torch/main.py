"""train-rm, torch implementation: trains a pairwise reward model and writes model/ (docs/torch.md)."""
import os
import sys

# No install step: the SDK and torch_common are found in steps/sdk-py and steps/lib.
_STEPS = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [os.path.join(_STEPS, "sdk-py"), os.path.join(_STEPS, "lib")]

from ser_flow_sdk import StepInputError, run_step  # noqa: E402


def train_reward_model(ctx):
    import torch  # noqa: PLC0415 - imported after the SDK picked a Python that has it

    from torch_common.device import get_backend_name, select_device  # noqa: PLC0415
    from torch_common.jsonl import read_pairs  # noqa: PLC0415
    from torch_common.model_dir import load_model, save_model  # noqa: PLC0415
    from torch_common.options import normalize_train_options  # noqa: PLC0415
    from torch_common.train_loop import remove_checkpoint, train_pairs  # noqa: PLC0415

    options = normalize_train_options(ctx.inputs, ctx.seed)
    torch.manual_seed(options["seed"])
    device, bf16, device_name = select_device(options["backend"], ctx.log)
    ctx.log("info", f"torch {torch.__version__} on {device_name}{' (bf16 autocast)' if bf16 else ''}")
    pairs = read_pairs(options["train"], "train")
    if not pairs:
        raise StepInputError(f"input `train`: {options['train']} has no pairs; train-rm needs at least one")
    dev = read_pairs(options["dev"], "dev") if options["dev"] else None
    model = _make_model(options, pairs, device, load_model)
    ctx.log("info", f"{options['model']} reward model, {sum(p.numel() for p in model.module.parameters()):,} parameters, {len(pairs)} pairs")
    summary = train_pairs(model, pairs, dev, options, ctx, bf16)
    if summary is None:
        return
    folder = os.path.join(ctx.output_dir, "model")
    training = {key: options[key] for key in ("loss", "margin", "center_coef", "epochs", "batch_size", "lr", "weight_decay", "warmup_ratio")}
    save_model(folder, model, get_backend_name(device), {**training, "pairs": len(pairs), "device": device_name, "final_loss": summary["final_loss"]})
    remove_checkpoint(ctx.output_dir)
    ctx.artifact("model", folder)
    ctx.result({
        "model": folder,
        "backend": get_backend_name(device),
        "implementation": "torch",
        "device": device_name,
        "train_pairs": len(pairs),
        "final_loss": summary["final_loss"],
        "dev_accuracy": summary["dev_accuracy"],
        "pairs_per_second": summary["pairs_per_second"],
    })


def _make_model(options, pairs, device, load_model):
    """A warm start from init_model (its own tokenizer), else a fresh model."""
    if options["init_model"]:
        model, config = load_model(options["init_model"], device, "init_model", trainable=True)
        if config["architecture"] != options["model"]:
            raise StepInputError(
                f"input `init_model` is a {config['architecture']} model but `model` is {options['model']}; "
                "make them agree or drop init_model"
            )
        return model
    if options["model"] == "hf":
        from torch_common.hf_model import HfRewardModel  # noqa: PLC0415 - transformers is optional

        return HfRewardModel.build(options, device)
    from torch_common.word_model import WordRewardModel  # noqa: PLC0415

    return WordRewardModel.build(options, pairs, device)


if __name__ == "__main__":
    run_step(train_reward_model, requires=["torch"])
