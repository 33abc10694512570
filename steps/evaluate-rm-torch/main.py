"""evaluate-rm, torch implementation: test accuracy and reward statistics of a model, plus the
quality of admitted pseudo-labels when the pool's hidden labels are given."""
import os
import sys

# No install step: the SDK and torch_common are found next to this plugin, in steps/.
_STEPS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(_STEPS, "sdk-py"), _STEPS]

from ser_flow_sdk import run_step  # noqa: E402


def evaluate_model(ctx):
    from torch_common.admitted_metrics import compute_length_diff, compute_pseudo_label_precision  # noqa: PLC0415
    from torch_common.device import get_backend_name, select_device  # noqa: PLC0415
    from torch_common.jsonl import read_jsonl, read_pairs  # noqa: PLC0415
    from torch_common.metrics import compute_pair_metrics  # noqa: PLC0415
    from torch_common.model_dir import load_model  # noqa: PLC0415
    from torch_common.scoring import score_pairs  # noqa: PLC0415

    inputs = ctx.inputs
    device, bf16, device_name = select_device(inputs.get("backend"), ctx.log)
    model, _ = load_model(inputs["model"], device)
    test = read_pairs(inputs["test"], "test")
    metrics = compute_pair_metrics(*score_pairs(model, test, "chosen", "rejected", bf16=bf16))
    admitted = read_jsonl(inputs["admitted"], "admitted", ("id", "chosen", "rejected")) if inputs.get("admitted") else []
    precision = None
    if admitted and inputs.get("hidden_labels"):
        labels = {row["id"]: row["label"] for row in read_jsonl(inputs["hidden_labels"], "hidden_labels", ("id", "label"))}
        pool = {row["id"]: row for row in read_jsonl(inputs["pool"], "pool", ("id", "a", "b"))} if inputs.get("pool") else {}
        precision = compute_pseudo_label_precision(admitted, labels, pool)
        if precision is None:
            ctx.log("warn", "pseudo_label_precision: no admitted pair could be matched to a hidden label and its pool a/b texts")
    for name, value in metrics.items():
        ctx.metric(f"test_{name}", value)
    ctx.result({
        **metrics,
        "test_pairs": len(test),
        "pseudo_label_precision": precision,
        "admitted": len(admitted),
        "length_diff": compute_length_diff(admitted),
        "backend": get_backend_name(device),
        "implementation": "torch",
        "device": device_name,
    })


if __name__ == "__main__":
    run_step(evaluate_model, requires=["torch"])
