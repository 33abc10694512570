"""evaluate-rm, torch implementation: test accuracy and reward statistics of a model, plus the
quality of admitted pseudo-labels when the pool's hidden labels are given."""
import os
import sys

# No install step: the SDK and torch_common are found in steps/sdk-py and steps/lib.
_STEPS = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [os.path.join(_STEPS, "sdk-py"), os.path.join(_STEPS, "lib")]

from ser_flow_sdk import StepInputError, run_step  # noqa: E402


def evaluate_model(ctx):
    from torch_common.admitted_metrics import compute_length_accuracy, compute_length_diff, compute_pseudo_label_precision  # noqa: PLC0415
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
    outputs = {**metrics, "test_pairs": len(test), "length_accuracy": compute_length_accuracy(test), "backend": get_backend_name(device), "implementation": "torch", "device": device_name}
    if inputs.get("admitted") is not None:
        files = inputs["admitted"] if isinstance(inputs["admitted"], list) else [inputs["admitted"]]
        admitted = [row for path in files for row in read_jsonl(path, "admitted", ("id", "chosen", "rejected"))]
        outputs["admitted"] = len(admitted)
        outputs["length_diff"] = compute_length_diff(admitted)
        if inputs.get("hidden_labels") and inputs.get("pool"):
            labels = {row["id"]: row["label"] for row in read_jsonl(inputs["hidden_labels"], "hidden_labels", ("id", "label"))}
            wrong = next((i for i, label in labels.items() if label not in ("a", "b")), None)
            if wrong is not None:
                raise StepInputError(f"{inputs['hidden_labels']}: pair {wrong!r} has label {labels[wrong]!r}; expected \"a\" or \"b\"")
            pool = {row["id"]: row for row in read_jsonl(inputs["pool"], "pool", ("id", "a", "b"))}
            outputs["pseudo_label_precision"] = compute_pseudo_label_precision(admitted, labels, pool)
        elif inputs.get("hidden_labels") or inputs.get("pool"):
            ctx.log("warn", "pseudo_label_precision needs both hidden_labels and pool; skipped")
    for name, value in outputs.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            ctx.metric(name, value)
    ctx.result(outputs)


if __name__ == "__main__":
    run_step(evaluate_model, requires=["torch"])
